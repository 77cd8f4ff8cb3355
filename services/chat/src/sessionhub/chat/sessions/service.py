"""Business rules for chat sessions. Never commits: the caller's unit of work does."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy.engine import RowMapping
from sqlmodel.ext.asyncio.session import AsyncSession

from sessionhub.chat.limits import enforce_rate
from sessionhub.chat.messages.service import reseed_value
from sessionhub.chat.sessions import repository
from sessionhub.chat.sessions.repository import ChatSessionFilters
from sessionhub.chat.sessions.schemas import (
    ChatSessionCreate,
    ChatSessionPublic,
    ChatSessionUpdate,
)
from sessionhub.chat.state import ChatState
from sessionhub.common.auth import User
from sessionhub.common.db import after_commit
from sessionhub.common.errors import Conflict, NotFound
from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.chat import ChatSessionCreatedV1, chat_session_subject
from sessionhub.common.pagination import Page, decode_cursor, encode_cursor


class SessionQuotaExceeded(Conflict):
    code = "session-quota-exceeded"


def now() -> datetime:
    return datetime.now(UTC)


class ChatSessionService:
    async def create(
        self, state: ChatState, db: AsyncSession, user: User, data: ChatSessionCreate
    ) -> ChatSessionPublic:
        settings = state.settings
        persona = state.personas.get(data.persona)
        await enforce_rate(
            state,
            "sessions",
            user.id,
            limit=settings.session_create_limit,
            window_s=settings.session_create_window_s,
            what="new chat sessions",
        )
        created = now()
        if await repository.count_live_sessions(db, user.id, created) >= settings.session_quota:
            raise SessionQuotaExceeded(
                f"You already have {settings.session_quota} chat sessions, the most allowed. "
                "Delete some to start new ones.",
                extra={"quota": settings.session_quota},
            )
        expires_at = (
            created + timedelta(seconds=data.ttl_seconds) if data.ttl_seconds is not None else None
        )
        row = await repository.insert_session(
            db,
            {
                "id": uuid.uuid4(),
                "user_id": user.id,
                "persona": persona.id,
                "title": data.title,
                "helper": data.helper,
                "project_id": data.project_id,
                "metadata": data.meta,
                "last_activity_at": created,
                "created_at": created,
                "updated_at": created,
                "expires_at": expires_at,
            },
        )
        chat_session = repository.session_public(row)
        await outbox.add(
            db,
            ChatSessionCreatedV1(
                session_id=chat_session.id,
                user_id=user.id,
                persona=chat_session.persona,
                title=chat_session.title,
                helper=chat_session.helper,
                project_id=chat_session.project_id,
                created_at=chat_session.created_at,
                expires_at=chat_session.expires_at,
            ),
            subject=chat_session_subject(chat_session.id),
        )
        after_commit(db, functools.partial(state.ingest.start_counter, chat_session.id))
        return chat_session

    async def require(self, db: AsyncSession, user: User, session_id: UUID) -> RowMapping:
        """The caller's live session row; another user's or an expired one is a 404."""
        row = await repository.get_session(db, session_id, user.id, now())
        if row is None:
            raise NotFound.resource("Chat session", session_id)
        return row

    async def get(self, db: AsyncSession, user: User, session_id: UUID) -> ChatSessionPublic:
        return repository.session_public(await self.require(db, user, session_id))

    async def list_page(
        self,
        db: AsyncSession,
        user: User,
        filters: ChatSessionFilters,
        *,
        cursor: str | None,
        limit: int,
    ) -> Page[ChatSessionPublic]:
        after: tuple[datetime, UUID] | None = None
        if cursor is not None:
            at, ident = decode_cursor(cursor, datetime, UUID)
            after = (at, ident)
        rows = await repository.list_sessions(
            db, user.id, now(), filters, after=after, limit=limit + 1
        )
        data = [repository.session_public(r) for r in rows[:limit]]
        next_cursor = (
            encode_cursor(data[-1].last_activity_at, data[-1].id) if len(rows) > limit else None
        )
        return Page(data=data, next_cursor=next_cursor)

    async def update(
        self,
        state: ChatState,
        db: AsyncSession,
        user: User,
        session_id: UUID,
        changes: ChatSessionUpdate,
    ) -> ChatSessionPublic:
        values: dict[str, Any] = changes.model_dump(exclude_unset=True)
        if "meta" in values:
            values["metadata"] = values.pop("meta") or {}
        if "tags" in values:
            values["tags"] = sorted({t.strip() for t in values["tags"] or () if t.strip()})
        for required in ("pinned", "archived"):
            if values.get(required, False) is None:
                del values[required]
        row = await repository.update_session(db, session_id, user.id, now(), values)
        if row is None:
            raise NotFound.resource("Chat session", session_id)
        after_commit(db, functools.partial(state.cache.drop, session_id))
        return repository.session_public(row)

    async def delete(
        self, state: ChatState, db: AsyncSession, user: User, session_ids: Sequence[UUID]
    ) -> list[UUID]:
        """Delete sessions with their messages; returns the ids that were the caller's."""
        deleted = await repository.delete_sessions(db, session_ids, user.id, now())
        if deleted:
            after_commit(db, functools.partial(state.cache.bury, deleted))
            after_commit(db, functools.partial(state.ingest.forget_sessions, deleted))
        return deleted

    async def clear(
        self, state: ChatState, db: AsyncSession, user: User, session_id: UUID
    ) -> ChatSessionPublic:
        await self.require(db, user, session_id)
        ingest = state.ingest
        # The marker takes a seq of its own: everything accepted before it sorts at or
        # below it, so messages still on their way to a persister are dropped too.
        marker = await ingest.next_seq(session_id)
        if marker is None:
            marker = await ingest.next_seq(session_id, seed=await reseed_value(state, session_id))
        assert marker is not None
        row = await repository.clear_session(db, session_id, user.id, now(), marker)
        if row is None:
            raise NotFound.resource("Chat session", session_id)
        after_commit(db, functools.partial(state.cache.drop, session_id))
        after_commit(db, functools.partial(ingest.trim_tail, session_id, row["cleared_seq"]))
        return repository.session_public(row)


chat_sessions = ChatSessionService()
