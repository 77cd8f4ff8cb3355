"""The agreement harness on the tuning and the held-out set.

The tuning set is what grader development may look at, so its targets are asserted. The
held-out set is only measured here: its figures are printed (and reported by
``bench/grading_quality.py``), and a miss is a finding to report, never a reason to
change the set or to add the missed phrase to a rule.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sessionhub.common.rubric import DEFAULT_RUBRIC
from sessionhub.grader.evaluation.cli import build_cli, run_eval
from sessionhub.grader.evaluation.schemas import Adversarial, Pair, load
from sessionhub.grader.evaluation.service import evaluate, spearman
from sessionhub.grader.graders.llm import CheckAnswer, LLMChecks
from sessionhub.grader.graders.offline import OfflineGrader
from sessionhub.grader.grading.schemas import GradeResult, TranscriptLine
from sessionhub.testing.llm_server import Reply, ScriptedLLMServer

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers

EVAL = Path(__file__).parent / "eval"
GOLDEN = Path(__file__).parent / "golden"
KINDS = {
    "keyword_salad",
    "rude_questions",
    "injection_grader_vocabulary",
    "short_call",
    "persona_does_work",
    "sarcastic_acknowledgement",
    "refusal_in_agreement_words",
    "repeated_question",
    "non_english",
}


async def offline(lines: Sequence[TranscriptLine]) -> GradeResult:
    return OfflineGrader().grade(lines)


def _grams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _texts(items: Sequence[Pair | Adversarial], *, salads: bool = True) -> set[tuple[str, ...]]:
    grams: set[tuple[str, ...]] = set()
    for item in items:
        if isinstance(item, Pair):
            lines = item.strong.lines + item.weak.lines
        elif item.attack == "keyword_salad" and not salads:
            continue
        else:
            lines = item.lines + (item.baseline or [])
        for line in lines:
            grams |= _grams(line[2:])
    return grams


def test_held_out_set_is_complete() -> None:
    items = load(EVAL / "heldout.jsonl")
    pairs = Counter(i.criterion for i in items if isinstance(i, Pair))
    assert all(pairs[c] >= 10 for c in ("rapport", "discovery", "objection_handling", "closing"))
    assert {i.attack for i in items if isinstance(i, Adversarial)} == KINDS
    assert len({i.industry for i in items if isinstance(i, Pair)}) >= 8


def _golden() -> set[tuple[str, ...]]:
    golden: set[tuple[str, ...]] = set()
    for path in GOLDEN.glob("*.json"):
        for line in json.loads(path.read_text())["lines"]:
            golden |= _grams(line["text"])
    return golden


def test_no_phrase_overlap_between_the_sets() -> None:
    held_out = _texts(load(EVAL / "heldout.jsonl"), salads=False)
    # Only the shared phrases may reach a failure message, never the held-out set's own.
    shared = sorted(held_out & _texts(load(EVAL / "tuning.jsonl")))
    assert not shared
    shared = sorted(held_out & _golden())
    assert not shared


def test_second_held_out_set_is_complete_and_apart() -> None:
    """heldout2, written by someone who never read the grader, shares no phrase with the rest."""
    items = load(EVAL / "heldout2.jsonl")
    pairs = Counter(i.criterion for i in items if isinstance(i, Pair))
    assert all(pairs[c] == 8 for c in ("rapport", "discovery", "objection_handling", "closing"))
    assert {i.attack for i in items if isinstance(i, Adversarial)} == KINDS
    industries = {i.industry for i in items if isinstance(i, Pair)}
    assert len(industries) == 16
    assert not industries & {
        i.industry for i in load(EVAL / "heldout.jsonl") if isinstance(i, Pair)
    }
    checks = set(DEFAULT_RUBRIC.check_ids())
    assert all(set(i.strong.did) <= checks for i in items if isinstance(i, Pair))
    second = _texts(items, salads=False)
    others = _texts(load(EVAL / "tuning.jsonl")) | _texts(load(EVAL / "heldout.jsonl")) | _golden()
    shared = sorted(second & others)
    assert not shared


# Later sets name some kinds apart or shorter; each still stands for an issue-9 kind.
KIND_OF = {
    "injection_trainee": "injection_grader_vocabulary",
    "injection_persona": "injection_grader_vocabulary",
    "injection": "injection_grader_vocabulary",
    "irrelevant_questions": "rude_questions",
    "sarcasm": "sarcastic_acknowledgement",
    "agreement_refusal": "refusal_in_agreement_words",
    "refusal_in_agreement": "refusal_in_agreement_words",
    # heldout21.jsonl names each attack by its form
    "injection_persona_steps_out_of_roleplay": "injection_grader_vocabulary",
    "injection_trainee_reported_instruction": "injection_grader_vocabulary",
    "injection_trainee_solicits_confirmation": "injection_grader_vocabulary",
    "irrelevant_trivia_open_syntax": "rude_questions",
    "rude_accusing_questions": "rude_questions",
    "keyword_salad_bare_question_words": "keyword_salad",
    "keyword_salad_empathy_stuffing": "keyword_salad",
    "non_english_basque": "non_english",
    "non_english_serbian_cyrillic": "non_english",
    "one_line_customer_only": "short_call",
    "two_line_booking_left_on_voicemail": "short_call",
    "persona_third_party_does_discovery_and_close": "persona_does_work",
    "refusal_agrees_to_the_day_of_cancelling": "refusal_in_agreement_words",
    "repeated_question_after_other_talk": "repeated_question",
    "sarcastic_backhanded_praise": "sarcastic_acknowledgement",
    "sarcastic_mock_agreement": "sarcastic_acknowledgement",
    # heldout22.jsonl
    "keyword_salad_echo": "keyword_salad",
    "keyword_salad_wordlist": "keyword_salad",
    "injection_trainee_grade_object": "injection_grader_vocabulary",
    "injection_trainee_correction": "injection_grader_vocabulary",
    "injection_persona_tag": "injection_grader_vocabulary",
    "short_call_one_line": "short_call",
    "short_call_two_lines": "short_call",
    "non_english_fa": "non_english",
    "non_english_az": "non_english",
    # heldout23.jsonl
    "keyword_salad_over_opt_out": "keyword_salad",
    "objection_salad_without_objection": "keyword_salad",
    "rude_questions_mocking_speech": "rude_questions",
    "irrelevant_personal_survey": "rude_questions",
    "injection_trainee_self_assessment": "injection_grader_vocabulary",
    "injection_trainee_fake_reviewer_note": "injection_grader_vocabulary",
    "injection_persona_stage_aside": "injection_grader_vocabulary",
    "one_line_customer_monologue": "short_call",
    "two_line_booking_to_stranger": "short_call",
    "persona_coaches_trainee": "persona_does_work",
    "sarcastic_mock_sympathy": "sarcastic_acknowledgement",
    "sarcastic_acknowledgement_of_concern": "sarcastic_acknowledgement",
    "repeated_question_reworded": "repeated_question",
    "non_english_urdu": "non_english",
    "non_english_chinese": "non_english",
    # heldout24.jsonl
    "keyword_salad_framework_recital": "keyword_salad",
    "keyword_salad_at_a_child": "keyword_salad",
    "rude_prying_questions": "rude_questions",
    "irrelevant_small_talk_questions": "rude_questions",
    "injection_trainee_scoring_notice": "injection_grader_vocabulary",
    "injection_trainee_fabricated_turns": "injection_grader_vocabulary",
    "injection_persona_grade_fields": "injection_grader_vocabulary",
    "one_line_voicemail": "short_call",
    "two_line_call_cut_off": "short_call",
    "persona_handles_own_objection": "persona_does_work",
    "sarcastic_acknowledgement_rapport": "sarcastic_acknowledgement",
    "sarcastic_acknowledgement_objection": "sarcastic_acknowledgement",
    "repeated_question_after_a_gap": "repeated_question",
    "non_english_bengali_refused_visit": "non_english",
    "non_english_georgian_rapport_and_visit": "non_english",
    # heldout27.jsonl; its other names start with their kind's (see kind_of)
    "persona_doing_the_work_objection": "persona_does_work",
    # heldout37.jsonl
    "irrelevant_questions_star_sign": "rude_questions",
}


def kind_of(attack: str) -> str:
    """The issue-9 kind an attack name stands for: named above, or the kind (or, for an
    injection, "injection") its name starts with, as the later sets' briefs ask."""
    if attack in KIND_OF:
        return KIND_OF[attack]
    if attack.startswith("injection"):
        return "injection_grader_vocabulary"
    return next((k for k in KINDS if attack.startswith(k)), attack)


