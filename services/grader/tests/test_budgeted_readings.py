"""A cost set against what the customer budgeted is a concern: "way over what we budgeted".

"Over budget" was read, but a price put above what the customer had set aside in the verb
("Forty dollars a head is way over what we budgeted", "a bit above what I'd budgeted")
raised nothing, so the trainee who met it had no concern handled. A budget told or met
("We budgeted forty a head and that's fine", "it came in under what we budgeted") is
none. Written for these tests, not taken from either evaluation set.
"""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said, grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "line",
    [
        "Forty dollars a head is way over what we budgeted.",
        "That's more than we budgeted for the whole year.",
        "It's a bit above what I'd budgeted, honestly.",
    ],
)
def test_a_cost_over_what_was_budgeted_is_a_concern(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 2


@pytest.mark.parametrize(
    "line",
    ["We budgeted forty a head and that's fine.", "It came in under what we budgeted, thanks."],
)
def test_a_budget_told_or_met_is_none(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 0


def test_the_budget_worry_met_is_handled() -> None:
    result = grade(
        "T: Hi Carla, Nate from Ember Catering, about the company picnic.",
        "C: Forty dollars a head is way over what we budgeted.",
        "T: Understood, a picnic shouldn't blow the budget. What number were you working to?",
        "C: Twenty-five, tops.",
        "T: A taco bar instead of the grill plates comes in at twenty-four a head.",
        "C: Oh nice, the team would like that.",
    )
    assert result.verdict("objection_handling", "explores_concern") == "passed"
    assert result.verdict("objection_handling", "answers_concern") == "passed"
