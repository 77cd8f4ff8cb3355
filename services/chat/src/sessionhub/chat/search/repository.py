"""SQL of chat search. Never commits.

Newest first, a keyset page at a time, each kind (session titles, messages) read from
the caller's own rows only, so the cost follows the page, not the table:

1. walk the owner's newest ``WALK_WINDOW`` rows of each kind (owner-led btrees in
   ``(at, id)`` order) and keep the matches: a common word fills the page here;
2. for a kind whose walk did not fill the page (a rare or absent word, which would
   otherwise make the walk read everything the owner has), ask the GIN index whose
   entries are owner and term together (the owner is a lexeme of the indexed
   tsvector, migration 0003) for the owner's matches, and sort only those.

The planner does not make this choice well by itself: it prices the walk by the word's
estimated frequency and, for a word missing from its statistics, guesses one row in
200 (a title search for "help" walked all 100,000 sessions of a user). The tsquery
stays inline (a constant the planner reads) and every execution gets a custom plan.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import TextClause, text
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.chat.sessions.repository import CUSTOM_PLAN

# How many of the owner's newest rows of each kind a search walks before it asks the
# owner+term index instead.
WALK_WINDOW = 1_000
# Sorts after every real key: the first page's keyset bound.
FIRST_PAGE = (datetime(9999, 12, 31, tzinfo=UTC), UUID(int=(1 << 128) - 1))

KINDS = {
    "title": (
        "chat_sessions",
        "t.last_activity_at",
        "'title' AS kind, t.id AS session_id, NULL::uuid AS message_id, NULL::bigint AS seq, "
        "NULL::text AS role, t.last_activity_at AS at, t.id AS key_id, "
        "t.search_vector AS vector, coalesce(t.title, '') AS document",
    ),
    "message": (
        "chat_messages",
        "t.created_at",
        "'message' AS kind, t.session_id, t.id AS message_id, t.seq, t.role, "
        "t.created_at AS at, t.id AS key_id, t.search_vector AS vector, t.content AS document",
    ),
}


def _walk(kind: str) -> str:
    """The owner's newest ``:window`` rows of ``kind``, their matches, newest first."""
    table, at, columns = KINDS[kind]
    return f"""
        SELECT w.* FROM (
            SELECT {columns} FROM {table} t
            WHERE t.user_id = :user_id AND ({at}, t.id) < (:at, :key)
            ORDER BY {at} DESC, t.id DESC
            LIMIT :window
        ) w
        WHERE w.vector @@ websearch_to_tsquery('english', :q)
        ORDER BY w.at DESC, w.key_id DESC
        LIMIT :limit"""


def _indexed(kind: str) -> str:
    """All the owner's matches of ``kind``, from the owner-and-term GIN index (migration
    0003: the owner is a lexeme of the indexed tsvector), newest first."""
    table, at, columns = KINDS[kind]
    return f"""
        SELECT {columns} FROM {table} t
        WHERE (t.search_vector || to_tsvector('simple', 'u' || md5(t.user_id)))
              @@ (websearch_to_tsquery('english', :q)
                  && to_tsquery('simple', 'u' || md5(:user_id)))
          -- An empty query (stop words only) would match the owner token alone.
          AND numnode(websearch_to_tsquery('english', :q)) > 0
          -- Exact owner check on the few rows fetched, written so that no btree on
          -- user_id can take over the plan (it would read all of the owner's rows).
          AND (t.user_id = :user_id) IS TRUE
          AND ({at}, t.id) < (:at, :key)
        ORDER BY {at} DESC, t.id DESC
        LIMIT :limit"""


def _page(hits: str) -> TextClause:
    return text(
        f"""
        SELECT h.kind, h.session_id, s.title AS session_title, h.message_id, h.seq, h.role,
               h.at, h.key_id, s.id IS NOT NULL AS live,
               ts_rank(h.vector, websearch_to_tsquery('english', :q)) AS rank,
               ts_headline('english', h.document, websearch_to_tsquery('english', :q),
                           'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=24, '
                           'MinWords=8, FragmentDelimiter=" … "') AS snippet
        FROM ({hits}) h
        -- Expired sessions (until swept) keep their place in the keyset, unshown.
        LEFT JOIN chat_sessions s
            ON s.id = h.session_id AND (s.expires_at IS NULL OR s.expires_at > :now)
        ORDER BY h.at DESC, h.key_id DESC
        """
    )


WALK = _page(f"({_walk('title')}) UNION ALL ({_walk('message')})")
INDEXED = {kind: _page(_indexed(kind)) for kind in KINDS}


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
    params = {
        "q": query,
        "user_id": user_id,
        "now": now,
        "at": at,
        "key": key,
        "limit": limit,
        "window": WALK_WINDOW,
    }
    await db.execute(CUSTOM_PLAN)
    walked = list((await db.execute(WALK, params)).mappings().all())
    hits: list[RowMapping] = []
    for kind, statement in INDEXED.items():
        found = [row for row in walked if row["kind"] == kind]
        if len(found) < limit:
            # The window did not hold a page of this kind: a rare word. Its matches are
            # few; the owner+term index reads only those.
            found = list((await db.execute(statement, params)).mappings().all())
        hits.extend(found)
    hits.sort(key=lambda row: (row["at"], row["key_id"]), reverse=True)
    return hits[:limit]