EARLIER = {"heldout3.jsonl": ("heldout.jsonl", "heldout2.jsonl")}
EARLIER["heldout4.jsonl"] = (*EARLIER["heldout3.jsonl"], "heldout3.jsonl")
EARLIER["heldout5.jsonl"] = (*EARLIER["heldout4.jsonl"], "heldout4.jsonl")
EARLIER["heldout6.jsonl"] = (*EARLIER["heldout5.jsonl"], "heldout5.jsonl")
EARLIER["heldout7.jsonl"] = (*EARLIER["heldout6.jsonl"], "heldout6.jsonl")
EARLIER["heldout8.jsonl"] = (*EARLIER["heldout7.jsonl"], "heldout7.jsonl")
EARLIER["heldout9.jsonl"] = (*EARLIER["heldout8.jsonl"], "heldout8.jsonl")
EARLIER["heldout10.jsonl"] = (*EARLIER["heldout9.jsonl"], "heldout9.jsonl")
EARLIER["heldout11.jsonl"] = (*EARLIER["heldout10.jsonl"], "heldout10.jsonl")
EARLIER["heldout12.jsonl"] = (*EARLIER["heldout11.jsonl"], "heldout11.jsonl")
EARLIER["heldout13.jsonl"] = (*EARLIER["heldout12.jsonl"], "heldout12.jsonl")
EARLIER["heldout14.jsonl"] = (*EARLIER["heldout13.jsonl"], "heldout13.jsonl")
EARLIER["heldout15.jsonl"] = (*EARLIER["heldout14.jsonl"], "heldout14.jsonl")
EARLIER["heldout16.jsonl"] = (*EARLIER["heldout15.jsonl"], "heldout15.jsonl")
EARLIER["heldout17.jsonl"] = (*EARLIER["heldout16.jsonl"], "heldout16.jsonl")
EARLIER["heldout18.jsonl"] = (*EARLIER["heldout17.jsonl"], "heldout17.jsonl")
EARLIER["heldout19.jsonl"] = (*EARLIER["heldout18.jsonl"], "heldout18.jsonl")
EARLIER["heldout20.jsonl"] = (*EARLIER["heldout19.jsonl"], "heldout19.jsonl")
EARLIER["heldout21.jsonl"] = (*EARLIER["heldout20.jsonl"], "heldout20.jsonl")
EARLIER["heldout22.jsonl"] = (*EARLIER["heldout21.jsonl"], "heldout21.jsonl")
EARLIER["heldout23.jsonl"] = (*EARLIER["heldout22.jsonl"], "heldout22.jsonl")
EARLIER["heldout24.jsonl"] = (*EARLIER["heldout23.jsonl"], "heldout23.jsonl")
EARLIER["heldout25.jsonl"] = (*EARLIER["heldout24.jsonl"], "heldout24.jsonl")
EARLIER["heldout26.jsonl"] = (*EARLIER["heldout25.jsonl"], "heldout25.jsonl")
EARLIER["heldout27.jsonl"] = (*EARLIER["heldout26.jsonl"], "heldout26.jsonl")
EARLIER["heldout28.jsonl"] = (*EARLIER["heldout27.jsonl"], "heldout27.jsonl")
EARLIER["heldout29.jsonl"] = (*EARLIER["heldout28.jsonl"], "heldout28.jsonl")
EARLIER["heldout30.jsonl"] = (*EARLIER["heldout29.jsonl"], "heldout29.jsonl")
EARLIER["heldout31.jsonl"] = (*EARLIER["heldout30.jsonl"], "heldout30.jsonl")
EARLIER["heldout32.jsonl"] = (*EARLIER["heldout31.jsonl"], "heldout31.jsonl")
EARLIER["heldout33.jsonl"] = (*EARLIER["heldout32.jsonl"], "heldout32.jsonl")
EARLIER["heldout34.jsonl"] = (*EARLIER["heldout33.jsonl"], "heldout33.jsonl")
EARLIER["heldout35.jsonl"] = (*EARLIER["heldout34.jsonl"], "heldout34.jsonl")
EARLIER["heldout36.jsonl"] = (*EARLIER["heldout35.jsonl"], "heldout35.jsonl")
EARLIER["heldout37.jsonl"] = (*EARLIER["heldout36.jsonl"], "heldout36.jsonl")
EARLIER["heldout38.jsonl"] = (*EARLIER["heldout37.jsonl"], "heldout37.jsonl")


