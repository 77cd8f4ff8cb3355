"""Business rules of chat search: the caller's titles and messages, a page at a time."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from sessionhub.chat.cursors import INVALID_CURSOR, encode_cursor, read_cursor
from sessionhub.chat.search import repository
from sessionhub.chat.search.schemas import SearchHit
from sessionhub.common.auth import User
from sessionhub.common.errors import BadRequest
from sessionhub.common.pagination import Page

MAX_OFFSET = 10_000


async def search(
    db: AsyncSession, user: User, query: str, *, cursor: str | None, limit: int
) -> Page[SearchHit]:
    offset = 0
    if cursor is not None:
        (offset,) = read_cursor(cursor, int)
        if not 0 <= offset <= MAX_OFFSET:
            raise BadRequest(INVALID_CURSOR)
    rows = await repository.search(
        db, user.id, query, datetime.now(UTC), limit=limit + 1, offset=offset
    )
    hits = [SearchHit.model_validate(dict(r)) for r in rows[:limit]]
    return Page(data=hits, next_cursor=encode_cursor(offset + limit) if len(rows) > limit else None)
