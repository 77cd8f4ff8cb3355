"""Reading a session's history: PostgreSQL merged with the Redis recent-tail.

A message is in the tail from the moment it is accepted and in PostgreSQL once a
persister has stored it; a page asks both and keeps each message once, in seq order,
so clients read their own writes. Without Redis the PostgreSQL rows still serve.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from uuid import UUID

from sessionhub.chat.messages import repository
from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.state import ChatState

Cursor = tuple[int, UUID]


@dataclass(frozen=True)
class HistoryPage:
    messages: list[ChatMessagePublic]  # oldest → newest
    has_more: bool


def key_of(message: ChatMessagePublic) -> Cursor:
    return (message.seq, message.id)


async def read_page(
    state: ChatState,
    session_id: UUID,
    cleared_seq: int,
    *,
    cursor: Cursor | None,
    newest_first: bool,
    limit: int,
) -> HistoryPage:
    """One page after (or, ``newest_first``, before) ``cursor``, oldest → newest."""

    async def from_postgres() -> list[ChatMessagePublic]:
        async with state.ctx.db.read_session() as db:
            return await repository.message_page(
                db,
                session_id,
                cleared_seq,
                cursor=cursor,
                newest_first=newest_first,
                limit=limit + 1,
            )

    low = cleared_seq + 1
    high: int | None = None
    if cursor is not None:
        if newest_first:
            high = cursor[0]
        else:
            low = max(low, cursor[0])
    stored, tail = await asyncio.gather(
        from_postgres(),
        state.ingest.read_tail(
            session_id, low=low, high=high, count=limit + 2, newest_first=newest_first
        ),
    )
    merged = {m.id: m for m in stored}
    for message in tail or ():
        merged.setdefault(message.id, message)
    candidates = [
        m
        for m in merged.values()
        if m.seq > cleared_seq
        and (cursor is None or (key_of(m) < cursor if newest_first else key_of(m) > cursor))
    ]
    candidates.sort(key=key_of, reverse=newest_first)
    page = candidates[:limit]
    if newest_first:
        page.reverse()
    return HistoryPage(page, len(candidates) > limit)
