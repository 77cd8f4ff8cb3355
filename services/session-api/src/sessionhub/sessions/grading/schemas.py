"""What a session's live stream says about its grading (the ``grade`` event's data)."""

from __future__ import annotations

from typing import Any

GRADE_FIELDS = (
    "grading_status",
    "rapport_score",
    "discovery_score",
    "objection_handling_score",
    "closing_score",
    "overall_score",
    "feedback_strengths",
    "feedback_improvements",
    "virtual_earnings",
    "grader",
    "graded_at",
    "grading_error",
)


def grade_payload(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in GRADE_FIELDS}


def is_settled(grading_status: str | None) -> bool:
    return grading_status in ("graded", "failed")
