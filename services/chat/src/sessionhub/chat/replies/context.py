"""What the model is sent: the newest history that fits the budget, kept coherent."""

from __future__ import annotations

from uuid import UUID

from sessionhub.chat.messages.read_path import Cursor, key_of, read_page
from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.state import ChatState

# The OpenAI wire format needs a little per-message framing on top of the text.
MESSAGE_OVERHEAD_TOKENS = 4
CONTEXT_PAGE = 100


def estimate_tokens(message: ChatMessagePublic) -> int:
    """About 4 characters per token for English text: cheap, and close enough for a budget."""
    chars = len(message.content) + sum(len(c.name) + len(c.arguments) for c in message.tool_calls)
    return chars // 4 + MESSAGE_OVERHEAD_TOKENS


async def context_window(
    state: ChatState,
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
            state,
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
        cursor = key_of(page.messages[0])


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
