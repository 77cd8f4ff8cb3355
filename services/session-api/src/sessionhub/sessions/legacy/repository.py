"""SQL for the legacy import: imported sessions and the uuid → integer id map."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.sessions.models import legacy_table as LG
from sessionhub.sessions.models import lines_table as L
from sessionhub.sessions.models import sessions_table as S


class LegacyRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def session_for(self, legacy_id: uuid.UUID) -> int | None:
        stmt = select(LG.c.session_id).where(LG.c.legacy_id == legacy_id)
        value = (await self.db.execute(stmt)).scalar_one_or_none()
        return None if value is None else int(value)

    async def link(self, legacy_id: uuid.UUID, session_id: int) -> bool:
        """Record the mapping; False when another import already claimed this uuid."""
        stmt = (
            pg_insert(LG)
            .values(legacy_id=legacy_id, session_id=session_id)
            .on_conflict_do_nothing(index_elements=["legacy_id"])
            .returning(LG.c.legacy_id)
        )
        return (await self.db.execute(stmt)).first() is not None

    async def insert_session(self, values: dict[str, Any], lines: Sequence[dict[str, Any]]) -> int:
        """A completed session with its transcript lines (seq from 1, in order)."""
        stmt = insert(S).values(**values).returning(S.c.id)
        session_id = int((await self.db.execute(stmt)).scalar_one())
        await self.db.execute(
            insert(L),
            [{"session_id": session_id, "seq": i + 1, **line} for i, line in enumerate(lines)],
        )
        return session_id
