"""The offline grader says "I couldn't find X" only when nothing in the call could be X.

Its detectors credit a move only in a form they recognise; a move worded otherwise is
not proof that the trainee did not make it. Each check that claims an absence has a
recall-oriented probe: when some line could be the move by its form, the check is
undecided (no credit, no advice, listed in the notes) instead of failed. These
transcripts are written for these tests, not taken from either evaluation set.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from sessionhub.common.rubric import SEED_CRITERIA
from sessionhub.grader.evaluation.schemas import Adversarial, Pair, load, transcript
from sessionhub.grader.graders import offline
from sessionhub.grader.grading.schemas import GradeResult

from .support import GRADER, claims, golden, grade
from .test_eval_sets import EVAL, GOLDEN

pytestmark = pytest.mark.unit


def assert_undecided_without_claim(result: GradeResult, criterion: str, check: str) -> None:
    assert result.verdict(criterion, check) == "undecided"
    assert not claims(result, criterion, check)
    assert any(f"{criterion}.{check}" in note for note in result.notes)


def assert_absence_claimed(lines: Sequence[str], criterion: str, check: str) -> None:
    """The check fails on ``lines`` with the claim that the move was not found."""
    answer = GRADER.assess(transcript(list(lines))).answers[(criterion, check)]
    assert answer.verdict == "failed"
    assert answer.improvement is not None
    assert "I couldn't find" in answer.improvement


def test_an_unrecognised_greeting_later_in_the_opening_is_undecided() -> None:
    result = grade(
        "T: Is that the site office for the Harbour Street build?",
        "C: It is, who's calling?",
        "T: Apologies, Lena from Corvid Roofing, we spoke at the trade fair.",
        "C: Oh right, the coatings people.",
    )
    assert_undecided_without_claim(result, "rapport", "greeting")


def test_a_greeting_worded_unlike_the_detector_is_undecided() -> None:
    result = grade(
        "T: Howdy Sam, Corvid Roofing calling about your flat roof.",
        "C: Go on, I have a few minutes.",
    )
    assert_undecided_without_claim(result, "rapport", "greeting")


def test_a_call_opening_straight_with_a_pitch_is_told_so() -> None:
    result = grade(
        "T: we sell roofing coatings for flat roofs.",
        "C: Okay.",
        "T: the coating lasts twenty years.",
    )
    assert result.verdict("rapport", "greeting") == "failed"
    assert any("I couldn't find a greeting" in t for t in claims(result, "rapport", "greeting"))


def test_an_acknowledgement_without_shared_words_is_undecided() -> None:
    result = grade(
        "T: Hello, Lena from Corvid Roofing.",
        "C: Our last contractor left puddles all over the warehouse floor.",
        "T: Nobody should have to mop up after a repair.",
        "C: Exactly.",
    )
    assert_undecided_without_claim(result, "rapport", "acknowledges")


@pytest.mark.parametrize(
    "reply",
    [
        "T: Our coatings come in white and grey.",
        "T: Besides roofs we also do gutters, skylights and solar mounts.",
    ],
)
def test_a_reply_about_the_sellers_side_is_told_so(reply: str) -> None:
    result = grade(
        "T: Hello, Lena from Corvid Roofing.",
        "C: Our last contractor left puddles all over the warehouse floor.",
        reply,
        "C: Fine.",
    )
    assert result.verdict("rapport", "acknowledges") == "failed"
    assert claims(result, "rapport", "acknowledges")


CONCERN = "C: I'm worried the install shuts down the kitchen for days."


def test_a_closed_question_about_a_concern_in_other_words_is_undecided() -> None:
    result = grade(
        "T: Hi, Omar from Fairline Ovens.",
        CONCERN,
        "T: Are lunch services the busiest part for you?",
        "C: Yes, lunch is everything.",
    )
    assert_undecided_without_claim(result, "objection_handling", "explores_concern")


def test_a_concern_answered_without_any_question_is_told_so() -> None:
    lines = ["T: Hi, Omar from Fairline Ovens.", CONCERN, "T: Our ovens are the best.", "C: Hm."]
    answer = GRADER.assess(transcript(lines)).answers[("objection_handling", "explores_concern")]
    assert answer.verdict == "failed"
    assert answer.improvement is not None
    assert "I couldn't find a question about the concern" in answer.improvement


def test_a_proposal_opening_with_a_wh_word_is_undecided_not_missing() -> None:
    result = grade(
        "T: Hi, Omar from Fairline Ovens.",
        "C: We might replace the combi oven this spring.",
        "T: When suits you for a walkthrough of the kitchen, Thursday or Friday?",
        "C: Thursday suits.",
    )
    assert result.verdict("closing", "proposes_next_step") != "failed"
    assert not claims(result, "closing", "proposes_next_step")


def test_a_call_that_leaves_the_next_step_to_the_customer_is_told_so() -> None:
    result = grade(
        "T: Hi, Omar from Fairline Ovens.",
        "C: We might replace the combi oven this spring.",
        "T: Sure, let me know whenever you're ready.",
        "C: Will do.",
    )
    assert result.verdict("closing", "proposes_next_step") == "failed"
    assert claims(result, "closing", "proposes_next_step")


def _golden_and_tuning() -> list[list[str]]:
    calls = [
        [f"{'T' if x.speaker == 'trainee' else 'C'}: {x.text}" for x in golden(p.stem)]
        for p in sorted(GOLDEN.glob("*.json"))
    ]
    for item in load(EVAL / "tuning.jsonl"):
        if isinstance(item, Pair):
            calls += [item.strong.lines, item.weak.lines]
        elif isinstance(item, Adversarial):
            calls.append(item.lines)
    return calls


def test_probes_change_claims_never_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undecided earns nothing, like failed: no score, pass or earnings moves with it."""
    calls = _golden_and_tuning()
    with_probes = [GRADER.grade(transcript(c)) for c in calls]
    monkeypatch.setattr(offline, "PROBES", {})
    without = [GRADER.grade(transcript(c)) for c in calls]
    for a, b in zip(with_probes, without, strict=True):
        assert [getattr(a, f"{c}_score") for c in SEED_CRITERIA] == [
            getattr(b, f"{c}_score") for c in SEED_CRITERIA
        ]
        assert (a.overall_score, a.virtual_earnings, a.commitment_secured) == (
            b.overall_score,
            b.virtual_earnings,
            b.commitment_secured,
        )
    assert any(a.feedback != b.feedback for a, b in zip(with_probes, without, strict=True))


