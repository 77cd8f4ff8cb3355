"""SQL of the AI interaction log and the analytics read from it."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession


class InteractionRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def record(
        self,
        *,
        owner: str,
        draft_id: uuid.UUID,
        kind: str,
        generation_id: uuid.UUID | None = None,
        variant_id: uuid.UUID | None = None,
        version_id: uuid.UUID | None = None,
        variant_label: str | None = None,
        persona: str | None = None,
        rag_weight: float | None = None,
        category: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        await self.db.execute(
            text(
                "INSERT INTO ai_interactions (owner_id, draft_id, kind, generation_id, "
                "variant_id, version_id, variant_label, persona, rag_weight, category, data) "
                "VALUES (:owner, :draft, :kind, :gid, :vid, :version, :label, :persona, :w, "
                ":category, CAST(:data AS jsonb))"
            ),
            {
                "owner": owner,
                "draft": draft_id,
                "kind": kind,
                "gid": generation_id,
                "vid": variant_id,
                "version": version_id,
                "label": variant_label,
                "persona": persona,
                "w": rag_weight,
                "category": category,
                "data": json.dumps(data or {}),
            },
        )

    async def generation_counts(self, owner: str | None) -> Row[Any]:
        scope = "" if owner is None else "WHERE owner_id = :owner"
        stmt = text(
            "SELECT count(*) AS generations, "
            "count(*) FILTER (WHERE status = 'failed') AS failed, "
            "count(*) FILTER (WHERE fallback) AS fallbacks, "
            "count(*) FILTER (WHERE status IN ('pending', 'running')) AS open "
            f"FROM generations {scope}"
        )
        return (await self.db.execute(stmt, {"owner": owner})).one()

    async def variant_failures(self, owner: str | None) -> list[Row[Any]]:
        scope = "" if owner is None else "AND g.owner_id = :owner"
        stmt = text(
            "SELECT v.persona, count(*) FILTER (WHERE v.status = 'failed') AS failed, "
            "count(*) AS total FROM variants v JOIN generations g ON g.id = v.generation_id "
            f"WHERE true {scope} GROUP BY v.persona ORDER BY v.persona"
        )
        return list((await self.db.execute(stmt, {"owner": owner})).all())

    async def by_kind(self, kind: str, column: str, owner: str | None) -> list[Row[Any]]:
        assert column in ("variant_label", "rag_weight")
        scope = "" if owner is None else "AND owner_id = :owner"
        stmt = text(
            f"SELECT {column} AS key, count(*) AS count FROM ai_interactions "
            f"WHERE kind = :kind {scope} GROUP BY {column} ORDER BY count DESC, key"
        )
        return list((await self.db.execute(stmt, {"kind": kind, "owner": owner})).all())

    async def rag_weights(self, owner: str | None) -> list[Row[Any]]:
        scope = "" if owner is None else "AND owner_id = :owner"
        stmt = text(
            "SELECT rag_weight AS key, count(*) AS count FROM generations "
            f"WHERE rag_weight IS NOT NULL {scope} GROUP BY rag_weight ORDER BY rag_weight"
        )
        return list((await self.db.execute(stmt, {"owner": owner})).all())
