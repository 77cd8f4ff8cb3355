"""The objection checklist: its harness on a synthetic checklist, and the held-out one's shape.

The synthetic checklist (``fixtures/objection_tiny.json``) is graded by a fake grader whose
verdicts the tests set, so the counting is checked, not the grader. The held-out checklist
is written blind and measured by ``bench/grading_quality.py``; here only its shape is
checked, and nothing of its wording is printed or asserted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from sessionhub.common.rubric import DEFAULT_RUBRIC, Verdict
from sessionhub.grader.evaluation.checklist import CLOSER, Checklist, worst
from sessionhub.grader.evaluation.cli import build_cli, run_objection_checklist
from sessionhub.grader.evaluation.objection import (
    ObjectionChecklist,
    evaluate_objection_checklist,
)
from sessionhub.grader.evaluation.service import GradeFn
from sessionhub.grader.graders.llm import CheckAnswer, LLMChecks
from sessionhub.grader.grading.schemas import CheckResult, GradeResult, TranscriptLine
from sessionhub.testing.llm_server import Reply, ScriptedLLMServer

pytestmark = pytest.mark.unit

TINY = Path(__file__).parent / "fixtures" / "objection_tiny.json"
HELD_OUT = Path(__file__).parent / "eval" / "checklist_objection.json"


def _raw() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(TINY.read_text(encoding="utf-8"))
    return raw


def fake(verdicts: dict[str, dict[str, Verdict]]) -> GradeFn:
    """A grader answering objection-handling checks by the text of the line a case tests:
    the response (third line from the end) or the reaction (second from the end). A check
    it is given no verdict for is left undecided, as ``GradeResult.build`` leaves it."""

    async def grade(lines: Sequence[TranscriptLine]) -> GradeResult:
        said = {**verdicts.get(lines[-3].text, {}), **verdicts.get(lines[-2].text, {})}
        return GradeResult.build(
            DEFAULT_RUBRIC,
            {"objection_handling": [CheckResult(id=k, verdict=v) for k, v in said.items()]},
            reasoning={},
            feedback=[],
            commitment_secured=False,
            confidence="high",
            language="en",
        )

    return grade


def _texts(checklist: ObjectionChecklist) -> dict[str, str]:
    return {x.id: x.text for x in checklist.labelled()}


def test_each_response_and_each_reaction_is_put_in_its_place() -> None:
    tiny = ObjectionChecklist.load(TINY)
    cases = tiny.cases()
    assert len(cases) == 2 * 3 + 2 * 2
    opening = list(tiny.calls[0].lines)
    first = cases[0]
    assert first.line.id == "oc01-r01"
    assert list(first.lines) == [
        *opening,
        "T: I hear you, cost matters for a small shop. What are you paying now?",
        "C: Okay.",
        CLOSER,
    ]
    assert first.expected == {
        "acknowledges_concern": True,
        "explores_concern": True,
        "answers_concern": False,
    }
    reaction = next(c for c in cases if c.line.id == "oc01-x02")
    assert list(reaction.lines) == [
        *opening,
        "T: That's fair to weigh up. Fortnightly for your frontage is 18 pounds a visit, "
        "and you can stop any month.",
        "C: Still sounds like a lot to me.",
        CLOSER,
    ]
    assert reaction.expected == {"customer_reassured": False}
    assert [c.line.id for c in cases if c.call.id == "oc02"] == [
        "oc02-r01",
        "oc02-r02",
        "oc02-r03",
        "oc02-x01",
        "oc02-x02",
    ]


async def test_right_false_credit_and_missed_are_counted_per_check() -> None:
    tiny = ObjectionChecklist.load(TINY)
    text = _texts(tiny)
    p, f = "passed", "failed"
    ack, exp, ans, eased = (
        "acknowledges_concern",
        "explores_concern",
        "answers_concern",
        "customer_reassured",
    )
    grade = fake(
        {
            text["oc01-r01"]: {ack: p, exp: p, ans: p},  # answer: credit the label denies
            text["oc01-r02"]: {ack: p, exp: f, ans: f},  # ack credited, answer missed
            # oc01-r03: every check left undecided
            text["oc02-r01"]: {ack: f, exp: f, ans: f},
            text["oc02-r02"]: {ack: f, exp: p, ans: f},
            text["oc02-r03"]: {ack: p, exp: f, ans: p},
            text["oc01-x01"]: {eased: p},
            text["oc01-x02"]: {eased: p},  # not eased, yet credited
            text["oc02-x01"]: {eased: f},  # eased, yet not credited
            # oc02-x02: undecided, and labelled as not eased
        }
    )
    report = await evaluate_objection_checklist(tiny, grade)

    def tally(cases: int, right: int, fc: int, missed: int, und: int) -> dict[str, Any]:
        accuracy = round(right / cases, 3)
        keys = ("cases", "accuracy", "right", "false_credit", "missed", "undecided")
        return dict(zip(keys, (cases, accuracy, right, fc, missed, und), strict=True))

    assert report.summary() == {
        "transcripts": 10,
        "false_credit": 3,
        "missed": 4,
        "checks": {
            ack: tally(6, 4, 1, 1, 1),
            exp: tally(6, 6, 0, 0, 1),
            ans: tally(6, 3, 1, 2, 1),
            eased: tally(4, 2, 1, 1, 1),
        },
    }
    assert report.wrong_by_form == {
        "acknowledge and ask": 1,
        "specific figure": 2,
        "acknowledge and answer": 2,
        "holds firm": 1,
        "settled": 1,
    }
    assert worst(report.wrong_by_id, tiny.labelled(), 3) == [
        "oc01-r02 x2 (specific figure)",
        "oc01-r03 x2 (acknowledge and answer)",
        "oc01-r01 x1 (acknowledge and ask)",
    ]


def _one_call(**response: Any) -> ObjectionChecklist:
    raw = _raw()
    call = raw["calls"][0]
    call["responses"] = [{**call["responses"][2], **response}]
    call["reactions"] = call["reactions"][:1]
    return ObjectionChecklist.model_validate({"calls": [call]})


async def test_undecided_is_no_pass_a_miss_under_yes_and_right_under_no() -> None:
    one = _one_call(acknowledges=True, explores=False, answers=True)
    report = await evaluate_objection_checklist(one, fake({}))
    checks = report.summary()["checks"]
    assert checks["acknowledges_concern"]["missed"] == 1
    assert checks["explores_concern"]["right"] == 1
    assert checks["customer_reassured"]["missed"] == 1  # the one reaction is eased
    assert all(c["undecided"] == c["cases"] == 1 for c in checks.values())
    assert report.summary()["false_credit"] == 0


def test_handling_must_name_a_response_of_the_same_call() -> None:
    raw = _raw()
    raw["calls"][0]["handling"] = "oc02-r03"  # a response, but of the other call
    with pytest.raises(ValidationError, match="handling 'oc02-r03' is none of its responses"):
        ObjectionChecklist.model_validate(raw)


def test_ids_are_unique_across_the_whole_checklist() -> None:
    raw = _raw()
    raw["calls"][1]["reactions"][0]["id"] = "oc01-r02"
    raw["calls"][1]["id"] = "oc01"
    with pytest.raises(ValidationError, match="repeated: oc01, oc01-r02"):
        ObjectionChecklist.model_validate(raw)


@pytest.mark.parametrize(
    ("where", "extra"),
    [("call", {"notes": "x"}), ("response", {"reassures": True}), ("top", {"version": 1})],
)
def test_a_field_the_format_lacks_is_refused(where: str, extra: dict[str, Any]) -> None:
    raw = _raw()
    target = {
        "top": raw,
        "call": raw["calls"][0],
        "response": raw["calls"][0]["responses"][0],
    }[where]
    target.update(extra)
    with pytest.raises(ValidationError, match="Extra inputs are not permitted") as refused:
        ObjectionChecklist.model_validate(raw)
    assert "cost matters" not in str(refused.value)  # the error shows no line of the file


def test_a_call_must_end_on_the_customers_objection() -> None:
    raw = _raw()
    raw["calls"][0]["lines"].append("T: Let me explain.")
    with pytest.raises(ValidationError, match="last line"):
        ObjectionChecklist.model_validate(raw)
    raw["calls"][0]["lines"][-1] = "Customer: no."
    with pytest.raises(ValidationError, match="line 5 must start with"):
        ObjectionChecklist.model_validate(raw)


def test_eval_tells_an_objection_checklist_and_names_lines_by_id_and_form() -> None:
    result = CliRunner().invoke(build_cli(), ["eval", str(TINY), "--details"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["checklist"] == "objection"
    assert summary["transcripts"] == 10
    assert list(summary["checks"]) == [
        "acknowledges_concern",
        "explores_concern",
        "answers_concern",
        "customer_reassured",
    ]
    assert {"wrong_by_form", "read_wrongly", "false_credit", "missed"} <= set(summary)
    tiny = ObjectionChecklist.load(TINY)
    assert not [t for t in _texts(tiny).values() if t in result.output]


def test_eval_still_reads_a_closing_checklist(tmp_path: Path) -> None:
    closing = Checklist.model_validate(
        {
            "calls": [{"id": "c1", "industry": "x", "lines": ["T: Hi.", "C: Hello."]}],
            "proposals": [{"id": "p1", "text": "Shall I call on Friday?", "proposal": True}],
            "replies": [{"id": "r1", "text": "Friday is fine.", "agrees": True}],
        }
    )
    path = tmp_path / "closing.json"
    path.write_text(closing.model_dump_json())
    result = CliRunner().invoke(build_cli(), ["eval", str(path)])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["cases"] == 1
    assert "commitment_accuracy" in summary
    assert "checks" not in summary


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('{"items": []}', "neither a closing checklist"),
        ("[1, 2]", "neither a closing checklist"),
        ("{not json", "is not JSON"),
    ],
)
def test_eval_refuses_a_file_that_is_no_checklist_without_a_traceback(
    tmp_path: Path, content: str, says: str
) -> None:
    path = tmp_path / "other.json"
    path.write_text(content)
    result = CliRunner().invoke(build_cli(), ["eval", str(path)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert says in " ".join(result.output.replace("│", " ").split())


def test_eval_says_where_an_objection_checklist_is_wrong_but_not_its_lines(
    tmp_path: Path,
) -> None:
    raw = _raw()
    raw["calls"][0]["handling"] = "oc01-r09"
    del raw["calls"][1]["responses"][0]["answers"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(raw))
    result = CliRunner().invoke(build_cli(), ["eval", str(path)])
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    said = " ".join(result.output.replace("│", " ").split())
    assert "not a valid objection checklist" in said
    assert "oc01-r09" in said
    assert "calls.1.responses.0.answers" in said.replace(" ", "")
    assert "cost matters" not in said
    assert "Honestly" not in said


async def test_the_objection_checklist_drives_the_llm_grader(
    llm_server: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = LLMChecks(
        checks=[
            CheckAnswer(check=c, rationale="Not shown.", evidence="", verdict="failed")
            for c in DEFAULT_RUBRIC.check_ids()
        ]
    )
    llm_server.responder = lambda body: Reply(content=answer)
    monkeypatch.setenv("OPENAI_BASE_URL", llm_server.url)
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    report, fallbacks = await run_objection_checklist(ObjectionChecklist.load(TINY), "llm")
    assert len(llm_server.chat_requests) == report.transcripts == 10
    assert fallbacks == {}


def test_held_out_objection_checklist_has_its_shape() -> None:
    if not HELD_OUT.exists():
        pytest.skip("checklist_objection.json is not written yet")
    checklist = ObjectionChecklist.load(HELD_OUT)
    # Counts only, taken before asserting: a failing assert shows its operands, and the
    # checklist's own objects would show its lines.
    shape = (len(checklist.calls), {(len(c.responses), len(c.reactions)) for c in checklist.calls})
    assert shape == (10, {(12, 8)})
