"""Business rules for assistant replies: generating one, choosing what to regenerate,
naming a session after its first exchange. Never commits (see ``tasks``)."""

from __future__ import annotations

import asyncio
import functools
import uuid
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlmodel.ext.asyncio.session import AsyncSession

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.messages.service import chat_messages, reseed_value
from sessionhub.chat.replies.context import context_window
from sessionhub.chat.replies.writers import ReplyWriter
from sessionhub.chat.sessions import repository as session_repository
from sessionhub.chat.sessions.cache import ChatSessionHeader
from sessionhub.chat.state import ChatState
from sessionhub.common.auth import User
from sessionhub.common.errors import Conflict


class NothingToRegenerate(Conflict):
    code = "nothing-to-regenerate"


class ReplyJob:
    """A reply being generated: streamed events for SSE, the stored message for JSON.

    It runs in its own task, so a client that goes away mid-stream still gets the
    whole reply stored.
    """

    def __init__(self) -> None:
        self.events: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        self.stored: asyncio.Future[ChatMessagePublic] = asyncio.get_running_loop().create_future()

    def emit(self, kind: str, data: dict[str, Any]) -> None:
        self.events.put_nowait((kind, data))

    def finish(self, message: ChatMessagePublic) -> None:
        self.stored.set_result(message)
        self.events.put_nowait(("done", message))

    def fail(self, exc: BaseException) -> None:
        if not self.stored.done():
            self.stored.set_exception(exc)
            # Marks the exception as seen: an SSE client learns of it from the events.
            self.stored.exception()
        self.events.put_nowait(("error", exc))


async def generate(
    state: ChatState,
    chat_session: ChatSessionHeader,
    parent: ChatMessagePublic,
    job: ReplyJob,
    meta: dict[str, Any],
) -> ChatMessagePublic:
    """Write the reply to ``parent`` (streaming into ``job``) and accept it."""
    persona = state.personas.resolve(chat_session.persona)
    window = await context_window(
        state,
        chat_session.id,
        chat_session.cleared_seq,
        up_to_seq=parent.seq,
        budget_tokens=ReplyWriter.history_budget(persona, state.settings.context_budget_tokens),
    )
    # Without Redis the message just accepted is not readable yet; it must be sent.
    if not window or window[-1].id != parent.id:
        window = [*(m for m in window if m.id != parent.id), parent]
    reply = await state.replies.write(persona, window, job.emit)
    draft = ChatMessagePublic(
        id=uuid.uuid4(),
        session_id=chat_session.id,
        seq=0,
        role="assistant",
        content=reply.content,
        tool_call_id=None,
        tool_calls=reply.tool_calls,
        parent_id=parent.id,
        metadata={**reply.meta, **meta},
        created_at=datetime.now(UTC),
    )
    return await state.ingest.accept(
        draft,
        user_id=chat_session.user_id,
        reseed=functools.partial(reseed_value, state, chat_session.id),
    )


async def to_regenerate(
    state: ChatState, user: User, session_id: UUID
) -> tuple[ChatSessionHeader, ChatMessagePublic, dict[str, Any]]:
    """What the last assistant reply answered (it stays, as a sibling); a last message
    still waiting for its reply simply gets one."""
    chat_session = await chat_messages.checks(state, user, session_id)
    recent = await chat_messages.recent(state, chat_session)
    meta: dict[str, Any] = {}
    parent = recent[-1] if recent and recent[-1].role in ("user", "tool") else None
    if parent is None:
        previous = next(
            (m for m in reversed(recent) if m.role == "assistant" and m.parent_id), None
        )
        if previous is not None:
            parent = next((m for m in recent if m.id == previous.parent_id), None)
            meta = {"regenerated_from": str(previous.id)}
    if parent is None:
        raise NothingToRegenerate("This session has no assistant reply to regenerate yet.")
    return chat_session, parent, meta


async def name_session(
    state: ChatState,
    db: AsyncSession,
    chat_session: ChatSessionHeader,
    question: ChatMessagePublic,
    answer: ChatMessagePublic,
) -> None:
    title = await state.titles.run((question.content, answer.content))
    await session_repository.set_generated_title(db, chat_session.id, title.value)
