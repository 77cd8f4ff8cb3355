"""SQL for analytics: a user's maintained statistics and graded picks, and the score
columns of a group's (or, for the full recomputation, a user's) sessions."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import CompoundSelect, Row, Select, literal, select, text, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.sessions.models import sessions_table as S
from sessionhub.sessions.models import user_stats_table as U

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
# Spelled as literals, not bound parameters: only then can PostgreSQL prove that a
# query lies inside the partial indexes' predicate, whatever plan it caches.
GRADED = text("grading_status = 'graded' AND overall_score IS NOT NULL")
# When the grade landed, unknown first (as the oldest), then id: the index order.
EARLIEST = (S.c.graded_at.asc().nulls_first(), S.c.id.asc())
LATEST = (S.c.graded_at.desc().nulls_last(), S.c.id.desc())


def stats_statement(user_id: str) -> Select[Any]:
    return select(U).where(U.c.user_id == user_id)


def picks_statement(user_id: str, trend: int) -> CompoundSelect:
    """first, best and the last ``trend`` graded sessions, each an index range scan."""

    def graded(pick: str, *order: Any, limit: int) -> Select[Any]:
        inner = (
            select(S.c.id, S.c.overall_score, S.c.graded_at)
            .where(S.c.user_id == user_id, GRADED)
            .order_by(*order)
            .limit(limit)
            .subquery(pick)
        )
        return select(literal(pick).label("pick"), inner)

    return union_all(
        graded("first", *EARLIEST, limit=1),
        graded("best", S.c.overall_score.desc(), *EARLIEST, limit=1),
        graded("trend", *LATEST, limit=trend),
    )


class AnalyticsRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def user_stats(self, user_id: str) -> Row[Any] | None:
        return (await self.db.execute(stats_statement(user_id))).first()

    async def user_picks(self, user_id: str, trend: int) -> list[Row[Any]]:
        return list((await self.db.execute(picks_statement(user_id, trend))).all())

    async def score_rows(
        self, *, group_id: uuid.UUID | None = None, user_id: str | None = None
    ) -> list[Any]:
        """Every session of the group (or user) with its scores: O(sessions)."""
        stmt = select(*SCORE_COLUMNS).order_by(S.c.id)
        if group_id is not None:
            stmt = stmt.where(S.c.group_id == group_id)
        if user_id is not None:
            stmt = stmt.where(S.c.user_id == user_id)
        return list((await self.db.execute(stmt)).all())

    async def rebuild_user_stats(self) -> int:
        """Recount every user's statistics from the sessions; the number of users."""
        return int(
            (await self.db.execute(text("SELECT user_session_stats_rebuild()"))).scalar_one()
        )
