"""Readings of a reply that leaves its verb to be understood from the customer's line
("I'm not very good with numbers." "Most people who run shops aren't."): a clause that
stops at its auxiliary can only be said back to what was just said, so it takes the line
up in no word of it. An auxiliary inside a clause that goes on is no such reply."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import grade, transcript

pytestmark = pytest.mark.unit

_OPEN = "T: Good morning, Rhea from Copperleaf Accounting, we do the books for small firms."
_TAIL = (
    "C: Okay, maybe.",
    "T: Could I send you a short proposal on Friday?",
    "C: Yes, Friday is fine.",
)


@pytest.mark.parametrize(
    ("reply", "elided"),
    [
        ("Most people who run shops aren't, that's what we're for.", True),
        ("Not many of us are, you're in good company.", True),
        ("I wouldn't either, honestly.", True),
        ("Who doesn't? That's what we're for.", True),
        # the auxiliary's verb is there, or there is none
        ("Most people who run shops are busy, that's what we're for.", False),
        ("We are the cheapest firm in the county.", False),
        ("Okay. We do payroll as well.", False),
    ],
)
def test_a_clause_stopping_at_its_auxiliary_is_elided(reply: str, elided: bool) -> None:
    conv = d.read(transcript([_OPEN, "C: I'm not very good with numbers.", f"T: {reply}"]))
    assert d.elides(conv.trainee[-1]) is elided


@pytest.mark.parametrize(
    ("reply", "taken"),
    [
        ("Most people who run shops aren't, that's what we're for.", True),
        ("Not many of us are, you're in good company.", True),
        ("We are the cheapest firm in the county.", False),
    ],
)
def test_an_elided_reply_takes_the_line_up(reply: str, taken: bool) -> None:
    result = grade(_OPEN, "C: I'm not very good with numbers, to be honest.", f"T: {reply}", *_TAIL)
    assert (result.verdict("rapport", "responsive") == "passed") is taken


@pytest.mark.parametrize(
    ("told", "reply", "acknowledged"),
    [
        ("Paperwork scares me, I left school at sixteen.", "Loads of good joiners did too.", True),
        ("I'm not very good with numbers, to be honest.", "Not many of us are.", True),
        # to a question the same form answers it; it says nothing back of their situation
        ("Do you do payroll as well as the books?", "Yes, we do.", False),
        ("I'm not very good with numbers, to be honest.", "Our software is rated top.", False),
    ],
)
def test_an_elided_reply_acknowledges_a_statement(
    told: str, reply: str, acknowledged: bool
) -> None:
    result = grade(_OPEN, f"C: {told}", f"T: {reply}", *_TAIL)
    assert (result.verdict("rapport", "acknowledges") == "passed") is acknowledged
