"""Sarcastic acknowledgements read by their form: a mock acknowledgement takes nothing up,
earns no praise, and scores below the same call with a sincere one in its place; a
sincere line in nearly the same words stays sincere."""

from __future__ import annotations

import pytest

from sessionhub.grader.grading.schemas import GradeResult

from .support import grade

pytestmark = pytest.mark.unit


def _call(opening: str, told: str, reply: str, reaction: str = "C: Hm.") -> GradeResult:
    return grade(opening, told, reply, reaction)


def _praised(result: GradeResult, criterion: str) -> bool:
    return any(f.kind == "strength" and f.criterion == criterion for f in result.feedback)


def _assert_mock(mock: GradeResult, sincere: GradeResult) -> None:
    assert mock.verdict("rapport", "acknowledges") != "passed"
    assert not _praised(mock, "rapport")
    assert mock.rapport_score < sincere.rapport_score


def _assert_sincere(result: GradeResult) -> None:
    assert result.verdict("rapport", "acknowledges") == "passed"
    assert result.verdict("rapport", "courteous") == "passed"


# ------------------------------------------------------- mock surprise at the expected

_FLORIST = "T: Hi Jen, Omar from Stemline wholesale flowers."
_SOLD_OUT = "C: Our red roses sold out by noon on Valentine's Day, again."


@pytest.mark.parametrize(
    "reply",
    [
        "T: Roses selling out on Valentine's Day, who could ever have guessed. We deliver "
        "twice a day.",
        "T: Red roses gone on Valentine's Day, who'd ever have seen that coming. We deliver "
        "twice a day.",
        "T: Sold out of roses on Valentine's Day, who would possibly have predicted it. We "
        "deliver twice a day.",
    ],
)
def test_surprise_at_the_expected_with_an_adverb_in_the_frame_is_mock(reply: str) -> None:
    sincere = _call(
        _FLORIST,
        _SOLD_OUT,
        "T: Red roses gone by noon on Valentine's Day, that's a lot of missed sales. We "
        "deliver twice a day.",
    )
    _assert_sincere(sincere)
    _assert_mock(_call(_FLORIST, _SOLD_OUT, reply), sincere)


# ----------------------------------------------- the customer's rebuke names the levity

_PESTS = "T: Hi Dev, Priya from Clearpest."
_DROPPINGS = "C: We found mouse droppings behind the flour sacks again this week."
_QUIP = "T: Mice behind the flour, they clearly know where the good stuff is. We do visits."


@pytest.mark.parametrize(
    "rebuke",
    [
        "C: It's not funny. Can you come this week?",
        "C: Look, it isn't a joke. Can you come this week?",
        "C: There's no need to be smart. Can you come this week?",
    ],
)
def test_a_rebuke_of_levity_takes_the_acknowledgement_away(rebuke: str) -> None:
    sincere = _call(
        _PESTS,
        _DROPPINGS,
        "T: Droppings near the flour again, that's a real worry with food stored there. We "
        "do visits.",
        "C: Can you come this week?",
    )
    _assert_sincere(sincere)
    mock = _call(_PESTS, _DROPPINGS, _QUIP, rebuke)
    _assert_mock(mock, sincere)
    assert mock.verdict("rapport", "courteous") == "failed"


@pytest.mark.parametrize(
    "reaction",
    [
        # what is not funny follows in the same sentence: no rebuke
        "C: It's not funny how often it happens. Can you come this week?",
        # "no joke" says the trouble is hard: agreement, not a rebuke
        "C: It's no joke, I tell you. Can you come this week?",
    ],
)
def test_not_funny_about_the_trouble_is_no_rebuke(reaction: str) -> None:
    result = _call(
        _PESTS,
        _DROPPINGS,
        "T: Droppings near the flour again, that's a real worry with food stored there. We "
        "do visits.",
        reaction,
    )
    _assert_sincere(result)


# --------------------------------------------- mock alarm at a scale past the trouble

_PLUMBER = "T: Hi Sal, Jo from Pipewise plumbing."
_DRIP = "C: The tap in the staff kitchen has been dripping since Monday."


@pytest.mark.parametrize(
    "reply",
    [
        "T: A dripping tap, quick, alert the prime minister. We fix taps same day.",
        "T: A dripping tap since Monday, somebody ring the papers. We fix taps same day.",
        "T: A dripping tap, the whole county will be in mourning. We fix taps same day.",
        "T: A dripping tap, somebody call the news. We fix taps same day.",
        "T: A dripping tap since Monday, alert the media. We fix taps same day.",
    ],
)
def test_an_authority_or_a_nation_called_in_for_a_small_trouble_is_mock(reply: str) -> None:
    sincere = _call(
        _PLUMBER,
        _DRIP,
        "T: A dripping tap since Monday, that's annoying and it wastes water. We fix taps "
        "same day.",
    )
    _assert_sincere(sincere)
    _assert_mock(_call(_PLUMBER, _DRIP, reply), sincere)


@pytest.mark.parametrize(
    ("told", "reply"),
    [
        (
            "C: We lost all the stock when the freezer failed overnight.",
            "T: Oh no, what a nightmare, losing all that stock. We repair freezers.",
        ),
        # the police called in after a break-in is advice, not alarm
        (
            "C: Someone forced the back door of the shop last night.",
            "T: A forced door overnight, that's horrible, I hope you could ring the police. "
            "We fit door locks.",
        ),
        # the seller offering to bring the media in is their service, not alarm
        (
            "C: We're opening the new bakery on Saturday and nobody knows yet.",
            "T: A new bakery, lovely, we can tell the media and get you in the paper. We do "
            "launch events.",
        ),
    ],
)
def test_sincere_dismay_stays_sincere(told: str, reply: str) -> None:
    _assert_sincere(_call(_PLUMBER, told, reply))


# ---------------------------------------------------- ironic praise of the outdated

_STOCKTAKE = "T: Hi Ben, Ula from Tapcount stock software."
_ON_PAPER = "C: We still count the bar stock on paper every Sunday."


@pytest.mark.parametrize(
    "reply",
    [
        "T: How wonderfully modern of you, they'll want you in a museum. Tapcount scans "
        "bottles in seconds.",
        "T: Paper, so refreshingly modern, straight out of the Stone Age. Tapcount scans "
        "bottles in seconds.",
    ],
)
def test_an_old_way_praised_as_modern_and_sent_to_the_past_is_mock(reply: str) -> None:
    sincere = _call(
        _STOCKTAKE,
        _ON_PAPER,
        "T: Paper every Sunday, that's a long job after a busy weekend. Tapcount scans "
        "bottles in seconds.",
    )
    _assert_sincere(sincere)
    _assert_mock(_call(_STOCKTAKE, _ON_PAPER, reply), sincere)


def test_a_museum_of_the_customers_own_is_no_relic() -> None:
    _assert_sincere(
        _call(
            _STOCKTAKE,
            "C: Our museum still logs every visitor on paper.",
            "T: Very modern of the museum to keep paper logs that long. Tapcount scans tickets.",
        )
    )