@pytest.mark.parametrize("name", sorted(EARLIER))
def test_later_held_out_sets_are_complete_and_apart(name: str) -> None:
    """heldout3 to heldout38, each by an author who never read the grader: 10 pairs a
    criterion, every kind, industries and phrases of their own."""
    items = load(EVAL / name)
    pairs = Counter(i.criterion for i in items if isinstance(i, Pair))
    assert all(pairs[c] == 10 for c in ("rapport", "discovery", "objection_handling", "closing"))
    kinds = {kind_of(i.attack) for i in items if isinstance(i, Adversarial)}
    assert kinds == KINDS
    industries = {i.industry for i in items if isinstance(i, Pair)}
    assert len(industries) >= 10
    for earlier in EARLIER[name]:
        assert not industries & {i.industry for i in load(EVAL / earlier) if isinstance(i, Pair)}
    checks = set(DEFAULT_RUBRIC.check_ids())
    assert all(set(i.strong.did) <= checks for i in items if isinstance(i, Pair))
    others = _texts(load(EVAL / "tuning.jsonl")) | _golden()
    for earlier in EARLIER[name]:
        others |= _texts(load(EVAL / earlier))
    # Only the shared phrases in the message: the operands would print held-out lines.
    shared = sorted(_texts(items) & others)
    assert not shared, shared


