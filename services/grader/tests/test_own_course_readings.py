"""A bare refusal, then the customer's own plan, read by its form: "No." (or "Nope,",
"Nah mate.", "No thanks.") answering the proposal, and then what the customer will do
instead — somewhere else, by their own hands, or if they ever need the trainee. The
"I'll" of that plan is no yes: no commitment, no earnings, no praise. A "no" that
answers another question, or a no that opens agreement, stays what it was."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit

_VET = (
    "T: Hello Mrs Okafor, it's Priya from Meadowside Vets.",
    "C: Oh hello. Is this about Biscuit's jabs?",
    "T: It is, his booster's due. Could Dr Lund see him on Monday at nine?",
)
_ROOFER = (
    "T: Afternoon Mr Heale, Tomasz from Ridgeway Roofing, you rang about the leak.",
    "C: Aye, water's coming through the back bedroom ceiling.",
    "T: Sounds like a cracked slate. Let's get Kofi up there on Wednesday at eight to patch it.",
)
_SEATS = (
    "T: Hi Ruth, Dev from Tallyhouse, following up on the trial.",
    "C: Hi. The team liked the expense screens.",
    "T: Great to hear. Shall I switch your five seats over to the paid plan on Friday at ten?",
)
_FLORIST = (
    "T: Morning Gina, Lou from Petal and Stem, about flowers for the hotel lobby.",
    "C: Morning. We change them every week.",
    "T: We do a weekly lobby arrangement. Could I drop the first one round on Tuesday at seven?",
)


def _praised_for_a_yes(result: GradeResult) -> bool:
    return any(
        f.kind == "strength" and f.check in ("commitment", "confirms") for f in result.feedback
    )


def _assert_refused(result: GradeResult) -> None:
    assert result.verdict("closing", "commitment") == "failed"
    assert result.verdict("closing", "confirms") != "passed"
    assert not result.commitment_secured
    assert result.virtual_earnings == 0
    assert not _praised_for_a_yes(result)


def _assert_yes(result: GradeResult) -> None:
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured


_DIARY = "T: Lovely, I'll put that in the diary."


@pytest.mark.parametrize(
    ("call", "reply", "agreed"),
    [
        # a bare no, then the customer's own plan: elsewhere, by their own hands, if ever
        pytest.param(_VET, "C: Nope. We'll take him to the clinic in Fenwick.", False, id="rival"),
        pytest.param(_ROOFER, "C: Nope, we'll get the lad next door to do it.", False, id="comma"),
        pytest.param(_ROOFER, "C: No. I'll patch it myself.", False, id="own-hands"),
        pytest.param(_ROOFER, "C: Nah mate. My brother-in-law does roofs.", False, id="kin"),
        pytest.param(_SEATS, "C: No thanks. We'll stay with Ledgerly.", False, id="incumbent"),
        pytest.param(
            _SEATS, "C: Not for us. We can keep going with the spreadsheet.", False, id="make-do"
        ),
        pytest.param(
            _FLORIST, "C: Nah, love. I'll give you a bell if we're ever short.", False, id="if"
        ),
        pytest.param(_FLORIST, "C: No, sorry. I'll let you know.", False, id="vague"),
        pytest.param(_SEATS, "C: Nah. We'll be fine.", False, id="own-state"),
        pytest.param(_ROOFER, "C: No, we're good.", False, id="own-state-comma"),
        pytest.param(
            _FLORIST,
            "C: No thanks, we're sorted. We'll keep buying from the market.",
            False,
            id="sorted",
        ),
        # a no that opens agreement, turns back to the step, or is none
        pytest.param(_VET, "C: No worries, Monday at nine's grand.", True, id="no-worries"),
        pytest.param(_ROOFER, "C: No problem. Put us down for it.", True, id="no-problem"),
        pytest.param(_ROOFER, "C: No, no, that's perfect, see you then.", True, id="no-no"),
        pytest.param(
            _FLORIST, "C: Not Tuesday. Wednesday at seven I can do.", True, id="other-day"
        ),
        pytest.param(_ROOFER, "C: No. I'll be in all morning.", True, id="being-there"),
        pytest.param(_ROOFER, "C: No, I'm fine with that.", True, id="fine-with-it"),
        pytest.param(_VET, "C: No. Go on then, book him in.", True, id="changes-mind"),
    ],
)
def test_what_follows_a_bare_no_decides_the_commitment(
    call: tuple[str, ...], reply: str, agreed: bool
) -> None:
    result = grade(*call, reply, _DIARY)
    if agreed:
        _assert_yes(result)
    else:
        _assert_refused(result)


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        # whether anything stands in the way: a "no" clears it
        pytest.param(
            "T: Anything that might stop you getting up to the loft on the day?",
            "C: No. We'll shift the boxes out of the way.",
            id="anything-stopping",
        ),
        # a detail of the visit, not the visit
        pytest.param(
            "T: Should Kofi bring his own ladder?",
            "C: No. We'll leave ours against the shed for him.",
            id="detail",
        ),
    ],
)
def test_a_no_to_another_question_stays_a_yes(question: str, reply: str) -> None:
    call = (*_ROOFER[:-1], f"{_ROOFER[-1]} {question[3:]}")
    _assert_yes(grade(*call, reply, _DIARY))


def test_a_no_to_whether_they_mind_stays_a_yes() -> None:
    _assert_yes(
        grade(
            *_VET[:-1],
            "T: It is, his booster's due. Would you mind if Dr Lund saw him Monday at nine?",
            "C: No. I'll bring his blanket along.",
            _DIARY,
        )
    )
