"""Grading outcomes from the grader: stored on the session, then the live stream and the
group's feedback follow. Never commits: the handler's transaction does."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.events.catalog.grading import (
    SessionGradedV1,
    SessionGradedV2,
    SessionGradingFailedV1,
)
from sessionhub.common.rubric import SCORE_FIELDS
from sessionhub.sessions.grading.repository import GradingRepository
from sessionhub.sessions.grading.schemas import GradeReport, grade_payload
from sessionhub.sessions.groups.feedback import refresh_group_feedback
from sessionhub.sessions.state import SessionsState


async def _follow_up(db: AsyncSession, st: SessionsState, row: Row[Any]) -> None:
    st.live.publish_after_commit(db, row.id, "grade", grade_payload(row))
    if row.group_id is not None:
        await refresh_group_feedback(db, row.group_id)


async def record_grade(
    db: AsyncSession, st: SessionsState, event: SessionGradedV1 | SessionGradedV2
) -> bool:
    """Store the grade; False when the session is gone or a newer grade is stored."""
    row = await GradingRepository(db).store_grade(
        event.session_id,
        {
            **{name: getattr(event, name) for name in SCORE_FIELDS},
            "feedback_strengths": list(event.feedback_strengths),
            "feedback_improvements": list(event.feedback_improvements),
            "virtual_earnings": event.virtual_earnings,
            "grader": event.grader,
            "graded_at": event.graded_at,
            # v1 grades (still in flight during a rollout) have no report
            "grade_report": GradeReport.of(event).model_dump(mode="json")
            if isinstance(event, SessionGradedV2)
            else None,
        },
    )
    if row is None:
        return False
    await _follow_up(db, st, row)
    return True


async def record_failure(
    db: AsyncSession, st: SessionsState, event: SessionGradingFailedV1
) -> bool:
    """Grading gave up: the session leaves ``pending`` with the reason (only while pending)."""
    row = await GradingRepository(db).store_failure(event.session_id, event.reason)
    if row is None:
        return False
    await _follow_up(db, st, row)
    return True
