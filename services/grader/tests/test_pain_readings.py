"""A trouble of the customer's own, told in answer to the trainee's question about their
situation before anything was offered, is what the offer is for: no concern about it. A
worry, a cost, an earlier provider or attempt, the seller addressed, or a line after the
offer was put stays a concern."""

from __future__ import annotations

import pytest

from .support import claims, grade

pytestmark = pytest.mark.unit

_CONCERN_CHECKS = (
    "acknowledges_concern",
    "explores_concern",
    "answers_concern",
    "customer_reassured",
)


def _concern_read(*lines: str) -> bool:
    result = grade(*lines)
    return any(
        result.verdict("objection_handling", check) != "undecided" for check in _CONCERN_CHECKS
    )


# --------------------------------------------------------------------------- pain

_PAIN = {
    "own equipment and process": (
        "T: Good morning, this is Dana from Harbour Print. Am I speaking with the office manager?",
        "C: You are. Lisa.",
        "T: Thanks Lisa. Tell me a bit about how you handle printing at the moment.",
        "C: We've got two old copiers and we send big jobs out.",
        "T: Two copiers and outsourcing the big jobs. Roughly how often do the big jobs go out?",
        "C: Every couple of weeks. Brochures, mostly.",
        "T: And when they go out, what's the turnaround like?",
        "C: Slow. Five days sometimes.",
        "T: Five days is a long wait for brochures. What happens when a brochure is needed sooner?",
        "C: We panic, basically.",
        "T: Thanks, that's really helpful.",
    ),
    "their week": (
        "T: Hi, this is Sam from Keystone Insurance. How are you doing today?",
        "C: Honestly, not great. We had a break-in last week.",
        "T: I'm sorry to hear that. Was anyone hurt?",
        "C: No, thankfully. They took two laptops and the till.",
        "T: That's awful. How are you covered at the moment?",
        "C: We've got basic contents cover through the bank.",
    ),
    "an event dated to a period of theirs": (
        "T: Morning, it's Priya from Crumbline Ovens. How are things at the bakery?",
        "C: Not great. We had a power cut last night and lost the whole first bake.",
        "T: A whole bake gone, that hurts. What happens to the morning orders then?",
        "C: We ring round the cafes and apologise.",
    ),
}


@pytest.mark.parametrize("lines", _PAIN.values(), ids=_PAIN.keys())
def test_a_trouble_told_in_answer_to_discovery_is_no_concern(lines: tuple[str, ...]) -> None:
    result = grade(*lines)
    for check in _CONCERN_CHECKS:
        assert result.verdict("objection_handling", check) == "undecided"
        assert not claims(result, "objection_handling", check)


# --------------------------------------------------------------------------- a gap

# What they have not got or done yet, told when asked what they use: the gap the offer is
# for, nothing that went wrong.
_GAP = {
    "not sorted yet": (
        "T: Hi, this is Mel from Brightway Payroll. Have you got a minute?",
        "C: Go on then.",
        "T: What are you using for payroll at the moment?",
        "C: We haven't sorted it yet.",
        "T: Okay, so it's still open. How many staff are you paying?",
        "C: About twelve.",
    ),
    "not got one yet": (
        "T: Morning, it's Rob from Keyline Security. How are you?",
        "C: Fine thanks.",
        "T: What do you have for alarms at the moment?",
        "C: We haven't got one yet.",
        "T: Right. How big is the unit?",
        "C: Two floors.",
    ),
    "nobody found yet": (
        "T: Hi, it's Ana from Greenroot Gardens. Who looks after the grounds at the moment?",
        "C: Nobody yet, we haven't found anyone.",
        "T: Got it. How big is the garden?",
        "C: About half an acre.",
    ),
    "still not got round to it": (
        "T: Hi, it's Tess from Waveline Broadband. What are you using for internet in the "
        "new office?",
        "C: We still haven't got round to it, to be honest.",
        "T: When do you move in?",
        "C: Next month.",
    ),
}


@pytest.mark.parametrize("lines", _GAP.values(), ids=_GAP.keys())
def test_a_gap_told_in_answer_to_discovery_is_no_concern(lines: tuple[str, ...]) -> None:
    assert not _concern_read(*lines)


# --------------------------------------------------------------------------- near misses

_DISCOVERY = "T: Hi, it's Jo from Tallyworks. How do you run payroll at the moment?"

