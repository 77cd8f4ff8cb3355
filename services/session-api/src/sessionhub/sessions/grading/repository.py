"""SQL that stores grading outcomes on a training session."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, update
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.rubric import SCORE_FIELDS
from sessionhub.sessions.models import sessions_table as S

GRADE_COLUMNS = (
    S.c.id,
    S.c.user_id,
    S.c.group_id,
    S.c.grading_status,
    *(S.c[name] for name in SCORE_FIELDS),
    S.c.feedback_strengths,
    S.c.feedback_improvements,
    S.c.virtual_earnings,
    S.c.grader,
    S.c.graded_at,
    S.c.grading_error,
)


class GradingRepository:
    """Writes grading outcomes; a stale outcome (older than the stored one) changes nothing."""

    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def store_grade(self, session_id: int, values: dict[str, Any]) -> Row[Any] | None:
        graded_at = values["graded_at"]
        stmt = (
            update(S)
            .where(
                S.c.id == session_id,
                S.c.status == "completed",
                (S.c.graded_at.is_(None)) | (S.c.graded_at <= graded_at),
            )
            .values(**values, grading_status="graded", grading_error=None)
            .returning(*GRADE_COLUMNS)
        )
        return (await self.db.execute(stmt)).first()

    async def store_failure(self, session_id: int, reason: str) -> Row[Any] | None:
        stmt = (
            update(S)
            .where(S.c.id == session_id, S.c.grading_status == "pending")
            .values(grading_status="failed", grading_error=reason)
            .returning(*GRADE_COLUMNS)
        )
        return (await self.db.execute(stmt)).first()
