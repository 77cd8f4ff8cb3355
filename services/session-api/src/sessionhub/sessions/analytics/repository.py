"""SQL for analytics: the score columns of a user's or a group's sessions."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from sessionhub.sessions.models import sessions_table as S

SCORE_COLUMNS = (
    S.c.id,
    S.c.user_id,
    S.c.status,
    S.c.grading_status,
    S.c.graded_at,
    S.c.rapport_score,
    S.c.discovery_score,
    S.c.objection_handling_score,
    S.c.closing_score,
    S.c.overall_score,
)


class AnalyticsRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def _rows(self, condition: ColumnElement[bool]) -> list[Any]:
        stmt = select(*SCORE_COLUMNS).where(condition).order_by(S.c.id)
        return list((await self.db.execute(stmt)).all())

    async def user_rows(self, user_id: str) -> list[Any]:
        return await self._rows(S.c.user_id == user_id)

    async def group_rows(self, group_id: uuid.UUID) -> list[Any]:
        return await self._rows(S.c.group_id == group_id)
