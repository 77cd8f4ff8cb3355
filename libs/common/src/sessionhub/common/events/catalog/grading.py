"""Contracts published by the grader."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from sessionhub.common.events.catalog.sessions import SessionRefV1
from sessionhub.common.events.registry import Event, event
from sessionhub.common.timestamps import Timestamp

PRODUCER = "grader"

Criterion = Literal["rapport", "discovery", "objection_handling", "closing"]


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
