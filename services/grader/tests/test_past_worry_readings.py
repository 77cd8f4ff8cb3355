"""Narrow readings of lines a word-by-word reading gets wrong: the customer asking mid-call
which firm is calling, ..."""

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
