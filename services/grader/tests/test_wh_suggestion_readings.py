"""A wh-question that puts a step up for the customer's view proposes it: "Why don't we
give it a go for a month?", "Why not let us fit one on trial?", "How would you feel about
a trial?", "What do you say to a quick site visit?", "How does a quick visit sound?". The
same openings asking after the customer's past, present or views propose nothing."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("line", "proposes"),
    [
        ("Why don't we give it a go for a month?", True),
        ("Why not let us fit one on trial?", True),
        ("How do you feel about us sending an engineer out?", True),
        ("What would you say to a quick site visit?", True),
        ("How does a quick visit sound?", True),
        # near misses: the customer's lot, past or view asked after
        ("How do you feel about your current supplier?", False),
        ("How does your delivery work?", False),
        ("What would you say is the main problem?", False),
        ("How would you feel if the cream spoiled again?", False),
        ("Why did the last engineer not fix it?", False),
        ("What did you say to the last engineer who came?", False),
    ],
)
def test_a_wh_question_putting_a_step_up_proposes_it(line: str, proposes: bool) -> None:
    assert d.sentences(line)[0].is_proposal is proposes