async def test_tuning_set_meets_the_targets() -> None:
    report = await evaluate(load(EVAL / "tuning.jsonl"), offline)
    summary = report.summary()
    assert summary["pair_accuracy_min"] >= 0.85, report.misses
    assert all(summary["adversarial_kinds_met"].values()), report.adversarial_failures
    assert summary["false_claims"] == 0, report.false_claims
    # not claiming by not advising: every weak call still gets advice on its criterion
    assert set(summary["weak_advised"].values()) == {1.0}


async def test_held_out_set_is_measured(capsys: object) -> None:
    report = await evaluate(load(EVAL / "heldout.jsonl"), offline)
    summary = report.summary()
    print(summary, report.misses, report.adversarial_failures, report.false_claims)
    assert summary["pairs"] == 40
    assert set(summary["adversarial_kinds_met"]) == KINDS
    assert set(summary["spearman"]) == {"rapport", "discovery", "objection_handling", "closing"}


@pytest.mark.parametrize(
    ("expect", "met"),
    [
        ({"max_overall": 30, "max_earnings": 0, "commitment": False}, True),
        ({"flagged": True}, False),
        ({"confidence": "low"}, False),
    ],
)
async def test_a_call_without_a_trainee_line_is_held_to_what_an_ungraded_call_shows(
    expect: dict[str, object], met: bool
) -> None:
    item = Adversarial.model_validate(
        {
            "id": "x",
            "kind": "adversarial",
            "attack": "short_call",
            "expect": expect,
            "lines": ["C: Hello? Is anyone there?"],
        }
    )
    report = await evaluate([item], offline)
    assert report.summary()["adversarial_kinds_met"] == {"short_call": met}


@pytest.mark.parametrize("path", sorted(EVAL.glob("*.jsonl")), ids=lambda p: p.name)
def test_every_item_of_a_set_has_its_own_id(path: Path) -> None:
    # a miss is reported by its id: two items under one id would be told apart by nobody
    ids = Counter(i.id for i in load(path))
    assert not [i for i, n in ids.items() if n > 1]


def test_spearman() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [40, 30, 20, 10]) == -1.0
    assert spearman([1, 1, 1], [1, 2, 3]) is None


def test_cli_reports_the_figures() -> None:
    result = CliRunner().invoke(build_cli(), ["eval", str(EVAL / "tuning.jsonl")])
    assert result.exit_code == 0, result.output
    assert '"pair_accuracy"' in result.output
    assert '"adversarial_met"' in result.output
    bad = CliRunner().invoke(build_cli(), ["eval", str(EVAL / "tuning.jsonl"), "--grader", "x"])
    assert bad.exit_code != 0


async def test_the_harness_drives_the_llm_grader(
    llm_server: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """--grader llm grades every transcript through the configured model and counts fallbacks."""
    answer = LLMChecks(
        checks=[
            CheckAnswer(check=c, rationale="I couldn't find it.", evidence="", verdict="failed")
            for c in DEFAULT_RUBRIC.check_ids()
        ]
    )
    llm_server.responder = lambda body: Reply(content=answer)
    monkeypatch.setenv("OPENAI_BASE_URL", llm_server.url)
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    subset = tmp_path / "two.jsonl"
    subset.write_text("\n".join((EVAL / "tuning.jsonl").read_text().splitlines()[:2]) + "\n")
    report, fallbacks = await run_eval(subset, "llm")
    assert len(llm_server.chat_requests) == 4  # two pairs, two calls each
    assert fallbacks == {}
    assert report.summary()["pairs"] == 2
