"""A title's full stop ("Mr.", "Mrs.", "Ms.", "Dr.") ends no sentence: the name after it
belongs to the sentence the title opens, so an introduction that starts with a greeting
and a title still answers "who's this?"."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders.dialogue import sentences

from .support import grade

pytestmark = pytest.mark.unit


def test_a_title_keeps_its_name_in_the_sentence() -> None:
    parts = [s.text for s in sentences("Afternoon, Mrs. Baptiste, it's Dwayne here. Is now okay?")]
    assert parts == ["Afternoon, Mrs. Baptiste, it's Dwayne here.", "Is now okay?"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("We saw Dr. Patel last week. Ms. Ortiz came too.", 2),
        ("Thanks, Dr.", 1),  # a title closing the line closes the sentence
        ("Call me Mr. Grumpy if you like. I'm busy.", 2),
        ("Ask the mrs. she knows.", 2),  # no capitalised name follows: a full stop
    ],
)
def test_other_full_stops_still_end_sentences(text: str, count: int) -> None:
    assert len(sentences(text)) == count


def test_an_introduction_after_a_greeting_and_a_title_answers_who_is_calling() -> None:
    result = grade(
        "C: Yeah, who's this?",
        "T: Afternoon, Mrs. Baptiste, it's Dwayne from Harbour Pianos. Is now okay, or are "
        "you teaching?",
        "C: Lessons start at six, so go ahead. What is it?",
        "T: Your colleague Ruth said the upright in hall two has gone flat since the spring "
        "concert.",
        "C: Flat? It sounds like a saloon piano. The tuner we used retired in March.",
        "T: So nobody's tuned it since March, with the summer recital coming up. How many "
        "weeks do you have?",
        "C: Five.",
    )
    rapport = next(d for d in result.details if d.criterion == "rapport")
    responsive = next(c for c in rapport.checks if c.id == "responsive")
    assert responsive.verdict == "passed"
