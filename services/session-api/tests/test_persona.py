"""The offline persona script and the clean-up of model output."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sessionhub.common.llm import LLMOutputError
from sessionhub.sessions.persona import (
    DEFAULT_SCENARIO,
    PersonaBrief,
    clean_line,
    offline_opening,
    offline_reply,
)

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers

BRIEF = PersonaBrief(
    "Title", "The WiFi in room 12 does not work. Guest is angry.", "Remote worker", "Sam"
)


class TestOfflineScript:
    def test_opening_is_deterministic_and_mentions_the_scenario(self) -> None:
        assert offline_opening(BRIEF) == offline_opening(BRIEF)
        assert ": The WiFi in room 12 does not work. " in offline_opening(BRIEF)

    @pytest.mark.parametrize("persona", [f"Persona {i}" for i in range(12)])
    @pytest.mark.parametrize("scenario", ["SSE check", "iPhone upgrade. Urgent!"])
    def test_opening_keeps_the_scenarios_case(self, scenario: str, persona: str) -> None:
        opening = offline_opening(replace(BRIEF, scenario=scenario, persona=persona))
        first = scenario.split(".")[0]
        assert f": {first}. " in opening, opening

    @pytest.mark.parametrize("persona", [f"Persona {i}" for i in range(12)])
    @pytest.mark.parametrize("scenario", ["", DEFAULT_SCENARIO])
    def test_opening_without_a_scenario_quotes_nothing(self, scenario: str, persona: str) -> None:
        brief = replace(BRIEF, scenario=scenario, persona=persona)
        opening = offline_opening(brief)
        assert ":" not in opening, opening
        assert "prospect" not in opening, opening
        assert opening[0].isupper()
        assert opening.endswith(("?", "."))
        reply = offline_reply(replace(brief, transcript=(("persona", opening),)))
        assert ":" not in reply, reply
        assert "prospect" not in reply, reply

    def test_replies_move_through_the_script(self) -> None:
        transcript: tuple[tuple[str, str], ...] = (("persona", offline_opening(BRIEF)),)
        replies = []
        for question in ("What happened?", "I see.", "Can we fix it today?"):
            transcript += (("trainee", question),)
            reply = offline_reply(replace(BRIEF, transcript=transcript))
            replies.append(reply)
            transcript += (("persona", reply),)
        assert replies[0] == (
            "Good question. Well, the main thing is this: The WiFi in room 12 does not work. "
            "That's what I need sorted out."
        )
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
