"""SQL of chat search. Never commits.

Newest first, a keyset page at a time: each kind (session titles, messages) is read in
``(at, id)`` order from the caller's own rows and stops at the page size, so the cost
follows the page, not the table. The planner picks, from the tsquery's estimated
selectivity, between the owner+term GIN index (a rare word: only the caller's matches)
and the owner's newest-first btree (a common word: the first rows already match). That
needs the tsquery as a constant it can read: inline in each kind's query (the CTEs hold
whole queries, not the tsquery), and a custom plan for every execution (a cached generic
plan would guess the word's frequency). Each kind is planned on its own (``MATERIALIZED``)
and the two short lists merged after: under one shared LIMIT the planner would cost each
kind by the fraction of it it expects to read, and walk the btree even for a rare word.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.chat.sessions.repository import CUSTOM_PLAN

# Sorts after every real key: the first page's keyset bound.
FIRST_PAGE = (datetime(9999, 12, 31, tzinfo=UTC), UUID(int=(1 << 128) - 1))

SEARCH = text(
    """
    WITH titles AS MATERIALIZED (
        SELECT 'title' AS kind, t.id AS session_id, NULL::uuid AS message_id,
               NULL::bigint AS seq, NULL::text AS role, t.last_activity_at AS at,
               t.id AS key_id, t.search_vector AS vector, coalesce(t.title, '') AS document
        FROM chat_sessions t
        WHERE t.user_id = :user_id
          AND t.search_vector @@ websearch_to_tsquery('english', :q)
          AND (t.last_activity_at, t.id) < (:at, :key)
        ORDER BY t.last_activity_at DESC, t.id DESC
        LIMIT :limit
    ), messages AS MATERIALIZED (
        SELECT 'message' AS kind, m.session_id, m.id AS message_id, m.seq, m.role,
               m.created_at AS at, m.id AS key_id, m.search_vector AS vector,
               m.content AS document
        FROM chat_messages m
        WHERE m.user_id = :user_id
          AND m.search_vector @@ websearch_to_tsquery('english', :q)
          AND (m.created_at, m.id) < (:at, :key)
        ORDER BY m.created_at DESC, m.id DESC
        LIMIT :limit
    )
    SELECT h.kind, h.session_id, s.title AS session_title, h.message_id, h.seq, h.role,
           h.at, h.key_id, s.id IS NOT NULL AS live,
           ts_rank(h.vector, websearch_to_tsquery('english', :q)) AS rank,
           ts_headline('english', h.document, websearch_to_tsquery('english', :q),
                       'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=24, '
                       'MinWords=8, FragmentDelimiter=" … "') AS snippet
    FROM (
        SELECT * FROM titles UNION ALL SELECT * FROM messages
        ORDER BY at DESC, key_id DESC
        LIMIT :limit
    ) h
    -- Expired sessions (until swept) keep their place in the keyset but are not shown.
    LEFT JOIN chat_sessions s
        ON s.id = h.session_id AND (s.expires_at IS NULL OR s.expires_at > :now)
    ORDER BY h.at DESC, h.key_id DESC
    """
)


async def search(
    db: AsyncSession,
    user_id: str,
    query: str,
    now: datetime,
    *,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[RowMapping]:
    """Up to ``limit`` hits older than ``after``, newest first; ``live`` marks the ones
    to show (a row of an expired session still moves the keyset)."""
    at, key = after or FIRST_PAGE
    await db.execute(CUSTOM_PLAN)
    params = {"q": query, "user_id": user_id, "now": now, "at": at, "key": key, "limit": limit}
    return list((await db.execute(SEARCH, params)).mappings().all())
