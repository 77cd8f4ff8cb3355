"""A customer's ease said as a harm or a trouble denied: "wouldn't kill anyone", "isn't the
end of the world", "No complaints there." A negation whose scope is the harm itself plays
the harm down; it is no resistance to the answer."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_LAUNDRY = (
    "T: Morning Mrs Achebe, it's Tom from Freshfold, about linen for your guest house.",
    "C: Morning. My worry is that a late van leaves us with no clean sheets on a Saturday.",
    "T: No clean sheets on changeover day would be a nightmare. If the van is late we send a "
    "courier with a spare set within two hours, and that's written into the contract.",
)


@pytest.mark.parametrize(
    ("reaction", "eased"),
    [
        ("C: Two hours? Well, that wouldn't kill anyone.", True),
        ("C: Hm, a two-hour wait isn't the end of the world, I suppose.", True),
        ("C: Right. A late van wouldn't be a disaster then.", True),
        ("C: I guess that's not too terrible.", True),
        ("C: A spare set within two hours wouldn't hurt us much.", True),
        ("C: Okay. No complaints there.", True),
        # near misses: the harm said, not denied; denied and then told; or a decline
        ("C: A two-hour wait would kill us on a Saturday.", False),
        ("C: It isn't the end of the world, it's the end of my business.", False),
        ("C: I won't bother, thanks.", False),
        ("C: We've had no complaints about our current laundry.", False),
    ],
)
def test_a_harm_denied_eases_the_concern(reaction: str, eased: bool) -> None:
    result = grade(*_LAUNDRY, reaction, "T: I'll send over the contract this afternoon.")
    verdict = result.verdict("objection_handling", "customer_reassured")
    assert (verdict == "passed") is eased
