"""Being with a supplier said with the verb glued on ("We're with Telco and they're fine")
is being served already.

"We are with Telco and they're fine" was read as served elsewhere, but the contracted
"we're with" and "I'm with" were not, so the customer's loyalty raised nothing. Being
"with you on that" names no supplier and is none. Written for these tests, not taken
from either evaluation set.
"""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d

from .support import customer_said

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "line",
    [
        "We're with Telco and they're fine.",
        "I'm with Brightside and they've been great.",
        "We're with Harlows and honestly we're happy with them.",
    ],
)
def test_being_with_a_supplier_who_suits_them_is_being_served(line: str) -> None:
    assert d.concern_level(customer_said(line)) == 1


def test_being_with_the_seller_on_a_point_is_not() -> None:
    assert d.concern_level(customer_said("We're with you on that and it's fine.")) == 0
