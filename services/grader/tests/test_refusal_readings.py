"""Refusals worded as agreement, read by their form: agreement words and then, in the same
turn, the step refused, its premise gone, or the agreement undone; none of them is a
commitment, earns anything or draws closing praise. A real yes in the same place, caveat
and all, stays a yes."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit

_OPEN = (
    "T: Hi Noor, Ilse from Tidewell Kiln Servicing.",
    "C: Hello.",
    "T: How often does the big kiln trip out?",
    "C: Every other firing, it ruins a whole shelf of bowls.",
    "T: That's a lot of lost work. Could our engineer recalibrate it on Thursday at ten?",
)
_CONFIRM = "T: Lovely, Thursday at ten, he'll bring the thermocouples."


def _call(reply: str, *after: str) -> GradeResult:
    return grade(*_OPEN, reply, _CONFIRM, *after)


def _praised_for_a_yes(result: GradeResult) -> bool:
    return any(
        f.kind == "strength" and f.check in ("commitment", "confirms") for f in result.feedback
    )


def _assert_yes(result: GradeResult) -> None:
    assert result.verdict("closing", "commitment") == "passed"
    assert result.commitment_secured


def _assert_no_yes(result: GradeResult, yes: GradeResult) -> None:
    assert result.verdict("closing", "commitment") != "passed"
    assert result.verdict("closing", "confirms") != "passed"
    assert not result.commitment_secured
    assert result.virtual_earnings < yes.virtual_earnings
    assert not _praised_for_a_yes(result)
    assert result.closing_score < yes.closing_score


_YES = "C: Thursday at ten works, see you then."


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(
            "C: Thursday at ten's fine. Only use the side gate, the front's padlocked.",
            id="caveat-gate",
        ),
        pytest.param(
            "C: Lovely, Thursday at ten. Just isn't any parking on the lane, mind.",
            id="caveat-parking",
        ),
        pytest.param(
            "C: Thursday's grand. We're closing down the old studio, come to the one by the quay.",
            id="premise-moved",
        ),
        pytest.param(
            "C: Thursday at ten's a dream, honestly. I'll leave the yard open.",
            id="never-dream",
        ),
        pytest.param(
            "C: Thursday at ten's grand. Thursday's when we cancel the old contract, so your "
            "timing's spot on.",
            id="hostile-rival",
        ),
    ],
)
def test_a_yes_with_a_practical_caveat_stays_a_yes(reply: str) -> None:
    _assert_yes(_call(reply, "C: Mm."))


@pytest.mark.parametrize(
    "reply",
    [
        # the offer's fit denied, or the visit's premise gone
        pytest.param(
            "C: Thursday at ten sounds lovely, it all sounds lovely. Just isn't for us this "
            "year, the kiln limps along.",
            id="not-for-us",
        ),
        pytest.param(
            "C: Oh, Thursday's perfect, come by. Only the studio's closing for good at the end "
            "of the month, you'll find it boarded up.",
            id="premise-closing",
        ),
        pytest.param(
            "C: Aye, grand, Thursday at ten, jot it down. Only the pottery's sold, the new "
            "owners take the keys next week.",
            id="premise-sold",
        ),
        # a time that never comes
        pytest.param(
            "C: Thursday, lovely, I'll put the kettle on. When pigs grow wings, sunshine.",
            id="never-pigs",
        ),
        pytest.param(
            "C: Oh aye, Thursday at ten, bring biscuits. Over my dead body, that is.",
            id="never-dead-body",
        ),
        # the agreed time named as the moment of an act against the trainee's firm
        pytest.param(
            "C: Thursday at ten's grand. Thursday at ten's when I phone the bank to cancel "
            "your standing order, as it happens.",
            id="hostile-bank",
        ),
        pytest.param(
            "C: Ten on Thursday, fine. That's the morning we report you to the guild, pet.",
            id="hostile-report",
        ),
    ],
)
def test_a_yes_taken_back_in_the_same_turn_is_no_yes(reply: str) -> None:
    _assert_no_yes(_call(reply, "C: Mm."), _call(_YES, "C: Mm."))


@pytest.mark.parametrize(
    ("reply", "after"),
    [
        pytest.param(
            "C: Thursday at ten, fine.", "C: You weren't listening at all, were you.", id="unheard"
        ),
        pytest.param(
            "C: Aye, Thursday at ten.", "C: Say hello to the bolted gate for me.", id="locked-door"
        ),
    ],
)
def test_a_yes_waved_off_after_the_confirmation_is_no_yes(reply: str, after: str) -> None:
    _assert_no_yes(_call(reply, after), _call(_YES, "C: Mm."))


@pytest.mark.parametrize(
    "after",
    [
        pytest.param("C: You do that, and mind the step by the kiln shed.", id="you-do-that"),
        # said by customers who had just said yes as often as by those who had not
        pytest.param("C: You do that, sunshine.", id="bare-you-do-that"),
        pytest.param("C: I never agreed to the dearer thermocouples, mind.", id="a-detail"),
    ],
)
def test_a_yes_followed_by_a_practical_word_stays_a_yes(after: str) -> None:
    _assert_yes(_call("C: Thursday at ten, fine.", after))


_BOOKED = "T: Perfect, Thursday at ten, locked in, the invite's on its way."


@pytest.mark.parametrize(
    "question",
    [
        pytest.param("C: Does your engineer recalibrate glaze ovens as well?", id="other-wares"),
        pytest.param("C: What would recalibrating it set me back, roughly?", id="price"),
    ],
)
def test_a_booking_the_trainee_sets_down_over_a_question_is_no_yes(question: str) -> None:
    booked = grade(*_OPEN, question, _BOOKED)
    _assert_no_yes(booked, _call(_YES, "C: Mm."))
    _assert_yes(grade(*_OPEN, question, _BOOKED, "C: Smashing, see you Thursday."))


def test_a_booking_after_the_question_is_answered_stays_a_yes() -> None:
    _assert_yes(
        grade(
            *_OPEN,
            "C: What would recalibrating it set me back, roughly?",
            "T: Eighty pounds, parts included. Thursday at ten, locked in.",
        )
    )
