"""A question about the seller's side ("Did you know we're the biggest …?", "What would you
say if I told you our wraps …?", "Have you heard of Hivewarm?") asks the customer only
whether they knew the pitch, and a name check ("Hi, is that Jade?") only who is on the
line: neither is a question about the customer's business. A question about how the
customer does today what the offer is for, or what they would need from the seller, is
one, and a name check followed by such questions leaves them counted."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "lines",
    [
        (
            "T: Hi, is that Tom? It's Dev from Kennelklean, we make kennel disinfectant.",
            "C: Yes, Tom. We've got forty dogs boarding this week.",
            "T: Forty dogs is a full house. Did you know we're the biggest supplier in Wales?",
            "C: No.",
            "T: What would you say if I told you our spray kills parvo in one minute?",
            "C: I'd want to see it first.",
            "T: Could I send a sample on Monday?",
            "C: Fine.",
        ),
        (
            "T: Morning, am I speaking with Marco? Priya here from Glideedge blades.",
            "C: Yes, Marco. We open to the public at ten so I'm in and out.",
            "T: Would you be surprised to hear that our blades last twice as long?",
            "C: A bit. By the third week our ice is ridged near the boards.",
            "T: Ridged by the third week, right. Have you heard of Glideedge before?",
            "C: I hadn't. The figure skaters complain, the hockey lot don't care.",
            "T: Could I send a blade for a trial next Monday?",
            "C: Monday is fine.",
        ),
    ],
)
def test_questions_about_the_seller_or_the_name_are_no_business_questions(
    lines: tuple[str, ...],
) -> None:
    assert grade(*lines).verdict("discovery", "asks_questions") != "passed"


@pytest.mark.parametrize(
    "lines",
    [
        # how the customer does today what the offer is for
        (
            "T: Hi, it's Sam from Coolpath, we do refrigerated van hire.",
            "C: Hello. We run a fishmonger's, so I'm busy till noon.",
            "T: How do you keep the fish cold on deliveries today?",
            "C: Ice boxes in the back of our own van, topped up twice a morning.",
            "T: Twice a morning is a lot of ice. What happens to the ice boxes on the hot days?",
            "C: We lose a box or two, honestly.",
            "T: Could I show you a chilled van on Thursday?",
            "C: Thursday's fine.",
        ),
        # a name check with the department, then questions about the fleet
        (
            "T: Hello, is that Jade in accounts? I was told you handle the fleet.",
            "C: Yes, that's me, I look after the twelve vans.",
            "T: How do you book their servicing at the moment?",
            "C: Whichever garage can fit them in, it's chaos.",
            "T: Chaos how? What goes wrong most often?",
            "C: Vans sit off the road for days waiting for a slot.",
            "T: Could I send you our fleet plan on Monday?",
            "C: Fine.",
        ),
        # what the customer would need from the seller
        (
            "T: Hi, it's Lena from Printhaus, we supply ink for print shops.",
            "C: Right, we already have a supplier.",
            "T: Fair enough. What made you pick them?",
            "C: Price, mostly. They're cheap but slow.",
            "T: What would you need from us to make a switch worthwhile?",
            "C: Next-day delivery, honestly.",
            "T: Could I send a price list today?",
            "C: Go on.",
        ),
        # news of the customer's world in the same frame
        (
            "T: Hi, it's Lena from Printhaus, we supply ink for print shops.",
            "C: Right, we already have a supplier.",
            "T: Fair enough. Did you know the council is changing the rules on solvent inks?",
            "C: I heard something, we use a lot of solvent ink for the banners.",
            "T: How many banners do you print in a week?",
            "C: Thirty or so.",
            "T: Could I send a price list today?",
            "C: Go on.",
        ),
    ],
)
def test_questions_about_the_customers_side_still_count(lines: tuple[str, ...]) -> None:
    assert grade(*lines).verdict("discovery", "asks_questions") == "passed"
