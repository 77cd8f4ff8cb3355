"""SQL for the legacy uuid → integer id map."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.sessions.models import legacy_table as LG


class LegacyRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def session_for(self, legacy_id: uuid.UUID) -> int | None:
        stmt = select(LG.c.session_id).where(LG.c.legacy_id == legacy_id)
        value = (await self.session.execute(stmt)).scalar_one_or_none()
        return None if value is None else int(value)

    async def link(self, legacy_id: uuid.UUID, session_id: int) -> bool:
        """Record the mapping; False when another import already claimed this uuid."""
        stmt = (
            pg_insert(LG)
            .values(legacy_id=legacy_id, session_id=session_id)
            .on_conflict_do_nothing(index_elements=["legacy_id"])
            .returning(LG.c.legacy_id)
        )
        return (await self.session.execute(stmt)).first() is not None
