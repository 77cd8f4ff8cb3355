"""Business rules of chat search: the caller's titles and messages, a page at a time."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from sessionhub.chat.search import repository
from sessionhub.chat.search.schemas import SearchHit
from sessionhub.common.auth import User
from sessionhub.common.errors import BadRequest
from sessionhub.common.pagination import Page, decode_cursor, encode_cursor

INVALID_CURSOR = "The cursor is not valid; use next_cursor from a previous page."


async def search(
    db: AsyncSession, user: User, query: str, *, cursor: str | None, limit: int
) -> Page[SearchHit]:
    offset = 0
    if cursor is not None:
        (offset,) = decode_cursor(cursor, 1)
        if not isinstance(offset, int) or offset < 0:
            raise BadRequest(INVALID_CURSOR)
    rows = await repository.search(
        db, user.id, query, datetime.now(UTC), limit=limit + 1, offset=offset
    )
    hits = [SearchHit.model_validate(dict(r)) for r in rows[:limit]]
    return Page(data=hits, next_cursor=encode_cursor(offset + limit) if len(rows) > limit else None)
