"""Reading a session's history: PostgreSQL merged with the Redis recent-tail.

A message is in the tail from the moment it is accepted and in PostgreSQL once a
persister has stored it; a page asks both and keeps each message once, in seq order,
so clients read their own writes. Without Redis the PostgreSQL rows still serve.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sessionhub.chat import repository
from sessionhub.chat.ingest import MessageIngest
from sessionhub.chat.models import ChatMessagePublic
from sessionhub.common.service import ServiceContext

Cursor = tuple[int, UUID]

# The OpenAI wire format needs a little per-message framing on top of the text.
MESSAGE_OVERHEAD_TOKENS = 4
CONTEXT_PAGE = 100


@dataclass(frozen=True)
class HistoryPage:
    messages: list[ChatMessagePublic]  # oldest → newest
    has_more: bool


def _key(message: ChatMessagePublic) -> Cursor:
    return (message.seq, message.id)


async def read_page(
    ctx: ServiceContext,
    ingest: MessageIngest,
    session_id: UUID,
    cleared_seq: int,
    *,
    cursor: Cursor | None,
    newest_first: bool,
    limit: int,
) -> HistoryPage:
    """One page after (or, ``newest_first``, before) ``cursor``, oldest → newest."""

    async def from_postgres() -> list[ChatMessagePublic]:
        async with ctx.db.read_session() as db:
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
        ingest.read_tail(
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
        and (cursor is None or (_key(m) < cursor if newest_first else _key(m) > cursor))
    ]
    candidates.sort(key=_key, reverse=newest_first)
    page = candidates[:limit]
    if newest_first:
        page.reverse()
    return HistoryPage(page, len(candidates) > limit)


def estimate_tokens(message: ChatMessagePublic) -> int:
    """About 4 characters per token for English text: cheap, and close enough for a budget."""
    chars = len(message.content) + sum(len(c.name) + len(c.arguments) for c in message.tool_calls)
    return chars // 4 + MESSAGE_OVERHEAD_TOKENS


async def context_window(
    ctx: ServiceContext,
    ingest: MessageIngest,
    session_id: UUID,
    cleared_seq: int,
    *,
    up_to_seq: int | None,
    budget_tokens: int,
) -> list[ChatMessagePublic]:
    """The newest messages (up to ``up_to_seq``) that fit ``budget_tokens``, oldest first.

    The newest message is always included, however long, so the model sees what it
    answers.
    """
    cursor: Cursor | None = None if up_to_seq is None else (up_to_seq + 1, UUID(int=0))
    newest_first: list[ChatMessagePublic] = []
    used = 0
    while True:
        page = await read_page(
            ctx,
            ingest,
            session_id,
            cleared_seq,
            cursor=cursor,
            newest_first=True,
            limit=CONTEXT_PAGE,
        )
        for message in reversed(page.messages):
            cost = estimate_tokens(message)
            if newest_first and used + cost > budget_tokens:
                return coherent(list(reversed(newest_first)))
            newest_first.append(message)
            used += cost
        if not page.has_more or not page.messages:
            return coherent(list(reversed(newest_first)))
        cursor = _key(page.messages[0])


def coherent(window: list[ChatMessagePublic]) -> list[ChatMessagePublic]:
    """What the model may be sent: the latest of regenerated siblings, whole tool rounds.

    A regenerated reply supersedes the earlier ones with the same parent. An assistant
    tool call is kept only with all of its results, and a result only with its call:
    the API rejects either half alone (the window may cut between them).
    """
    latest: dict[UUID, int] = {}
    for m in window:
        if m.role == "assistant" and m.parent_id is not None:
            latest[m.parent_id] = max(latest.get(m.parent_id, 0), m.seq)
    current = [
        m
        for m in window
        if not (m.role == "assistant" and m.parent_id is not None and latest[m.parent_id] != m.seq)
    ]
    answered = {m.tool_call_id for m in current if m.role == "tool"}
    called: set[str] = set()
    kept: list[ChatMessagePublic] = []
    for m in current:
        if m.role == "assistant" and m.tool_calls:
            if all(call.id in answered for call in m.tool_calls):
                called.update(call.id for call in m.tool_calls)
                kept.append(m)
            elif m.content:
                kept.append(m.model_copy(update={"tool_calls": []}))
        elif m.role == "tool":
            if m.tool_call_id in called:
                kept.append(m)
        else:
            kept.append(m)
    return kept


def to_openai(message: ChatMessagePublic) -> dict[str, Any]:
    if message.role == "tool":
        return {"role": "tool", "tool_call_id": message.tool_call_id, "content": message.content}
    if message.role == "assistant" and message.tool_calls:
        return {
            "role": "assistant",
            "content": message.content or None,
            "tool_calls": [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": call.arguments},
                }
                for call in message.tool_calls
            ],
        }
    return {"role": message.role, "content": message.content}
