"""All chat SQL. Functions take the caller's ``AsyncSession`` and never commit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, text, tuple_, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.chat.cache import SessionHeader
from sessionhub.chat.models import ChatMessage, ChatMessagePublic, ChatSession, ChatSessionPublic
from sessionhub.common.events.catalog.chat import ChatMessagePostedV1

sessions = ChatSession.__table__  # type: ignore[attr-defined]
messages = ChatMessage.__table__  # type: ignore[attr-defined]

PREVIEW_CHARS = 200


def _live(user_id: str, now: datetime) -> ColumnElement[bool]:
    """The caller's sessions that have not expired (expired ones answer 404 until swept)."""
    return and_(
        sessions.c.user_id == user_id,
        or_(sessions.c.expires_at.is_(None), sessions.c.expires_at > now),
    )


def session_public(row: RowMapping) -> ChatSessionPublic:
    return ChatSessionPublic.model_validate(dict(row))


def message_public(row: RowMapping) -> ChatMessagePublic:
    return ChatMessagePublic.model_validate(dict(row))


# --------------------------------------------------------------------------- sessions


async def insert_session(db: AsyncSession, values: dict[str, Any]) -> RowMapping:
    stmt = sessions.insert().values(**values).returning(*sessions.c)
    return (await db.execute(stmt)).mappings().one()


async def count_live_sessions(db: AsyncSession, user_id: str, now: datetime) -> int:
    stmt = select(func.count()).select_from(sessions).where(_live(user_id, now))
    return int((await db.execute(stmt)).scalar_one())


async def get_session(
    db: AsyncSession, session_id: UUID, user_id: str, now: datetime
) -> RowMapping | None:
    stmt = select(*sessions.c).where(sessions.c.id == session_id, _live(user_id, now))
    return (await db.execute(stmt)).mappings().first()


async def get_header(db: AsyncSession, session_id: UUID) -> SessionHeader | None:
    """Any owner's session, expired or not: the cache entry, checked by its reader."""
    c = sessions.c
    stmt = select(c.id, c.user_id, c.persona, c.title, c.cleared_seq, c.expires_at).where(
        c.id == session_id
    )
    row = (await db.execute(stmt)).first()
    return None if row is None else SessionHeader(*row)


@dataclass(frozen=True)
class SessionFilters:
    helper: str | None = None
    project_id: str | None = None
    archived: bool | None = None
    pinned: bool | None = None
    tag: str | None = None