def test_every_absence_claim_has_no_candidate_line() -> None:
    for lines in _golden_and_tuning():
        conv = offline.d.read(transcript(lines))
        facts = offline.analyse(conv, "en")
        for key, probe in offline.PROBES.items():
            answer = offline.decide(key, facts)
            if answer.verdict == "failed" and answer.absent:
                assert probe(facts) is None, (key, lines)


@pytest.mark.parametrize(
    "reaction",
    [
        # an answer to the trainee's question, not to the answer
        "I've no idea, the bookkeeper handles that side.",
        # the customer coming round, worded with a negation and a worry word
        "Hm, I hadn't looked at it like that. Our bookkeeper would love it, she hates paper.",
    ],
)
def test_a_reaction_that_is_not_plainly_negative_makes_no_resistance_claim(
    reaction: str,
) -> None:
    result = grade(
        "T: Hi Rosa, Imke from Ledgerleaf, about the invoicing app you looked at.",
        "C: The monthly fee worries me, we're a small shop.",
        "T: A small shop watching the fee makes sense. The starter tier is nine a month for "
        "up to fifty invoices. Do you send more than fifty?",
        f"C: {reaction}",
    )
    assert_undecided_without_claim(result, "objection_handling", "customer_reassured")


@pytest.mark.parametrize(
    "reaction",
    [
        "No, nine a month is still a fee we don't need.",
        "Sure, but we can't justify nine a month.",
        "I'm not interested, thanks.",
    ],
)
def test_a_plainly_negative_reaction_still_fails_reassurance(reaction: str) -> None:
    result = grade(
        "T: Hi Rosa, Imke from Ledgerleaf, about the invoicing app you looked at.",
        "C: The monthly fee worries me, we're a small shop.",
        "T: A small shop watching the fee makes sense. The starter tier is nine a month for "
        "up to fifty invoices.",
        f"C: {reaction}",
    )
    assert result.verdict("objection_handling", "customer_reassured") == "failed"


# A proposal with a day and time, to which each test gives its own reply.
SIGN_OFFER = (
    "T: Hi Jo, Kit from Brightwell Signs, about the shop sign.",
    "C: The old sign is fading badly.",
    "T: Faded signs cost walk-ins. Could our fitter measure up on Thursday at ten?",
)


@pytest.mark.parametrize(
    "reply", ["I don't mind.", "Can't see why that wouldn't work.", "I wouldn't say no."]
)
def test_a_negation_that_need_not_be_a_no_makes_no_refusal_claim(reply: str) -> None:
    result = grade(*SIGN_OFFER, f"C: {reply}")
    assert_undecided_without_claim(result, "closing", "commitment")


@pytest.mark.parametrize(
    "reply",
    ["No, we don't need one.", "Thursday doesn't work for me.", "Sounds lovely, but no."],
)
def test_a_plain_no_is_still_a_refusal(reply: str) -> None:
    result = grade(*SIGN_OFFER, f"C: {reply}")
    assert result.verdict("closing", "commitment") == "failed"
