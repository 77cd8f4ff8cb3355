"""Business rules of chat search: the caller's titles and messages, newest first."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from sessionhub.chat.search import repository
from sessionhub.chat.search.schemas import SearchHit
from sessionhub.common.auth import User
from sessionhub.common.pagination import Page, decode_cursor, encode_cursor


async def search(
    db: AsyncSession, user: User, query: str, *, cursor: str | None, limit: int
) -> Page[SearchHit]:
    after: tuple[datetime, UUID] | None = None
    if cursor is not None:
        at, key = decode_cursor(cursor, datetime, UUID)
        after = (at, key)
    rows = await repository.search(
        db, user.id, query, datetime.now(UTC), after=after, limit=limit + 1
    )
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        edge = page[-1]
        next_cursor = encode_cursor(edge["at"], edge["key_id"])
    hits = [SearchHit.model_validate(dict(r)) for r in page if r["live"]]
    return Page(data=hits, next_cursor=next_cursor)