_CONCERNS = {
    "pain, then resistance": (
        "T: Hi, it's Ross from Presswell. What's the turnaround like on your big print jobs?",
        "C: Slow, five days. But honestly we can't afford anything new.",
        "T: Five days is a long wait. What would a faster turnaround be worth to you?",
        "C: Not much, if I'm honest.",
    ),
    "a bad experience with a provider of the seller's kind": (
        _DISCOVERY,
        "C: Spreadsheets. We tried an outsourced payroll firm two years ago and it was a disaster.",
        "T: A disaster with the last firm would put anyone off. What went wrong?",
        "C: Late payslips, mostly.",
    ),
    "an attempt told without an earlier-provider word": (
        "T: Hi, it's Ada from Lockstep. How do you take bookings for the rooms?",
        "C: By phone. Online booking lost us half our walk-ins when we trialled it.",
        "T: Half the walk-ins is a big loss. Which part put them off?",
        "C: The card form.",
    ),
    "an earlier provider, in a sentence dated to a period": (
        "T: Hi, it's Colm from Brightstep Cleaning. How do you keep the offices clean now?",
        "C: The cleaners we had before quit on us last month.",
        "T: Left in the lurch, that's hard. Who's doing it meanwhile?",
        "C: Me, mostly.",
    ),
    "a concern right after a pitch": (
        "T: Hi, it's Oren from Caskloop. We lease kegs with a tracker in every one. How do "
        "you keep tabs on yours now?",
        "C: A clipboard, and the landlords won't bother scanning anything.",
        "T: So scanning would be a chore for them. What do they do with empties now?",
        "C: Stack them by the bins.",
    ),
    "a worry about the offer told as their own state": (
        "T: Hi, it's Mina from Greenleaf Produce. How are things with your current supplier?",
        "C: Fine, honestly. I'd be nervous switching mid-season.",
        "T: Mid-season is a fair worry. What would you need to see first?",
        "C: A trial week.",
    ),
    "the seller addressed": (
        "T: Hi, it's Tom from Fastfreight. How do you order your stock at the moment?",
        "C: By phone, and your drivers turned up late twice last month.",
        "T: Late twice, I'm sorry. Which days were they?",
        "C: Both Mondays.",
    ),
    "a question about the earlier provider": (
        "T: Hi, it's Colm from Sootless Sweeps. How did the last sweep do?",
        "C: Not well, soot all over the rug.",
        "T: Soot on the rug is the last thing you want. Was it the whole rug?",
        "C: Mostly by the hearth.",
    ),
    "a question pointing back at an earlier attempt": (
        "T: Hi, it's Raj from Routeline. How do you track the vans now?",
        "C: We had a van tracker for a while.",
        "T: How did that go?",
        "C: It was a disaster, the drivers kept switching it off.",
        "T: Switched off, so you lost sight of them. Why did they do it?",
        "C: They felt watched.",
    ),
    "a gap told after the pitch": (
        "T: Hi, it's Mel from Brightway Payroll. We run payroll for small firms at five "
        "pounds a head, all in.",
        "C: Right.",
        "T: What are you using for payroll at the moment?",
        "C: We haven't sorted it yet.",
        "T: Okay. How many staff?",
        "C: Twelve.",
    ),
    "a gap left by an earlier attempt": (
        "T: Hi, it's Ana from Greenroot Gardens. Who looks after the grounds at the moment?",
        "C: We tried an agency but we haven't found anyone decent yet.",
        "T: Got it. How big is the garden?",
        "C: Half an acre.",
    ),
    "a gap left by an earlier provider": (
        "T: Hi, it's Colm from Brightstep Cleaning. How do you keep the offices clean now?",
        "C: The last cleaners quit and we still haven't replaced them.",
        "T: Left in the lurch. Who's doing it meanwhile?",
        "C: Me.",
    ),
    "a gap with a cost": (
        "T: Hi, it's Kit from Ledgerline Accounts. How do you handle your bookkeeping now?",
        "C: We haven't sorted it yet, we can't afford an accountant.",
        "T: Fair enough. How many invoices a month?",
        "C: Around forty.",
    ),
}


@pytest.mark.parametrize("lines", _CONCERNS.values(), ids=_CONCERNS.keys())
def test_resistance_stays_a_concern_whatever_was_asked(lines: tuple[str, ...]) -> None:
    assert _concern_read(*lines)
