"""SQL for groups and group templates."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, delete, func, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.rubric import SCORE_FIELDS
from sessionhub.sessions.models import groups_table as G
from sessionhub.sessions.models import sessions_table as S
from sessionhub.sessions.models import templates_table as T

MEMBER_COLUMNS = (
    S.c.id,
    S.c.user_id,
    S.c.title,
    S.c.scenario,
    S.c.persona,
    S.c.agent_name,
    S.c.status,
    S.c.grading_status,
    *(S.c[name] for name in SCORE_FIELDS),
    S.c.feedback_strengths,
    S.c.feedback_improvements,
)


class GroupRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def create(self, name: str, created_by: str) -> uuid.UUID:
        group_id = uuid.uuid4()
        await self.db.execute(insert(G).values(id=group_id, name=name, created_by=created_by))
        return group_id

    async def get(self, group_id: uuid.UUID, *, lock: bool = False) -> Row[Any] | None:
        stmt = select(G).where(G.c.id == group_id)
        if lock:
            stmt = stmt.with_for_update()
        return (await self.db.execute(stmt)).first()

    async def page(
        self, created_by: str | None, *, before: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Row[Any]]:
        count = (
            select(func.count())
            .select_from(S)
            .where(S.c.group_id == G.c.id)
            .scalar_subquery()
            .label("session_count")
        )
        stmt = select(G, count).order_by(G.c.created_at.desc(), G.c.id.desc()).limit(limit)
        if created_by is not None:
            stmt = stmt.where(G.c.created_by == created_by)
        if before is not None:
            stmt = stmt.where(tuple_(G.c.created_at, G.c.id) < tuple_(*before))
        return list((await self.db.execute(stmt)).all())

    async def members(self, group_id: uuid.UUID) -> list[Any]:
        stmt = select(*MEMBER_COLUMNS).where(S.c.group_id == group_id).order_by(S.c.id)
        return list((await self.db.execute(stmt)).all())

    async def rename(self, group_id: uuid.UUID, name: str) -> None:
        await self.db.execute(
            update(G).where(G.c.id == group_id).values(name=name, updated_at=datetime.now(UTC))
        )

    async def store_feedback(self, group_id: uuid.UUID, feedback: dict[str, Any]) -> None:
        now = datetime.now(UTC)
        await self.db.execute(
            update(G)
            .where(G.c.id == group_id)
            .values(group_feedback=feedback, feedback_at=now, updated_at=now)
        )

    async def delete(self, group_id: uuid.UUID) -> list[int]:
        """Delete the group; its sessions and their transcripts go with it (cascade)."""
        ids = (
            (await self.db.execute(select(S.c.id).where(S.c.group_id == group_id))).scalars().all()
        )
        await self.db.execute(delete(G).where(G.c.id == group_id))
        return [int(i) for i in ids]

    async def create_template(
        self, user_id: str, name: str, sessions: list[dict[str, Any]]
    ) -> Row[Any]:
        stmt = insert(T).values(user_id=user_id, name=name, sessions=sessions).returning(T)
        return (await self.db.execute(stmt)).one()

    async def template(self, template_id: int) -> Row[Any] | None:
        return (await self.db.execute(select(T).where(T.c.id == template_id))).first()

    async def templates(self, user_id: str, *, before_id: int | None, limit: int) -> list[Row[Any]]:
        stmt = select(T).where(T.c.user_id == user_id).order_by(T.c.id.desc()).limit(limit)
        if before_id is not None:
            stmt = stmt.where(T.c.id < before_id)
        return list((await self.db.execute(stmt)).all())
