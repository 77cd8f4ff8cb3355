"""SQL of generations, their variants and the persona configs."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

_GENERATION = (
    "id, draft_id, owner_id, status, request, attempts, rag_weight, rag_weight_reason, "
    "retrieval, fallback, error, requested_at, started_at, finished_at"
)
_VARIANT = (
    "id, generation_id, persona, label, description, status, provider, outline, sources, "
    "contribution, error, created_at"
)


class GenerationRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def create(
        self, generation_id: uuid.UUID, draft_id: uuid.UUID, owner: str, request: dict[str, Any]
    ) -> Row[Any]:
        stmt = text(
            "INSERT INTO generations (id, draft_id, owner_id, request) "
            f"VALUES (:id, :draft, :owner, CAST(:request AS jsonb)) RETURNING {_GENERATION}"
        )
        params = {
            "id": generation_id,
            "draft": draft_id,
            "owner": owner,
            "request": json.dumps(request),
        }
        return (await self.db.execute(stmt, params)).one()

    async def claim(self, generation_id: uuid.UUID) -> Row[Any] | None:
        """Start (or restart, after a lost worker) an unfinished generation."""
        stmt = text(
            "UPDATE generations SET status = 'running', attempts = attempts + 1, "
            "started_at = now() WHERE id = :id AND status IN ('pending', 'running') "
            f"RETURNING {_GENERATION}"
        )
        return (await self.db.execute(stmt, {"id": generation_id})).first()

    async def clear_variants(self, generation_id: uuid.UUID) -> None:
        await self.db.execute(
            text("DELETE FROM variants WHERE generation_id = :id"), {"id": generation_id}
        )

    async def set_retrieval(
        self, generation_id: uuid.UUID, weight: float, reason: str, retrieval: dict[str, Any]
    ) -> None:
        await self.db.execute(
            text(
                "UPDATE generations SET rag_weight = :w, rag_weight_reason = :r, "
                "retrieval = CAST(:retrieval AS jsonb) WHERE id = :id"
            ),
            {"id": generation_id, "w": weight, "r": reason, "retrieval": json.dumps(retrieval)},
        )

    async def add_variant(self, generation_id: uuid.UUID, position: int, **values: Any) -> None:
        await self.db.execute(
            text(
                "INSERT INTO variants (id, generation_id, persona, position, label, description, "
                "status, provider, outline, sources, contribution, error) VALUES (:id, :gid, "
                ":persona, :position, :label, :description, :status, :provider, "
                "CAST(:outline AS jsonb), CAST(:sources AS jsonb), CAST(:contribution AS jsonb), "
                ":error) ON CONFLICT (generation_id, persona) DO NOTHING"
            ),
            {
                "gid": generation_id,
                "position": position,
                **values,
                "outline": json.dumps(values["outline"]),
                "sources": json.dumps(values["sources"]),
                "contribution": json.dumps(values["contribution"]),
            },
        )

    async def finish(
        self,
        generation_id: uuid.UUID,
        *,
        status: str,
        fallback: bool = False,
        error: str | None = None,
        only_open: bool = False,
    ) -> Row[Any] | None:
        guard = " AND status IN ('pending', 'running')" if only_open else ""
        stmt = text(
            "UPDATE generations SET status = :status, fallback = :fallback, error = :error, "
            f"finished_at = now() WHERE id = :id{guard} RETURNING {_GENERATION}"
        )
        params = {"id": generation_id, "status": status, "fallback": fallback, "error": error}
        return (await self.db.execute(stmt, params)).first()

    async def stale(self, older_than_s: float) -> list[Row[Any]]:
        stmt = text(
            f"SELECT {_GENERATION} FROM generations WHERE status IN ('pending', 'running') "
            "AND requested_at < now() - make_interval(secs => :s) ORDER BY requested_at LIMIT 100"
        )
        return list((await self.db.execute(stmt, {"s": older_than_s})).all())

    async def get(self, generation_id: uuid.UUID) -> Row[Any] | None:
        stmt = text(f"SELECT {_GENERATION} FROM generations WHERE id = :id")
        return (await self.db.execute(stmt, {"id": generation_id})).first()

    async def latest(self, draft_id: uuid.UUID, limit: int = 1) -> list[Row[Any]]:
        stmt = text(
            f"SELECT {_GENERATION} FROM generations WHERE draft_id = :id "
            "ORDER BY requested_at DESC, id DESC LIMIT :limit"
        )
        return list((await self.db.execute(stmt, {"id": draft_id, "limit": limit})).all())

    async def variants(self, generation_id: uuid.UUID) -> list[Row[Any]]:
        stmt = text(
            f"SELECT {_VARIANT} FROM variants WHERE generation_id = :id ORDER BY position, persona"
        )
        return list((await self.db.execute(stmt, {"id": generation_id})).all())

    async def variant(self, variant_id: uuid.UUID) -> Row[Any] | None:
        stmt = text(
            f"SELECT v.{_VARIANT.replace(', ', ', v.')}, g.draft_id, g.owner_id, g.rag_weight "
            "FROM variants v JOIN generations g ON g.id = v.generation_id WHERE v.id = :id"
        )
        return (await self.db.execute(stmt, {"id": variant_id})).first()


class ConfigRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def all(self) -> list[Row[Any]]:
        stmt = text(
            "SELECT persona, position, label, description, instruction, updated_at, updated_by "
            "FROM variant_configs ORDER BY position"
        )
        return list((await self.db.execute(stmt)).all())

    async def update(
        self, persona: str, *, label: str, description: str, instruction: str, by: str
    ) -> Row[Any] | None:
        stmt = text(
            "UPDATE variant_configs SET label = :label, description = :description, "
            "instruction = :instruction, updated_by = :by, updated_at = now() "
            "WHERE persona = :persona RETURNING persona, position, label, description, "
            "instruction, updated_at, updated_by"
        )
        params = {
            "persona": persona,
            "label": label,
            "description": description,
            "instruction": instruction,
            "by": by,
        }
        return (await self.db.execute(stmt, params)).first()
