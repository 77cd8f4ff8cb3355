"""Shared grading types and rules for the heuristic and the LLM grader.

Both graders produce a :class:`GradeResult`; the parts that must not differ between
them live here so they are computed in exactly one place:

* the four criteria and their 0..100 scale (:data:`Criterion`, :func:`clamp_score`);
* the overall score — the mean of the four criterion scores, rounded half up
  (:func:`overall_score`, enforced by :class:`GradeResult` itself);
* the virtual-earnings rule (:func:`virtual_earnings`);
* :data:`RUBRIC_VERSION`, stamped on every ``session.graded`` event.

Virtual-earnings rule (rubric ``2026-11.1``, also in ``services/grader/RUBRIC.md``)::

    overall score   base
    0  - 39          0.00
    40 - 54         10.00
    55 - 69         25.00
    70 - 84         50.00
    85 - 100       100.00
    + 25.00 when the trainee secured a next-step commitment (the customer agreed
      to a next step in the turn right after a trainee closing attempt).

Earnings are a ``float`` rounded to 2 decimals rather than ``Decimal`` because the
result travels as JSON in ``session.graded``; every value the rule can produce is
exactly representable, so the database's DECIMAL column receives it unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

RUBRIC_VERSION = "2026-11.1"

Speaker = Literal["trainee", "persona"]
Criterion = Literal["rapport", "discovery", "objection_handling", "closing"]

#: Canonical criterion order, used for ``GradeResult.details`` and in reports.
CRITERIA: tuple[Criterion, ...] = get_args(Criterion)

#: (minimum overall score, base earnings), highest tier first.
EARNINGS_TIERS: tuple[tuple[int, float], ...] = (
    (85, 100.0),
    (70, 50.0),
    (55, 25.0),
    (40, 10.0),
    (0, 0.0),
)
COMMITMENT_BONUS = 25.0


class TranscriptLine(BaseModel):
    """One utterance of a training session, in transcript order."""

    model_config = ConfigDict(frozen=True)

    seq: int
    speaker: Speaker
    text: str


class CriterionGrade(BaseModel):
    """The score for one criterion with the quotes and reasoning behind it."""

    criterion: Criterion
    score: int = Field(ge=0, le=100)
    evidence: list[str] = Field(
        default_factory=list, description="Verbatim quotes from the transcript."
    )
    reasoning: str


class GradeResult(BaseModel):
    """A complete grade; build it with :meth:`from_criteria` / :func:`assemble_result`."""

    rapport_score: int = Field(ge=0, le=100)
    discovery_score: int = Field(ge=0, le=100)
    objection_handling_score: int = Field(ge=0, le=100)
    closing_score: int = Field(ge=0, le=100)
    overall_score: int = Field(ge=0, le=100)
    feedback_strengths: list[str]
    feedback_improvements: list[str]
    virtual_earnings: float = Field(ge=0)
    details: list[CriterionGrade] = Field(default_factory=list)

    @field_validator("virtual_earnings")
    @classmethod
    def _two_decimals(cls, value: float) -> float:
        return round(value, 2)

    @model_validator(mode="after")
    def _consistent(self) -> GradeResult:
        # Guards against a grader (or a hand-built fixture) computing the overall
        # score its own way: there is exactly one definition of "average".
        scores = self.criterion_scores()
        expected = overall_score(scores.values())
        if self.overall_score != expected:
            raise ValueError(
                f"overall_score {self.overall_score} != rounded average {expected} of {scores}"
            )
        if self.details:
            detail_scores = {d.criterion: d.score for d in self.details}
            if len(self.details) != len(CRITERIA) or detail_scores != scores:
                raise ValueError("details must hold one grade per criterion matching the scores")
        return self

    def criterion_scores(self) -> dict[Criterion, int]:
        return {
            "rapport": self.rapport_score,
            "discovery": self.discovery_score,
            "objection_handling": self.objection_handling_score,
            "closing": self.closing_score,
        }

    @classmethod
    def from_criteria(
        cls,
        criteria: Sequence[CriterionGrade],
        strengths: Sequence[str],
        improvements: Sequence[str],
        virtual_earnings: float,
    ) -> GradeResult:
        """Build a result from one grade per criterion; computes ``overall_score``.

        ``details`` is stored in canonical criterion order whatever order
        ``criteria`` came in. Raises ``ValueError`` if a criterion is missing or
        repeated.
        """
        by_name: dict[Criterion, CriterionGrade] = {}
        for grade in criteria:
            if grade.criterion in by_name:
                raise ValueError(f"criterion {grade.criterion!r} graded twice")
            by_name[grade.criterion] = grade
        missing = [c for c in CRITERIA if c not in by_name]
        if missing:
            raise ValueError(f"missing criteria: {missing}")
        ordered = [by_name[c] for c in CRITERIA]
        return cls(
            rapport_score=by_name["rapport"].score,
            discovery_score=by_name["discovery"].score,
            objection_handling_score=by_name["objection_handling"].score,
            closing_score=by_name["closing"].score,
            overall_score=overall_score(g.score for g in ordered),
            feedback_strengths=list(strengths),
            feedback_improvements=list(improvements),
            virtual_earnings=virtual_earnings,
            details=ordered,
        )


def assemble_result(
    criteria: Sequence[CriterionGrade],
    strengths: Sequence[str],
    improvements: Sequence[str],
    virtual_earnings: float,
) -> GradeResult:
    """Function form of :meth:`GradeResult.from_criteria`."""
    return GradeResult.from_criteria(criteria, strengths, improvements, virtual_earnings)


def clamp_score(x: float) -> int:
    """Round half up and clamp into 0..100; NaN counts as 0."""
    if math.isnan(x):
        return 0
    return max(0, min(100, math.floor(x + 0.5)))


def overall_score(scores: Iterable[int]) -> int:
    """Mean of the criterion scores, rounded half up (not banker's rounding)."""
    values = list(scores)
    if not values:
        raise ValueError("no scores to average")
    # Integer arithmetic: floor(s/n + 1/2) == (2s + n) // 2n, exact for any n.
    total = sum(values)
    n = len(values)
    return (2 * total + n) // (2 * n)


def virtual_earnings(overall: int, *, commitment_secured: bool) -> float:
    """Virtual earnings for a graded session; see the module docstring for the table."""
    base = next((amount for floor, amount in EARNINGS_TIERS if overall >= floor), 0.0)
    bonus = COMMITMENT_BONUS if commitment_secured else 0.0
    return round(base + bonus, 2)
