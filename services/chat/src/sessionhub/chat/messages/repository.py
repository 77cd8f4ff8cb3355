"""SQL of chat messages: history pages and the persister's batch insert. Never commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import func, select, text, tuple_
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.models import chat_message_table as messages
from sessionhub.chat.models import chat_session_table as sessions
from sessionhub.common.events.catalog.chat import ChatMessagePostedV1

PREVIEW_CHARS = 200


def message_public(row: RowMapping) -> ChatMessagePublic:
    return ChatMessagePublic.model_validate(dict(row))


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
        INSERT INTO chat_messages (id, session_id, user_id, seq, role, content, tool_calls,
                                   tool_call_id, parent_id, metadata, created_at)
        -- The owner comes from the session row, never from the event alone.
        SELECT u.id, u.session_id, s.user_id, u.seq, u.role, u.content, u.tool_calls,
               u.tool_call_id, u.parent_id, u.metadata, u.created_at
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
