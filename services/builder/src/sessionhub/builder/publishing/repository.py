"""SQL of publishing: the draft's lock, the session record and its content versions."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Row, text
from sqlalchemy.ext.asyncio import AsyncSession

_SESSION = (
    "id, draft_id, owner_id, title, session_type, category, metadata, starts_at, ends_at, "
    "timezone, audience_id, audience_name, location, current_version, status, published_at, "
    "updated_at"
)
_VERSION = (
    "version, draft_revision, outline, accepted_version_id, readiness_score, published_by, "
    "published_at"
)


class PublishingRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def lock_draft(self, draft_id: uuid.UUID, owner: str) -> Row[Any] | None:
        """The draft row, locked until commit: publishes of one draft run one at a time."""
        stmt = text(
            "SELECT id, owner_id, status, revision, doc, accepted_version_id, "
            "published_session_id, published_revision FROM drafts "
            "WHERE id = :id AND owner_id = :owner FOR UPDATE"
        )
        return (await self.db.execute(stmt, {"id": draft_id, "owner": owner})).first()

    async def version_of_revision(self, session_id: uuid.UUID, revision: int) -> Row[Any] | None:
        stmt = text(
            f"SELECT {_VERSION} FROM session_content_versions "
            "WHERE session_id = :s AND draft_revision = :r"
        )
        return (await self.db.execute(stmt, {"s": session_id, "r": revision})).first()

    async def upsert_session(
        self,
        *,
        draft_id: uuid.UUID,
        owner: str,
        values: dict[str, Any],
        now: datetime,
    ) -> Row[Any]:
        """Create the session (version 1) or move it to its next version."""
        stmt = text(
            "INSERT INTO published_sessions (id, draft_id, owner_id, title, session_type, "
            "category, metadata, starts_at, ends_at, timezone, audience_id, audience_name, "
            "location, current_version, published_at, updated_at) VALUES (:id, :draft, :owner, "
            ":title, :session_type, :category, CAST(:metadata AS jsonb), :starts_at, :ends_at, "
            ":timezone, :audience_id, :audience_name, :location, 1, :now, :now) "
            "ON CONFLICT (draft_id) DO UPDATE SET title = EXCLUDED.title, "
            "session_type = EXCLUDED.session_type, category = EXCLUDED.category, "
            "metadata = EXCLUDED.metadata, starts_at = EXCLUDED.starts_at, "
            "ends_at = EXCLUDED.ends_at, timezone = EXCLUDED.timezone, "
            "audience_id = EXCLUDED.audience_id, audience_name = EXCLUDED.audience_name, "
            "location = EXCLUDED.location, status = 'published', "
            "current_version = published_sessions.current_version + 1, updated_at = :now "
            f"RETURNING {_SESSION}"
        )
        params = {
            "id": uuid.uuid4(),
            "draft": draft_id,
            "owner": owner,
            "now": now,
            **values,
            "metadata": json.dumps(values["metadata"]),
        }
        return (await self.db.execute(stmt, params)).one()

    async def add_version(
        self,
        session_id: uuid.UUID,
        *,
        version: int,
        revision: int,
        outline: dict[str, Any],
        accepted: uuid.UUID | None,
        score: int,
        by: str,
        now: datetime,
    ) -> Row[Any]:
        stmt = text(
            "INSERT INTO session_content_versions (session_id, version, draft_revision, outline, "
            "accepted_version_id, readiness_score, published_by, published_at) VALUES (:s, :v, "
            f":r, CAST(:outline AS jsonb), :accepted, :score, :by, :now) RETURNING {_VERSION}"
        )
        params = {
            "s": session_id,
            "v": version,
            "r": revision,
            "outline": json.dumps(outline),
            "accepted": accepted,
            "score": score,
            "by": by,
            "now": now,
        }
        return (await self.db.execute(stmt, params)).one()

    async def mark_published(
        self, draft_id: uuid.UUID, session_id: uuid.UUID, revision: int
    ) -> None:
        await self.db.execute(
            text(
                "UPDATE drafts SET status = 'published', published_session_id = :s, "
                "published_revision = :r, updated_at = now() WHERE id = :id"
            ),
            {"id": draft_id, "s": session_id, "r": revision},
        )

    async def archive(self, draft_id: uuid.UUID, owner: str) -> Row[Any] | None:
        """Archive; None when there is no such draft, ``changed`` false when it already was."""
        stmt = text(
            "WITH before AS (SELECT id, status FROM drafts WHERE id = :id AND owner_id = :owner "
            "FOR UPDATE) UPDATE drafts d SET status = 'archived', updated_at = now() "
            "FROM before WHERE d.id = before.id "
            "RETURNING d.published_session_id, before.status <> 'archived' AS changed"
        )
        return (await self.db.execute(stmt, {"id": draft_id, "owner": owner})).first()

    async def session(self, session_id: uuid.UUID, owner: str) -> Row[Any] | None:
        stmt = text(f"SELECT {_SESSION} FROM published_sessions WHERE id = :id AND owner_id = :o")
        return (await self.db.execute(stmt, {"id": session_id, "o": owner})).first()

    async def sessions(
        self, owner: str, *, after: tuple[datetime, uuid.UUID] | None, limit: int
    ) -> list[Row[Any]]:
        clauses = ["owner_id = :owner"]
        params: dict[str, Any] = {"owner": owner, "limit": limit}
        if after is not None:
            clauses.append("(published_at, id) < (:after_at, :after_id)")
            params["after_at"], params["after_id"] = after
        stmt = text(
            f"SELECT {_SESSION} FROM published_sessions WHERE "
            + " AND ".join(clauses)
            + " ORDER BY published_at DESC, id DESC LIMIT :limit"
        )
        return list((await self.db.execute(stmt, params)).all())

    async def versions(self, session_id: uuid.UUID) -> list[Row[Any]]:
        stmt = text(
            f"SELECT {_VERSION} FROM session_content_versions WHERE session_id = :s "
            "ORDER BY version DESC"
        )
        return list((await self.db.execute(stmt, {"s": session_id})).all())

    async def version(self, session_id: uuid.UUID, version: int) -> Row[Any] | None:
        stmt = text(
            f"SELECT {_VERSION} FROM session_content_versions "
            "WHERE session_id = :s AND version = :v"
        )
        return (await self.db.execute(stmt, {"s": session_id, "v": version})).first()
