"""A concern the customer talks through themselves while the trainee only goes along
("Okay.", "Yeah, exactly."): the customer's ease is their own doing, not the trainee's
handling, and earns no credit for reassuring them."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_RACKING = (
    "T: Hi Rana, Mick from Tidyfleet Van Racking, about shelving for your vans.",
    "C: My worry is the racking will rattle every time the vans go over a bump.",
)
_EASED = "C: Fine then, I'm happy with that."


@pytest.mark.parametrize(
    "lines",
    [
        (
            "T: Okay.",
            "C: Actually I read your racks sit on rubber mounts with a guarantee against "
            "rattles, so that's sorted I suppose.",
            "T: Yeah, right.",
        ),
        (
            "T: Mm.",
            "C: Mind you, my foreman says the rubber mounts on yours stop any rattle, so "
            "it's fine.",
            "T: Yeah, exactly.",
        ),
        (
            "T: Sure, sure.",
            "C: Oh, the brochure says they're rubber mounted, never mind.",
            "T: Yep.",
        ),
    ],
)
def test_a_concern_the_customer_eases_themselves_earns_no_reassurance(
    lines: tuple[str, ...],
) -> None:
    result = grade(*_RACKING, *lines, _EASED)
    assert result.verdict("objection_handling", "customer_reassured") == "undecided"
    assert not any(
        f.kind == "strength" and f.criterion == "objection_handling" for f in result.feedback
    )


@pytest.mark.parametrize(
    "reply",
    [
        # the trainee's own answer, the acknowledgement, the question: their handling
        "T: Every rack sits on rubber mounts, and we guarantee them against rattles for life.",
        "T: A rattle on every bump would drive anyone mad. Ours sit on rubber mounts.",
        "T: Is it the current shelving that rattles, or are you thinking of the new vans?",
    ],
)
def test_the_trainee_s_own_handling_keeps_its_credit(reply: str) -> None:
    result = grade(*_RACKING, reply, "C: Rubber mounts, good.", "T: Yes.", _EASED)
    assert result.verdict("objection_handling", "customer_reassured") == "passed"
