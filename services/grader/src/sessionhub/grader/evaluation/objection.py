"""The objection checklist: objection handling measured combinatorially.

An objection checklist holds calls, each ending on a customer's objection, with trainee
responses labelled by what they do to the concern (acknowledge it, ask about it, answer
it) and customer reactions to the call's handling response labelled as eased or not.

- A *response case* puts each response after its call's lines, then the call's neutral
  customer line and the closing trainee line: ``acknowledges_concern``,
  ``explores_concern`` and ``answers_concern`` are expected to pass exactly as labelled.
- A *reaction case* puts the call's handling response after its lines, then each
  reaction and the closing line: ``customer_reassured`` is expected to pass exactly when
  the reaction is labelled as eased.

A check counts as passed the way the closing harness reads ``proposes_next_step``: only
when the grade's ``objection_handling`` detail holds it with the verdict ``"passed"``.
``"undecided"`` (or a check the grade lacks) is not a pass: right where the label says
no, missed where it says yes; undecided verdicts are also counted per check, so a
grader that abstains is told from one that says no. Unlike ``proposes_next_step`` the
evidence lines are not read: a pass anywhere in the call is credit the trainee gets.
Credit where the label says no is the costly error (it is score the trainee did not
earn), so it is counted apart from credit missed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator

from sessionhub.common.rubric import Verdict
from sessionhub.grader.evaluation.checklist import CLOSER, NO_FORM, Strict
from sessionhub.grader.evaluation.schemas import transcript
from sessionhub.grader.evaluation.service import GradeFn
from sessionhub.grader.grading.schemas import GradeResult

CRITERION = "objection_handling"
CHECKS = ("acknowledges_concern", "explores_concern", "answers_concern", "customer_reassured")


class Response(Strict):
    id: str
    text: str = Field(min_length=1)
    acknowledges: bool
    explores: bool
    answers: bool
    form: str = ""


class Reaction(Strict):
    id: str
    text: str = Field(min_length=1)
    eased: bool
    form: str = ""


class ObjectionCall(Strict):
    id: str
    industry: str
    concern: str
    lines: list[str] = Field(min_length=1)
    neutral: str = Field(min_length=1)
    handling: str
    responses: list[Response] = Field(min_length=1)
    reactions: list[Reaction] = Field(min_length=1)

    @field_validator("lines")
    @classmethod
    def _ends_on_the_objection(cls, lines: list[str]) -> list[str]:
        # Checked here, not when the cases are graded, and without quoting the line: an
        # error must not show a held-out checklist's wording either.
        for i, raw in enumerate(lines, start=1):
            if raw.partition(":")[0].strip() not in ("T", "C"):
                raise ValueError(f"line {i} must start with 'T:' or 'C:'")
        if lines[-1].partition(":")[0].strip() != "C":
            raise ValueError("the last line (the objection) must be the customer's ('C: ...')")
        return lines

    @model_validator(mode="after")
    def _handling_is_one_of_the_responses(self) -> ObjectionCall:
        if self.handling not in {r.id for r in self.responses}:
            raise ValueError(f"call {self.id}: handling {self.handling!r} is none of its responses")
        return self

    def handling_response(self) -> Response:
        return next(r for r in self.responses if r.id == self.handling)


@dataclass(frozen=True)
class ObjectionCase:
    """One transcript to grade: the labelled line it tests and the checks it settles
    (check id → whether the check should pass)."""

    call: ObjectionCall
    line: Response | Reaction
    lines: tuple[str, ...]
    expected: dict[str, bool]


class ObjectionChecklist(Strict):
    calls: list[ObjectionCall] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_are_unique(self) -> ObjectionChecklist:
        # Reports name lines by id alone, so an id must name one line in the whole file.
        ids = Counter([c.id for c in self.calls] + [x.id for x in self.labelled()])
        if repeated := sorted(k for k, n in ids.items() if n > 1):
            raise ValueError(f"ids must be unique; repeated: {', '.join(repeated)}")
        return self

    @classmethod
    def load(cls, path: Path) -> ObjectionChecklist:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))

    def labelled(self) -> list[Response | Reaction]:
        """Every response and reaction, the lines a report may name."""
        out: list[Response | Reaction] = []
        for c in self.calls:
            out += c.responses
            out += c.reactions
        return out

    def cases(self) -> list[ObjectionCase]:
        out: list[ObjectionCase] = []
        for call in self.calls:
            for r in call.responses:
                lines = (*call.lines, f"T: {r.text}", f"C: {call.neutral}", CLOSER)
                expected = {
                    "acknowledges_concern": r.acknowledges,
                    "explores_concern": r.explores,
                    "answers_concern": r.answers,
                }
                out.append(ObjectionCase(call, r, lines, expected))
            handling = call.handling_response()
            for x in call.reactions:
                lines = (*call.lines, f"T: {handling.text}", f"C: {x.text}", CLOSER)
                out.append(ObjectionCase(call, x, lines, {"customer_reassured": x.eased}))
        return out


@dataclass
class CheckTally:
    cases: int = 0
    right: int = 0
    false_credit: int = 0
    missed: int = 0
    undecided: int = 0

    def summary(self) -> dict[str, Any]:
        return {
            "cases": self.cases,
            "accuracy": round(self.right / self.cases, 3) if self.cases else None,
            "right": self.right,
            "false_credit": self.false_credit,
            "missed": self.missed,
            "undecided": self.undecided,
        }


@dataclass
class ObjectionReport:
    transcripts: int = 0
    checks: dict[str, CheckTally] = field(default_factory=lambda: {c: CheckTally() for c in CHECKS})
    # One count per wrong verdict: a response read wrongly on two checks counts twice.
    wrong_by_form: Counter[str] = field(default_factory=Counter)
    wrong_by_id: Counter[str] = field(default_factory=Counter)

    def summary(self) -> dict[str, Any]:
        return {
            "transcripts": self.transcripts,
            "false_credit": sum(t.false_credit for t in self.checks.values()),
            "missed": sum(t.missed for t in self.checks.values()),
            "checks": {check: t.summary() for check, t in self.checks.items()},
        }


def verdict(got: GradeResult, check: str) -> Verdict:
    """``check``'s verdict in ``got``'s objection handling; undecided if the grade lacks it."""
    return next(
        (
            c.verdict
            for d in got.details
            if d.criterion == CRITERION
            for c in d.checks
            if c.id == check
        ),
        "undecided",
    )


async def evaluate_objection_checklist(
    checklist: ObjectionChecklist, grade: GradeFn
) -> ObjectionReport:
    report = ObjectionReport()
    for case in checklist.cases():
        got = await grade(transcript(list(case.lines)))
        report.transcripts += 1
        for check, expected in case.expected.items():
            said = verdict(got, check)
            tally = report.checks[check]
            tally.cases += 1
            tally.undecided += said == "undecided"
            passed = said == "passed"
            if passed == expected:
                tally.right += 1
                continue
            if passed:
                tally.false_credit += 1
            else:
                tally.missed += 1
            report.wrong_by_form[case.line.form or NO_FORM] += 1
            report.wrong_by_id[case.line.id] += 1
    return report
