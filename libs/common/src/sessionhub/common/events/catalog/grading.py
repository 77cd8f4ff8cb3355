"""Contracts published by the grader."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from sessionhub.common.events.catalog.sessions import SessionRefV1
from sessionhub.common.events.registry import Event, event
from sessionhub.common.rubric import Criterion
from sessionhub.common.timestamps import Timestamp

PRODUCER = "grader"


class CriterionDetailV1(BaseModel):
    criterion: Criterion
    score: int = Field(ge=0, le=100)
    evidence: list[str] = Field(description="Verbatim quotes from the transcript.")
    reasoning: str


@event("session.graded", version=1, producer=PRODUCER)
class SessionGradedV1(Event, SessionRefV1):
    """A training session received its grade (from the LLM or the heuristic grader)."""

    rapport_score: int = Field(ge=0, le=100)
    discovery_score: int = Field(ge=0, le=100)
    objection_handling_score: int = Field(ge=0, le=100)
    closing_score: int = Field(ge=0, le=100)
    overall_score: int = Field(ge=0, le=100)
    feedback_strengths: list[str]
    feedback_improvements: list[str]
    virtual_earnings: float
    details: list[CriterionDetailV1]
    grader: Literal["llm", "heuristic"]
    model: str | None = None
    rubric_version: str
    fallback_reason: str | None = None
    regrade_request_id: UUID | None = Field(
        None, description="The regrade request this answers; None for the first grade."
    )
    graded_at: Timestamp


@event("session.grading_failed", version=1, producer=PRODUCER)
class SessionGradingFailedV1(Event, SessionRefV1):
    """Neither grader could grade the session; it will not stay pending."""

    reason: str
    rubric_version: str
    regrade_request_id: UUID | None = Field(
        None, description="The regrade request this answers; None for the first grade."
    )
    failed_at: Timestamp


class CheckResultV2(BaseModel):
    id: str
    verdict: Literal["passed", "failed", "undecided"]
    evidence: list[str] = Field(description="Verbatim quotes from the transcript.")
    seqs: list[int] = Field(description="The transcript lines the evidence is from.")
    rationale: str
    answered_by: Literal["llm", "heuristic"]
    fallback_reason: str | None = Field(
        None, description="Why the offline grader answered this check for the LLM grader."
    )


class CriterionDetailV2(BaseModel):
    criterion: str = Field(description="A seed criterion or one of the rubric's own.")
    score: int = Field(ge=0, le=100)
    coverage: float = Field(ge=0, le=1, description="Weighted share of its checks decided.")
    checks: list[CheckResultV2]
    evidence: list[str]
    reasoning: str


class FeedbackItemV2(BaseModel):
    kind: Literal["strength", "improvement"]
    criterion: str
    check: str
    text: str
    seq: int | None = Field(None, description="The transcript line it is about.")


class FlaggedLineV2(BaseModel):
    seq: int
    speaker: Literal["trainee", "persona"]
    text: str


@event("session.graded", version=2, producer=PRODUCER)
class SessionGradedV2(Event, SessionRefV1):
    """v1 plus the check-level grade: what a trainee sees about how the grade was made."""

    rapport_score: int = Field(ge=0, le=100)
    discovery_score: int = Field(ge=0, le=100)
    objection_handling_score: int = Field(ge=0, le=100)
    closing_score: int = Field(ge=0, le=100)
    overall_score: int = Field(ge=0, le=100)
    passed: bool = Field(description="overall_score reached the rubric's pass mark.")
    feedback_strengths: list[str]
    feedback_improvements: list[str]
    feedback: list[FeedbackItemV2]
    virtual_earnings: float
    commitment_secured: bool
    confidence: Literal["high", "low"]
    language: str = Field(description="ISO 639-1 code of the conversation's language.")
    notes: list[str] = Field(description="What limited the grade (language, length, flags).")
    flagged_lines: list[FlaggedLineV2] = Field(
        description="Lines that addressed the grading instead of the customer; they earned nothing."
    )
    details: list[CriterionDetailV2]
    grader: Literal["llm", "heuristic"]
    model: str | None = None
    rubric_id: str
    rubric_version: str = Field(description="<rubric id>@<version>, as on v1.")
    fallback_reason: str | None = Field(
        None, description="Why the offline grader graded although the LLM was configured."
    )
    regrade_request_id: UUID | None = Field(
        None, description="The regrade request this answers; None for the first grade."
    )
    graded_at: Timestamp
