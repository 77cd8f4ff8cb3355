"""What a customer's reply to a clear proposal decides, read by its form: an "I'll …" whose
verb leaves the decision to someone else, to thought or to a later call is a stall, not a
yes; an "I'll …" that acts on the step stays a yes. An order that books the customer in
("pencil it in"), "that'll do", and a negated objection to the step ("can't see why not")
are a yes; the same words about something else are not."""

from __future__ import annotations

import pytest

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = (
    "C: Harbourside Dental, Priya speaking.",
    "T: Hi Priya, Tomasz from ClearSlate Signage. Have you got a minute?",
    "C: A quick one.",
    "T: How do patients find the practice from the car park at the moment?",
    "C: They mostly don't, half of them ring the front desk lost.",
    "T: A lit sign at the car park entrance sorts that for most practices. Could our fitter "
    "measure up on Friday at ten?",
)

# (reply, whether it agrees to the visit)
_REPLIES = [
    ("I'd have to clear it with the practice manager first.", False),
    ("We'll need to put it to the partners.", False),
    ("I've got to ask my husband, he owns the building.", False),
    ("Let me have a word with the dentists.", False),
    ("I'll speak to the landlord and come back to you.", False),
    ("I'll mull it over.", False),
    ("Sounds handy, I'll sleep on it.", False),
    ("I must see how the budget looks after March.", False),
    ("We'll give it some thought and ring you back.", False),
    ("I'll show my wife the brochure and bell you back.", False),
    ("Friday at ten looks free. I'll have to run it past the owner though.", False),
    ("Good question, I'll have to check.", False),
    ("Sounds good, put it in writing and I'll decide.", False),
    # an "I'll" that acts on the step
    ("I'll be here.", True),
    ("Friday at ten. I'll see you then.", True),
    ("Friday's fine, I'll have the coffee on.", True),
    ("Fine, I'll tell reception to expect him.", True),
    ("Friday at ten works, I'll ask the caretaker to unlock the car park.", True),
    ("Go on then, we'll see how it goes.", True),
    ("Sure, I'll speak to you Friday.", True),
    ("Friday suits, I'll unlock the side door and ring you back to confirm.", True),
    ("Friday's fine, I'll check the car park's open for him.", True),
    ("Yes, and I'll decide where the sign goes when he's here.", True),
    # an order that books the customer in, the offer found enough, a negated objection
    ("Pop us in for then.", True),
    ("Right, pencil it in.", True),
    ("Stick my name down.", True),
    ("Go on, sign us up.", True),
    ("That'd do nicely.", True),
    ("I don't see why not.", True),
    ("There's no reason not to, is there.", True),
    ("Well, you can't argue with that.", True),
    ("Honestly? Can't fault it.", True),
    # ... and the same words that say no, or speak of something else
    ("Put me down as a maybe.", False),
    ("That'll do nothing for the lost ones.", False),
    ("No reason to, they find us eventually.", False),
    ("Can't complain, the diary's full as it is.", False),
    ("The diary's full as it is, can't complain about that.", False),
    ("Where would we fit it in?", False),
]


@pytest.mark.parametrize(("reply", "agrees"), _REPLIES)
def test_the_reply_to_a_proposal_decides_the_commitment(reply: str, agrees: bool) -> None:
    result = grade(*_OPEN, f"C: {reply}", "T: Thanks, Priya.")
    assert result.commitment_secured is agrees
    assert (result.verdict("closing", "commitment") == "passed") is agrees
