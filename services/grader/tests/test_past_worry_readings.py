"""Narrow readings a word-by-word reading gets wrong: "which firm is this?" mid-call, a bare
"Of course." on the way past the customer, and a past worry declared over."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

# ------------------------------------------- "which firm is this?" asked mid-call

_SKIPS = (
    "T: Morning, is that Mrs Faraday at the Anchor Inn? It's about the skip for your yard.",
    "C: Yes. We're clearing out the old cellar next week, there's a mountain of junk.",
    "T: A whole cellar's worth is a big job. We hire out eight-yard skips by the week.",
)


@pytest.mark.parametrize(
    ("asked", "reply", "taken_up"),
    [
        ("C: Who did you say you're with?", "T: I'm with Tipton Skip Hire, we're local.", True),
        ("C: Sorry, which firm is this?", "T: Jo from Tipton Skip Hire, on the ring road.", True),
        ("C: Who are you with?", "T: Jo Marsh, Tipton Skip Hire.", True),
        ("C: Sorry, what company did you say?", "T: Tipton Skip Hire, it's Jo.", True),
        ("C: Which firm is this?", "T: Our skips come with a lockable lid.", False),
    ],
)
def test_naming_the_firm_answers_which_firm_is_calling(
    asked: str, reply: str, taken_up: bool
) -> None:
    result = grade(*_SKIPS, asked, reply)
    verdict = result.verdict("rapport", "responsive")
    assert (verdict == "passed") is taken_up
    if not taken_up:
        assert verdict == "failed"


# ------------------------------------ a bare "Of course." on the way past the customer

_PRINTING = (
    "T: Hello, Mr Varga? Petra from Inkwell Print, about flyers for the restaurant.",
    "C: Yes. Sorry, I've got a delivery driver at the back door waiting to be signed for.",
)


@pytest.mark.parametrize(
    ("reply", "acknowledged"),
    [
        ("T: Of course. The flyers are glossy and come in packs of five hundred.", False),
        ("T: Of course. Lots of restaurants print their menus with Inkwell.", False),
        ("T: Of course, I'll let you go. Might I try you again at four?", True),
        ("T: Of course. A driver at the door comes first.", True),
        ("T: Of course. I'll be quick, then: glossy flyers, five hundred a pack.", True),
    ],
)
def test_a_bare_of_course_before_carrying_on_acknowledges_nothing(
    reply: str, acknowledged: bool
) -> None:
    result = grade(*_PRINTING, reply, "C: Right.", "T: Thanks for your time, Mr Varga.")
    assert (result.verdict("rapport", "acknowledges") == "passed") is acknowledged


# ------------------------------------ a worry named in the past and declared over

_DRIVEWAY = (
    "T: Good morning Mrs Okoro, Femi from Stonecraft Driveways, about resurfacing your drive.",
    "C: Morning. My worry is the mess, I run a childminding business from the house.",
    "T: Mess around little ones is a real worry. We fence the drive off, sweep every evening "
    "and finish in two days. Is there anything else holding you back?",
)


@pytest.mark.parametrize(
    ("reaction", "eased"),
    [
        ("C: The mess was my only worry, and you've dealt with it.", True),
        ("C: The mess was the big worry, and that's gone.", True),
        ("C: The mess was what worried me, and you've answered it.", True),
        ("C: The mess was the big worry, and it still is.", False),
        ("C: The mess was my only worry, and you haven't dealt with it.", False),
        ("C: The mess was the big worry, but the price has gone up since last year.", False),
    ],
)
def test_a_worry_named_in_the_past_and_declared_over_is_ease(reaction: str, eased: bool) -> None:
    result = grade(*_DRIVEWAY, reaction)
    assert (result.verdict("objection_handling", "customer_reassured") == "passed") is eased
