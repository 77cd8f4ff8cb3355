"""The step put off by a count of weeks, months or years, whatever the count ("Ask me
again in ten years.", "Sure, in five years maybe."), is no commitment, as "in a few
months" is not; a yes that names its day, or a count that is about something else, stays
a yes."""

from __future__ import annotations

import pytest

from .support import assert_commits_to_nothing, reply_to_proposal

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "reply",
    [
        "C: Great idea. Ask me again in ten years.",
        "C: Sure, in five years maybe.",
        "C: Yeah, lovely, ring me in 18 months.",
    ],
)
def test_a_yes_put_off_by_any_count_of_time_commits_to_nothing(reply: str) -> None:
    assert_commits_to_nothing(reply_to_proposal(reply))


@pytest.mark.parametrize(
    "reply",
    [
        "C: Monday at eight's fine, we're refitting the shop in ten weeks anyway.",
        "C: Yes, Monday at eight. The glass was put in five years ago.",
    ],
)
def test_a_yes_with_its_day_stays_a_yes(reply: str) -> None:
    assert reply_to_proposal(reply).commitment_secured
