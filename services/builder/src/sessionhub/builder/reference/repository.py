"""SQL of the reference tables (seeded by the 0002 migration)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession


class ReferenceRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def named(self, table: str) -> list[Row[Any]]:
        assert table in ("categories", "audiences", "tones")
        stmt = text(f"SELECT id, name, description FROM {table} ORDER BY id")
        return list((await self.db.execute(stmt)).all())

    async def locations(self) -> list[Row[Any]]:
        stmt = text("SELECT id, name, kind, timezone FROM locations ORDER BY id")
        return list((await self.db.execute(stmt)).all())
