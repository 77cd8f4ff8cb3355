"""A customer served already — content with who they use, already having a supplier, covered
for the need, years with the same firm — gives a reason not to buy though they refuse
nothing in so many words: a concern, which the trainee can handle and be credited for.
Contentment with what the seller offers, a neutral fact about a supplier and the
customer's own plan to switch are none."""

from __future__ import annotations

import pytest

from sessionhub.grader.graders import dialogue as d
from sessionhub.grader.grading.schemas import GradeResult

from .support import customer_said, grade

pytestmark = pytest.mark.unit


_said = customer_said


@pytest.mark.parametrize(
    "line",
    [
        # the lead's
        "To be honest we're happy with the lads we use now.",
        "We're happy with our current supplier.",
        "We already have a supplier, thanks.",
        "We've been with the same company for ten years.",
        "Honestly we're sorted for cleaning.",
        # written after the rule
        "We're loyal to our usual printers, if I'm honest.",
        "Our bookkeeper does a grand job for us.",
        "We've got somebody who looks after all that.",
        "We use a small family firm and they're brilliant.",
        "We've had the same accountant since my father's day.",
        "We're quite happy where we are, thanks.",
        "We're well stocked for napkins till spring.",
    ],
)
def test_being_served_already_is_a_concern_said_without_a_refusal(line: str) -> None:
    assert d.concern_level(_said(line)) == 1


@pytest.mark.parametrize(
    "line",
    [
        # the lead's
        "Happy with Tuesday.",
        "Our current supplier delivers on Mondays.",
        "We already use your competitor's filters but want to switch.",
        "That sorts it, thanks.",
        "Happy to have a look.",
        # written after the rule
        "We're happy with the samples you sent over.",
        "We already have the brochure you posted, thank you.",
        "I've got a chap coming Tuesday to measure up.",
        "We're all set for the visit on Thursday.",
        "I've been with the company for nine years.",
        "We use a local firm at the moment.",
    ],
)
def test_a_look_alike_raises_no_concern(line: str) -> None:
    assert not d.is_concern(_said(line))


@pytest.mark.parametrize(
    ("line", "concern"),
    [
        # contentment with what the seller put to them: its worry word names what suits
        ("We're happy with that price.", False),
        ("I'm fine with the cost.", False),
        ("Yes, happy with your price.", False),
        # ... not with what they pay now, and not negated
        ("We're happy with the price we pay now.", True),
        ("We're not happy with that price.", True),
        ("We're happy with that price, but the delivery charge is too much.", True),
    ],
)
def test_contentment_with_the_offer_is_no_concern(line: str, concern: bool) -> None:
    assert d.is_concern(_said(line)) is concern


def test_a_complaint_about_the_supplier_is_not_read_as_contentment() -> None:
    # the same words negated are the reason to look elsewhere, not to stay
    assert not d.served_elsewhere(
        "we're not happy with our current supplier", ["we're", "not", "happy"]
    )


# --------------------------------------------------------------------------- the call

_OPENING = (
    "T: Hi, this is Sam from Brightpane window cleaning. How's business?",
    "C: Just the two offices. To be honest we're happy with the lads we use now.",
)


def _objection(result: GradeResult, check: str) -> str:
    return result.verdict("objection_handling", check)


def test_handling_a_customer_served_already_is_credited() -> None:
    result = grade(
        *_OPENING,
        "T: Glad to hear they're doing a good job. What do you like most about them?",
        "C: They turn up when they say, mostly.",
        "T: Makes sense. If they ever let you down, we guarantee a same-week visit and we'd "
        "match their price.",
        "C: Fair enough, that's good to know.",
    )
    for check in ("acknowledges_concern", "explores_concern", "answers_concern"):
        assert _objection(result, check) == "passed", check
    assert _objection(result, "customer_reassured") == "passed"
    # gladness at their good news takes the line up
    assert result.verdict("rapport", "responsive") == "passed"


def test_a_pitch_past_a_customer_served_already_handles_nothing() -> None:
    result = grade(
        *_OPENING,
        "T: We have cleaned windows across the county since 1998, with a fleet of vans.",
        "C: Right. Like I said, we have people.",
    )
    assert _objection(result, "acknowledges_concern") == "failed"
    assert _objection(result, "answers_concern") != "passed"


def test_content_with_their_own_people_is_no_yes_to_a_visit() -> None:
    result = grade(
        "T: Hi Dana, Sam from Brightpane. Could I pop round Tuesday at ten to quote?",
        "C: We're fine with the lads we use, thanks.",
        "T: Great, see you Tuesday at ten.",
    )
    assert not result.commitment_secured
    assert result.verdict("closing", "commitment") != "passed"


def test_the_price_found_fine_is_no_concern_left_unhandled() -> None:
    result = grade(
        "T: Morning Mrs Baines, Kit from Crispfold Laundry, about the towels for your spa.",
        "C: Morning. What would it cost us?",
        "T: Thirty-five pence a towel, collected and returned the same day.",
        "C: I'm fine with the cost.",
        "T: Shall I bring samples on Tuesday at ten?",
        "C: Tuesday at ten is fine.",
    )
    assert _objection(result, "acknowledges_concern") == "undecided"


# ----------------------------------------------- served by the way things are doing


@pytest.mark.parametrize(
    ("line", "concern"),
    [
        ("Thing is, the spreadsheet works fine for us as it is.", 1),
        ("Honestly we get by the way things are.", 1),
        ("The old boiler does the job as it stands.", 1),
        # the step agreed, or the offer liked as the seller put it
        ("Tuesday works fine for us.", 0),
        ("That works for me as it is, send it over.", 0),
    ],
)
def test_the_way_things_are_doing_is_being_served_already(line: str, concern: int) -> None:
    assert d.concern_level(_said(line)) == concern


def test_handling_a_customer_whose_way_works_is_credited() -> None:
    result = grade(
        "T: Morning, Sam from Tallyup, we do cloud bookkeeping for small builders.",
        "C: Thing is, the spreadsheet works fine for us as it is.",
        "T: If the spreadsheet does the job, switching must feel like hassle for nothing. What "
        "takes longest at the month end? We can run a free thirty-day trial alongside your "
        "spreadsheet so nothing changes till you're sure.",
        "C: Alongside it, so nothing's lost? Fair enough, that sounds sensible.",
    )
    for check in ("acknowledges_concern", "explores_concern", "answers_concern"):
        assert _objection(result, check) == "passed", check
