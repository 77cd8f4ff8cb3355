""" "Your problem" and "your loss" are rude only as a retort, a clause of their own ("Fine,
your loss.", "That's your problem, not mine."): the same words as the object of help or
sympathy ("We can solve your problem.", "I'm so sorry for your loss.") are courteous. The
retort pattern had matched the words anywhere, so a condolence was marked rude and the
staple "we can solve your problem" lost the courtesy check."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPENING = "T: Good morning, it's Abel from Northgate Funeral Flowers."
_TOLD = "C: Morning. It's been a hard week, my father died on Tuesday."


@pytest.mark.parametrize(
    "reply",
    [
        "T: I'm so sorry for your loss. Would you rather I rang another day?",
        "T: Sorry about your loss, that must be very hard.",
        "T: We can solve your problem with a same-day wreath.",
        "T: I understand your problem. We can deliver tomorrow.",
        "T: Let me help with your problem.",
        "T: Your problem is the timing, and we can meet it.",
        "T: It's your problem we're here to take off your hands.",
    ],
)
def test_help_or_sympathy_is_courteous(reply: str) -> None:
    result = grade(_OPENING, _TOLD, reply, "C: Thank you.")
    assert result.verdict("rapport", "courteous") == "passed"


@pytest.mark.parametrize(
    "reply",
    [
        "T: Fine, your loss.",
        "T: That's your problem, not mine.",
        "T: It's your loss really.",
        "T: Well, your problem.",
        "T: Your loss, mate.",
        "T: Okay, your loss!",
    ],
)
def test_retort_is_rude(reply: str) -> None:
    result = grade(_OPENING, _TOLD, reply, "C: Excuse me?")
    assert result.verdict("rapport", "courteous") == "failed"
