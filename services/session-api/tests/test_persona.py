"""The offline persona script and the clean-up of model output."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sessionhub.common.llm import LLMOutputError
from sessionhub.sessions.persona import PersonaBrief, clean_line, offline_opening, offline_reply

BRIEF = PersonaBrief(
    "Title", "The WiFi in room 12 does not work. Guest is angry.", "Remote worker", "Sam"
)


class TestOfflineScript:
    def test_opening_is_deterministic_and_mentions_the_scenario(self) -> None:
        assert offline_opening(BRIEF) == offline_opening(BRIEF)
        assert "the WiFi in room 12 does not work" in offline_opening(BRIEF)

    def test_replies_move_through_the_script(self) -> None:
        transcript: tuple[tuple[str, str], ...] = (("persona", offline_opening(BRIEF)),)
        replies = []
        for question in ("What happened?", "I see.", "Can we fix it today?"):
            transcript += (("trainee", question),)
            reply = offline_reply(replace(BRIEF, transcript=transcript))
            replies.append(reply)
            transcript += (("persona", reply),)
        assert replies[0].startswith("Good question. Well, the main thing is")
        assert "price" in replies[1]
        assert not replies[1].startswith("Good question.")
        assert replies[2].startswith("Good question. Okay")


class TestCleanLine:
    def test_strips_quotes_and_caps_length(self) -> None:
        assert clean_line('  "Hello there."  ', 100) == "Hello there."
        assert clean_line("abcdef", 3) == "abc"

    def test_empty_output_is_unusable(self) -> None:
        with pytest.raises(LLMOutputError):
            clean_line('  ""  ', 100)
