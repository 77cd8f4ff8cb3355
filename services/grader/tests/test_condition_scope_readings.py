"""A negation inside the condition a customer puts on their reaction ("As long as it
doesn't …, we'd be alright") is the condition's: what they say of the offer is the main
clause, and a main clause of agreement eases the concern."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_GYM = (
    "T: Hi Ms Varga, Dev from Liftwell, about the equipment lease for your studio.",
    "C: Hi. I'm worried a broken treadmill would sit there for weeks like last time.",
    "T: A dead treadmill for weeks would annoy your members, I get it. Any breakdown is "
    "fixed or the machine swapped within two working days, and that's in the lease.",
)


@pytest.mark.parametrize(
    ("reaction", "eased"),
    [
        ("C: As long as it doesn't happen every month, I think we'd be alright.", True),
        ("C: Well if it isn't weeks any more, then that sounds fine.", True),
        ("C: That works for me, so long as nobody has to chase you.", True),
        # near misses: the main clause negates, or resists after the condition
        ("C: If it doesn't happen every month, I still wouldn't sign.", False),
        ("C: As long as it's in the lease, fine, but I doubt you'll keep to it.", False),
        ("C: Even if it's two days, that doesn't work for us.", False),
    ],
)
def test_a_negation_inside_a_condition_does_not_resist(reaction: str, eased: bool) -> None:
    result = grade(
        *_GYM,
        reaction,
        "T: Shall I hold the lease papers for Thursday?",
        "C: Let me talk it over with my partner first.",
    )
    verdict = result.verdict("objection_handling", "customer_reassured")
    assert (verdict == "passed") is eased