async def list_sessions(
    db: AsyncSession,
    user_id: str,
    now: datetime,
    filters: SessionFilters,
    *,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[RowMapping]:
    conditions = [_live(user_id, now)]
    if filters.helper is not None:
        conditions.append(sessions.c.helper == filters.helper)
    if filters.project_id is not None:
        conditions.append(sessions.c.project_id == filters.project_id)
    if filters.archived is not None:
        conditions.append(sessions.c.archived.is_(filters.archived))
    if filters.pinned is not None:
        conditions.append(sessions.c.pinned.is_(filters.pinned))
    if filters.tag is not None:
        conditions.append(sessions.c.tags.contains([filters.tag]))
    if after is not None:
        conditions.append(tuple_(sessions.c.last_activity_at, sessions.c.id) < tuple_(*after))
    stmt = (
        select(*sessions.c)
        .where(*conditions)
        .order_by(sessions.c.last_activity_at.desc(), sessions.c.id.desc())
        .limit(limit)
    )
    return list((await db.execute(stmt)).mappings().all())


async def update_session(
    db: AsyncSession, session_id: UUID, user_id: str, now: datetime, values: dict[str, Any]
) -> RowMapping | None:
    stmt = (
        update(sessions)
        .where(sessions.c.id == session_id, _live(user_id, now))
        .values(**values, updated_at=now)
        .returning(*sessions.c)
    )
    return (await db.execute(stmt)).mappings().first()


async def set_generated_title(db: AsyncSession, session_id: UUID, title: str) -> None:
    """Only the first title wins; a title the user set meanwhile is kept."""
    await db.execute(
        update(sessions)
        .where(sessions.c.id == session_id, sessions.c.title.is_(None))
        .values(title=title)
    )


async def clear_session(
    db: AsyncSession, session_id: UUID, user_id: str, now: datetime, marker: int
) -> RowMapping | None:
    """Drop every message up to seq ``marker``; ones still in flight are dropped on arrival."""
    cleared = (
        await db.execute(
            update(sessions)
            .where(sessions.c.id == session_id, _live(user_id, now))
            .values(cleared_seq=func.greatest(sessions.c.cleared_seq, marker), updated_at=now)
            .returning(sessions.c.cleared_seq)
        )
    ).scalar_one_or_none()
    if cleared is None:
        return None
    await db.execute(
        delete(messages).where(messages.c.session_id == session_id, messages.c.seq <= cleared)
    )
    # Messages posted after the marker may already be stored: count what is left.
    kept = messages.c.session_id == session_id
    latest = (
        select(messages.c.seq, messages.c.content)
        .where(kept, messages.c.role.in_(("user", "assistant")), messages.c.content != "")
        .order_by(messages.c.seq.desc())
        .limit(1)
        .subquery()
    )
    stmt = (
        update(sessions)
        .where(sessions.c.id == session_id)
        .values(
            message_count=select(func.count()).select_from(messages).where(kept).scalar_subquery(),
            last_message_preview=select(
                func.left(latest.c.content, PREVIEW_CHARS)
            ).scalar_subquery(),
            preview_seq=select(func.coalesce(func.max(latest.c.seq), 0)).scalar_subquery(),
        )
        .returning(*sessions.c)
    )
    return (await db.execute(stmt)).mappings().one()


async def delete_sessions(
    db: AsyncSession, session_ids: Sequence[UUID], user_id: str, now: datetime
) -> list[UUID]:
    stmt = (
        delete(sessions)
        .where(sessions.c.id.in_(list(session_ids)), _live(user_id, now))
        .returning(sessions.c.id)
    )
    return list((await db.execute(stmt)).scalars().all())


async def delete_expired(db: AsyncSession, now: datetime, limit: int) -> list[UUID]:
    doomed = (
        select(sessions.c.id)
        .where(sessions.c.expires_at <= now)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    stmt = delete(sessions).where(sessions.c.id.in_(doomed)).returning(sessions.c.id)
    return list((await db.execute(stmt)).scalars().all())


async def highest_seq(db: AsyncSession, session_id: UUID) -> int:
    """The highest seq PostgreSQL knows for a session (persisted or cleared)."""
    stmt = select(
        func.greatest(
            sessions.c.last_seq,
            sessions.c.cleared_seq,
            select(func.coalesce(func.max(messages.c.seq), 0))
            .where(messages.c.session_id == session_id)
            .scalar_subquery(),
        )
    ).where(sessions.c.id == session_id)
    return int((await db.execute(stmt)).scalar_one_or_none() or 0)


# --------------------------------------------------------------------------- messages


async def message_page(
    db: AsyncSession,
    session_id: UUID,
    cleared_seq: int,
    *,
    cursor: tuple[int, UUID] | None,
    newest_first: bool,
    limit: int,
) -> list[ChatMessagePublic]:
    conditions = [messages.c.session_id == session_id, messages.c.seq > cleared_seq]
    key = tuple_(messages.c.seq, messages.c.id)
    if cursor is not None:
        conditions.append(key < tuple_(*cursor) if newest_first else key > tuple_(*cursor))
    order = (
        (messages.c.seq.desc(), messages.c.id.desc())
        if newest_first
        else (messages.c.seq, messages.c.id)
    )
    stmt = select(*messages.c).where(*conditions).order_by(*order).limit(limit)
    return [message_public(row) for row in (await db.execute(stmt)).mappings().all()]


LOCK_SESSIONS = text(
    # In id order, so concurrent persisters never deadlock on each other's sessions.
    "SELECT id FROM chat_sessions WHERE id = ANY(:ids) ORDER BY id FOR NO KEY UPDATE"
)

PERSIST = text(
    """
    WITH incoming AS (
        SELECT * FROM unnest(
            CAST(:ids AS uuid[]), CAST(:session_ids AS uuid[]), CAST(:seqs AS bigint[]),
            CAST(:roles AS text[]), CAST(:contents AS text[]),
            CAST(CAST(:tool_calls AS text[]) AS jsonb[]), CAST(:tool_call_ids AS text[]),
            CAST(:parent_ids AS uuid[]), CAST(CAST(:metadata AS text[]) AS jsonb[]),
            CAST(:created AS timestamptz[])
        ) AS u(id, session_id, seq, role, content, tool_calls, tool_call_id, parent_id,
               metadata, created_at)
    ), inserted AS (
        INSERT INTO chat_messages (id, session_id, seq, role, content, tool_calls,
                                   tool_call_id, parent_id, metadata, created_at)
        SELECT u.id, u.session_id, u.seq, u.role, u.content, u.tool_calls, u.tool_call_id,
               u.parent_id, u.metadata, u.created_at
        FROM incoming u JOIN chat_sessions s ON s.id = u.session_id AND u.seq > s.cleared_seq
        ON CONFLICT (id) DO NOTHING
        RETURNING session_id, seq, role, content, created_at
    ), per_session AS (
        SELECT session_id,
               count(*) AS added,
               max(seq) AS max_seq,
               max(created_at) AS last_at,
               max(seq) FILTER (WHERE role IN ('user', 'assistant') AND content <> '')
                   AS preview_seq,
               (array_agg(left(content, :preview_chars) ORDER BY seq DESC)
                   FILTER (WHERE role IN ('user', 'assistant') AND content <> ''))[1]
                   AS preview
        FROM inserted GROUP BY session_id
    )
    UPDATE chat_sessions s SET
        message_count = s.message_count + p.added,
        last_seq = greatest(s.last_seq, p.max_seq),
        last_message_preview = CASE WHEN coalesce(p.preview_seq, 0) > s.preview_seq
                                    THEN p.preview ELSE s.last_message_preview END,
        preview_seq = greatest(s.preview_seq, coalesce(p.preview_seq, 0)),
        last_activity_at = greatest(s.last_activity_at, p.last_at)
    FROM per_session p WHERE s.id = p.session_id
    """
)


async def persist_messages(db: AsyncSession, events: Sequence[ChatMessagePostedV1]) -> None:
    """Insert posted messages once each (by id) and roll them into their sessions.

    Messages of deleted sessions, or cleared before they arrived, are dropped here.
    """
    if not events:
        return
    session_ids = sorted({e.session_id for e in events})
    await db.execute(LOCK_SESSIONS, {"ids": session_ids})
    await db.execute(
        PERSIST,
        {
            "ids": [e.message_id for e in events],
            "session_ids": [e.session_id for e in events],
            "seqs": [e.seq for e in events],
            "roles": [e.role for e in events],
            "contents": [e.content for e in events],
            "tool_calls": [
                json.dumps([call.model_dump() for call in e.tool_calls]) for e in events
            ],
            "tool_call_ids": [e.tool_call_id for e in events],
            "parent_ids": [e.parent_id for e in events],
            "metadata": [json.dumps(e.metadata) for e in events],
            "created": [e.created_at for e in events],
            "preview_chars": PREVIEW_CHARS,
        },
    )


# --------------------------------------------------------------------------- search


SEARCH = text(
    """
    WITH q AS (SELECT websearch_to_tsquery('english', :q) AS query),
    hits AS (
        SELECT s.id AS session_id, s.title AS session_title, 'title' AS kind,
               NULL::uuid AS message_id, NULL::bigint AS seq, NULL::text AS role,
               ts_rank(s.search_vector, q.query) AS rank, s.last_activity_at AS at,
               coalesce(s.title, '') AS document
        FROM chat_sessions s, q
        WHERE s.user_id = :user_id AND (s.expires_at IS NULL OR s.expires_at > :now)
          AND s.search_vector @@ q.query
        UNION ALL
        SELECT m.session_id, s.title, 'message', m.id, m.seq, m.role,
               ts_rank(m.search_vector, q.query), m.created_at, m.content
        FROM chat_messages m JOIN chat_sessions s ON s.id = m.session_id, q
        WHERE s.user_id = :user_id AND (s.expires_at IS NULL OR s.expires_at > :now)
          AND m.search_vector @@ q.query AND m.seq > s.cleared_seq
    ),
    page AS (
        SELECT * FROM hits
        ORDER BY rank DESC, at DESC, session_id, seq NULLS FIRST
        LIMIT :limit OFFSET :offset
    )
    -- Headlines are costly: build them for the page only.
    SELECT page.session_id, page.session_title, page.kind, page.message_id, page.seq,
           page.role, page.rank, page.at,
           ts_headline('english', page.document, q.query,
                       'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=24, '
                       'MinWords=8, FragmentDelimiter=" … "') AS snippet
    FROM page, q
    ORDER BY page.rank DESC, page.at DESC, page.session_id, page.seq NULLS FIRST
    """
)


async def search(
    db: AsyncSession, user_id: str, query: str, now: datetime, *, limit: int, offset: int
) -> list[RowMapping]:
    params = {"q": query, "user_id": user_id, "now": now, "limit": limit, "offset": offset}
    return list((await db.execute(SEARCH, params)).mappings().all())
