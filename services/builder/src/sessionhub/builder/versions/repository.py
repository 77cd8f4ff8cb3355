"""SQL of AI versions."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

_COLUMNS = (
    "id, draft_id, generation_id, variant_id, persona, label, provider, outline, sources, "
    "contribution, rag_weight, created_at"
)


class VersionRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def create(self, draft_id: uuid.UUID, variant: Row[Any]) -> Row[Any]:
        stmt = text(
            "INSERT INTO ai_versions (id, draft_id, generation_id, variant_id, persona, label, "
            "provider, outline, sources, contribution, rag_weight) VALUES (:id, :draft, :gid, "
            ":vid, :persona, :label, :provider, CAST(:outline AS jsonb), CAST(:sources AS jsonb), "
            f"CAST(:contribution AS jsonb), :w) RETURNING {_COLUMNS}"
        )
        params = {
            "id": uuid.uuid4(),
            "draft": draft_id,
            "gid": variant.generation_id,
            "vid": variant.id,
            "persona": variant.persona,
            "label": variant.label,
            "provider": variant.provider,
            "outline": json.dumps(variant.outline),
            "sources": json.dumps(variant.sources),
            "contribution": json.dumps(variant.contribution),
            "w": variant.rag_weight,
        }
        return (await self.db.execute(stmt, params)).one()

    async def of_variant(self, draft_id: uuid.UUID, variant_id: uuid.UUID) -> Row[Any] | None:
        stmt = text(
            f"SELECT {_COLUMNS} FROM ai_versions WHERE draft_id = :d AND variant_id = :v "
            "ORDER BY created_at LIMIT 1"
        )
        return (await self.db.execute(stmt, {"d": draft_id, "v": variant_id})).first()

    async def get(self, draft_id: uuid.UUID, version_id: uuid.UUID) -> Row[Any] | None:
        stmt = text(f"SELECT {_COLUMNS} FROM ai_versions WHERE draft_id = :d AND id = :id")
        return (await self.db.execute(stmt, {"d": draft_id, "id": version_id})).first()

    async def of_draft(self, draft_id: uuid.UUID) -> list[Row[Any]]:
        stmt = text(f"SELECT {_COLUMNS} FROM ai_versions WHERE draft_id = :d ORDER BY created_at")
        return list((await self.db.execute(stmt, {"d": draft_id})).all())
