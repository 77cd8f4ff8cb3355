"""What a grading reads and produces; shared by both graders and the event they publish.

A grade answers every check of its rubric (``passed``/``failed``/``undecided``); the
scores, the overall score, the pass decision and the earnings are computed from those
answers by the rubric, in :meth:`GradeResult.build`, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sessionhub.common.rubric import (
    SEED_CRITERIA,
    Rubric,
    Verdict,
    overall_score,
    score_field,
)

Speaker = Literal["trainee", "persona"]
GraderName = Literal["llm", "heuristic"]
Confidence = Literal["high", "low"]


class TranscriptLine(BaseModel):
    """One utterance of a training session, in transcript order."""

    model_config = ConfigDict(frozen=True)

    seq: int
    speaker: Speaker
    text: str


class CheckResult(BaseModel):
    """One check's answer, with the lines behind it and who answered it."""

    id: str
    verdict: Verdict
    evidence: list[str] = Field(default_factory=list, description="Verbatim quotes.")
    seqs: list[int] = Field(default_factory=list, description="Lines the evidence is from.")
    rationale: str = ""
    answered_by: GraderName = "heuristic"
    fallback_reason: str | None = Field(
        None, description="Why the offline grader answered this check for the LLM grader."
    )


class CriterionGrade(BaseModel):
    """One criterion: its score (weighted share of checks passed) and its checks."""

    criterion: str
    score: int = Field(ge=0, le=100)
    coverage: float = Field(ge=0, le=1, description="Weighted share of checks decided.")
    checks: list[CheckResult]
    evidence: list[str] = Field(default_factory=list)
    reasoning: str


class FeedbackItem(BaseModel):
    """A strength or an improvement, about one check and (when there is one) one line."""

    kind: Literal["strength", "improvement"]
    criterion: str
    check: str
    text: str
    seq: int | None = None


class FlaggedLine(BaseModel):
    """A line that addressed the grader, the scoring or the system; it earned nothing."""

    seq: int
    speaker: Speaker
    text: str


class GradeResult(BaseModel):
    """A complete grade; build it with :meth:`build` so the rubric computes the numbers."""

    rubric_id: str
    rubric_version: int
    rapport_score: int = Field(ge=0, le=100)
    discovery_score: int = Field(ge=0, le=100)
    objection_handling_score: int = Field(ge=0, le=100)
    closing_score: int = Field(ge=0, le=100)
    overall_score: int = Field(ge=0, le=100)
    passed: bool
    feedback_strengths: list[str]
    feedback_improvements: list[str]
    feedback: list[FeedbackItem] = Field(default_factory=list)
    virtual_earnings: float = Field(ge=0)
    commitment_secured: bool = False
    confidence: Confidence = "high"
    language: str = "en"
    notes: list[str] = Field(default_factory=list)
    flagged_lines: list[FlaggedLine] = Field(default_factory=list)
    details: list[CriterionGrade] = Field(default_factory=list)

    @field_validator("virtual_earnings")
    @classmethod
    def _two_decimals(cls, value: float) -> float:
        return round(value, 2)

    @model_validator(mode="after")
    def _consistent(self) -> GradeResult:
        # One definition of "average": a hand-built grade cannot disagree with it.
        if self.details:
            expected = overall_score(d.score for d in self.details)
            if self.overall_score != expected:
                raise ValueError(f"overall_score {self.overall_score} != mean {expected}")
            scores = {d.criterion: d.score for d in self.details}
            if any(scores.get(c) != getattr(self, score_field(c)) for c in SEED_CRITERIA):
                raise ValueError("seed score fields must match the details")
        return self

    def criterion_scores(self) -> dict[str, int]:
        return {d.criterion: d.score for d in self.details}

    def detail(self, criterion: str) -> CriterionGrade:
        return next(d for d in self.details if d.criterion == criterion)

    def verdict(self, criterion: str, check: str) -> Verdict:
        for c in self.detail(criterion).checks:
            if c.id == check:
                return c.verdict
        return "undecided"

    @classmethod
    def build(
        cls,
        rubric: Rubric,
        checks: dict[str, list[CheckResult]],
        *,
        reasoning: dict[str, str],
        feedback: Sequence[FeedbackItem],
        commitment_secured: bool,
        confidence: Confidence,
        language: str,
        notes: Sequence[str] = (),
        flagged: Sequence[FlaggedLine] = (),
    ) -> GradeResult:
        """Score ``checks`` (criterion id → answers) against ``rubric``."""
        details: list[CriterionGrade] = []
        for spec in rubric.criteria:
            answers = {c.id: c for c in checks.get(spec.id, [])}
            ordered = [
                answers.get(k.id) or CheckResult(id=k.id, verdict="undecided") for k in spec.checks
            ]
            verdicts = {c.id: c.verdict for c in ordered}
            evidence: list[str] = []
            for c in ordered:
                if c.verdict == "passed":
                    evidence.extend(q for q in c.evidence if q not in evidence)
            details.append(
                CriterionGrade(
                    criterion=spec.id,
                    score=spec.score(verdicts),
                    coverage=spec.coverage(verdicts),
                    checks=ordered,
                    evidence=evidence[:6],
                    reasoning=reasoning.get(spec.id, ""),
                )
            )
        overall = overall_score(d.score for d in details)
        by_id = {d.criterion: d.score for d in details}
        # A trainee who talks to the grading instead of the customer earns nothing for the
        # call, whatever the rest of it scores: gaming must never pay.
        forfeited = any(f.speaker == "trainee" for f in flagged)
        if forfeited:
            notes = [*notes, "A line of yours addressed the grading, so this call earns nothing."]
        return cls(
            rubric_id=rubric.id,
            rubric_version=rubric.version,
            rapport_score=by_id["rapport"],
            discovery_score=by_id["discovery"],
            objection_handling_score=by_id["objection_handling"],
            closing_score=by_id["closing"],
            overall_score=overall,
            passed=overall >= rubric.pass_mark,
            feedback_strengths=[f.text for f in feedback if f.kind == "strength"],
            feedback_improvements=[f.text for f in feedback if f.kind == "improvement"],
            feedback=list(feedback),
            virtual_earnings=0.0
            if forfeited
            else rubric.earnings.earnings(overall, commitment_secured=commitment_secured),
            commitment_secured=commitment_secured,
            confidence=confidence,
            language=language,
            notes=list(notes),
            flagged_lines=list(flagged),
            details=details,
        )
