"""SQL of chat search. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

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
