""" "How are you …" asks after the customer only when nothing but how they are, or how their
day goes, follows it. Followed by what they do and to what ("How are you handling signage for
the new shop?", "How are things going with your current supplier?") it asks about their
situation: a discovery question, open, not small talk."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import sentences

pytestmark = pytest.mark.unit


def _pleasantry(text: str) -> bool:
    return any(s.is_pleasantry for s in sentences(text, trainee=True))


@pytest.mark.parametrize(
    "question",
    [
        "How are you handling signage for the new shop at the moment?",
        "How are you managing the deliveries since the depot closed?",
        "How are you getting on with the old copier?",
        "How are things going with your current supplier?",
        "How is it going with the new booking system?",
        "How are you doing for staff over the summer?",
        "So how are you keeping the stock cold overnight?",
    ],
)
def test_a_how_question_about_what_they_do_is_no_pleasantry(question: str) -> None:
    assert not _pleasantry(question)


@pytest.mark.parametrize(
    "question",
    [
        "How are you?",
        "How are you today?",
        "Hi Priya, how are you doing?",
        "How are you doing, Priya?",
        "How are you getting on?",
        "How are you keeping this morning?",
        "How are things going at your end?",
        "How's it going so far?",
        "How are you all doing over there?",
        "How are you doing these days, mate?",
        "How are you doing Priya?",
        "How are you keeping since we last spoke?",
    ],
)
def test_how_they_are_stays_a_pleasantry(question: str) -> None:
    assert _pleasantry(question)
