"""What a session's live stream says about its grading (the ``grade`` event's data), and
the grade's report: how it was made, check by check."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from sessionhub.common.events.catalog.grading import (
    CriterionDetailV2,
    FeedbackItemV2,
    FlaggedLineV2,
    SessionGradedV2,
)
from sessionhub.common.rubric import SCORE_FIELDS
from sessionhub.common.timestamps import format_timestamp


class GradeReport(BaseModel):
    """Shown to the trainee beside the scores: which checks passed, how sure the grade is."""

    rubric_version: str = Field(description="<rubric id>@<version> the session was graded against.")
    passed: bool
    confidence: Literal["high", "low"]
    language: str = Field(description="ISO 639-1 code of the conversation's language.")
    notes: list[str]
    fallback_reason: str | None = Field(
        None, description="Why the offline grader graded although the LLM was configured."
    )
    commitment_secured: bool
    flagged_lines: list[FlaggedLineV2]
    feedback: list[FeedbackItemV2]
    details: list[CriterionDetailV2]

    @classmethod
    def of(cls, event: SessionGradedV2) -> GradeReport:
        return cls.model_validate(event.model_dump(mode="json"))


GRADE_FIELDS = (
    "grading_status",
    *SCORE_FIELDS,
    "feedback_strengths",
    "feedback_improvements",
    "virtual_earnings",
    "grader",
    "graded_at",
    "grading_error",
)


def grade_payload(row: Any) -> dict[str, Any]:
    payload = {name: getattr(row, name) for name in GRADE_FIELDS}
    if payload["graded_at"] is not None:
        payload["graded_at"] = format_timestamp(payload["graded_at"])
    return payload


def is_settled(grading_status: str | None) -> bool:
    return grading_status in ("graded", "failed")
