"""Business rules for messages: posting, replying, regenerating, reading, exporting.

Nothing here writes a message to PostgreSQL: accepted messages go through
``MessageIngest`` and persister workers store them (see ``handlers``).
"""

from __future__ import annotations

import asyncio
import functools
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

import structlog

from sessionhub.chat import history, repository
from sessionhub.chat.cache import SessionHeader
from sessionhub.chat.ingest import PENDING_CLIENT_ID
from sessionhub.chat.models import ChatMessageCreate, ChatMessagePublic, ChatSessionPublic
from sessionhub.chat.replies import ReplyWriter
from sessionhub.chat.service import INVALID_CURSOR, enforce_rate, reseed_value
from sessionhub.chat.state import chat_state
from sessionhub.common.auth import User
from sessionhub.common.errors import (
    BadRequest,
    Conflict,
    NotFound,
    PayloadTooLarge,
    UnprocessableEntity,
)
from sessionhub.common.pagination import Page, decode_cursor, encode_cursor
from sessionhub.common.service import ServiceContext

log = structlog.get_logger()

Direction = Literal["forward", "backward"]

# How far back a tool result's call, or the reply to regenerate, is looked for.
RECENT_WINDOW = 200
EXPORT_PAGE = 500


class MessageTooLong(PayloadTooLarge):
    code = "message-too-long"


class ClientMessageInFlight(Conflict):
    code = "client-message-in-flight"


class NothingToRegenerate(Conflict):
    code = "nothing-to-regenerate"


@dataclass(frozen=True)
class Posted:
    message: ChatMessagePublic
    session: SessionHeader
    replayed: bool = False


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


def _now() -> datetime:
    return datetime.now(UTC)


def _cursor(cursor: str | None) -> history.Cursor | None:
    if cursor is None:
        return None
    seq, ident = decode_cursor(cursor, 2)
    try:
        return int(seq), UUID(str(ident))
    except (TypeError, ValueError) as exc:
        raise BadRequest(INVALID_CURSOR) from exc


class MessageService:
    async def load(self, ctx: ServiceContext, user: User, session_id: UUID) -> SessionHeader:
        """The caller's live session, from the Redis cache when it can."""
        cache = chat_state(ctx).cache
        header = await cache.get(session_id)
        if header is None:
            async with ctx.db.read_session() as db:
                header = await repository.get_header(db, session_id)
            if header is not None:
                await cache.put(header)
        if (
            not isinstance(header, SessionHeader)
            or header.user_id != user.id
            or (header.expires_at is not None and header.expires_at <= _now())
        ):
            raise NotFound.resource("Chat session", session_id)
        return header

    async def _checks(self, ctx: ServiceContext, user: User, session_id: UUID) -> SessionHeader:
        """The rate limit and the session lookup, concurrently: one round trip's wait."""
        _, header = await asyncio.gather(
            self._enforce_rate(ctx, user), self.load(ctx, user, session_id)
        )
        return header

    async def _recent(self, ctx: ServiceContext, session: SessionHeader) -> list[ChatMessagePublic]:
        page = await history.read_page(
            ctx,
            chat_state(ctx).ingest,
            session.id,
            session.cleared_seq,
            cursor=None,
            newest_first=True,
            limit=RECENT_WINDOW,
        )
        return page.messages

    async def _enforce_rate(self, ctx: ServiceContext, user: User) -> None:
        settings = chat_state(ctx).settings
        await enforce_rate(
            ctx,
            ctx.key("rl", "messages", user.id),
            limit=settings.message_limit,
            window_s=settings.message_window_s,
            what="chat messages",
        )

    def _validate(self, ctx: ServiceContext, data: ChatMessageCreate) -> None:
        limit = chat_state(ctx).settings.max_message_chars
        if len(data.content) > limit:
            raise MessageTooLong(
                f"The message has {len(data.content):,} characters; the limit is {limit:,}.",
                extra={"max_chars": limit},
            )
        if data.role == "user" and not data.content.strip():
            raise UnprocessableEntity("A user message needs some content.")
        if data.role == "user" and data.tool_call_id is not None:
            raise UnprocessableEntity("tool_call_id is only allowed on role 'tool' messages.")
        if data.role == "tool" and data.tool_call_id is None:
            raise UnprocessableEntity("A role 'tool' message needs the tool_call_id it answers.")

    async def _tool_caller(
        self, ctx: ServiceContext, session: SessionHeader, tool_call_id: str
    ) -> ChatMessagePublic:
        """The assistant message that made the call a tool result answers."""
        recent = await self._recent(ctx, session)
        for message in reversed(recent):
            if any(call.id == tool_call_id for call in message.tool_calls):
                return message
        raise UnprocessableEntity(
            f"tool_call_id '{tool_call_id}' does not match a recent tool call of this session."
        )

    async def post(
        self, ctx: ServiceContext, user: User, session_id: UUID, data: ChatMessageCreate
    ) -> Posted:
        self._validate(ctx, data)
        state = chat_state(ctx)
        session = await self._checks(ctx, user, session_id)
        parent_id: UUID | None = None
        if data.role == "tool" and data.tool_call_id is not None:
            parent_id = (await self._tool_caller(ctx, session, data.tool_call_id)).id

        message_id = uuid.uuid4()
        if data.client_message_id is not None:
            message_id = uuid.uuid5(session.id, data.client_message_id)
            earlier = await state.ingest.claim_client_id(session.id, data.client_message_id)
            if earlier == PENDING_CLIENT_ID:
                raise ClientMessageInFlight(
                    "A message with this client_message_id is still being accepted; "
                    "read the history in a moment."
                )
            if earlier is not None:
                return Posted(ChatMessagePublic.model_validate_json(earlier), session, True)
        draft = ChatMessagePublic(
            id=message_id,
            session_id=session.id,
            seq=0,
            role=data.role,
            content=data.content,
            tool_call_id=data.tool_call_id,
            parent_id=parent_id,
            metadata=data.meta,
            created_at=_now(),
        )
        try:
            message = await state.ingest.accept(
                draft, user_id=user.id, reseed=functools.partial(reseed_value, ctx, session.id)
            )
        except BaseException:
            if data.client_message_id is not None:
                await state.ingest.forget_client_id(session.id, data.client_message_id)
            raise
        if data.client_message_id is not None:
            await state.ingest.settle_client_id(session.id, data.client_message_id, message)
        return Posted(message, session)

    def start_reply(
        self,
        ctx: ServiceContext,
        session: SessionHeader,
        parent: ChatMessagePublic,
        *,
        meta: dict[str, Any] | None = None,
    ) -> ReplyJob:
        job = ReplyJob()
        state = chat_state(ctx)
        state.track(
            asyncio.create_task(
                self._reply(ctx, session, parent, job, meta or {}), name="chat:reply"
            )
        )
        return job

    async def _reply(
        self,
        ctx: ServiceContext,
        session: SessionHeader,
        parent: ChatMessagePublic,
        job: ReplyJob,
        meta: dict[str, Any],
    ) -> None:
        state = chat_state(ctx)
        persona = state.personas.resolve(session.persona)
        try:
            window = await history.context_window(
                ctx,
                state.ingest,
                session.id,
                session.cleared_seq,
                up_to_seq=parent.seq,
                budget_tokens=ReplyWriter.history_budget(
                    persona, state.settings.context_budget_tokens
                ),
            )
            # Without Redis the message just accepted is not readable yet; it must be sent.
            if not window or window[-1].id != parent.id:
                window = [*(m for m in window if m.id != parent.id), parent]
            reply = await state.replies.write(persona, window, job.emit)
            draft = ChatMessagePublic(
                id=uuid.uuid4(),
                session_id=session.id,
                seq=0,
                role="assistant",
                content=reply.content,
                tool_call_id=None,
                tool_calls=reply.tool_calls,
                parent_id=parent.id,
                metadata={**reply.meta, **meta},
                created_at=_now(),
            )
            stored = await state.ingest.accept(
                draft,
                user_id=session.user_id,
                reseed=functools.partial(reseed_value, ctx, session.id),
            )
        except BaseException as exc:
            job.fail(exc)
            raise
        job.finish(stored)
        if session.title is None and parent.role == "user" and stored.content:
            await self._name_session(ctx, session, parent, stored)

    async def _name_session(
        self,
        ctx: ServiceContext,
        session: SessionHeader,
        question: ChatMessagePublic,
        answer: ChatMessagePublic,
    ) -> None:
        try:
            title = await chat_state(ctx).titles.run((question.content, answer.content))
            async with ctx.db.session() as db:
                await repository.set_generated_title(db, session.id, title.value)
            await chat_state(ctx).cache.drop(session.id)
        except Exception as exc:
            # A missing title is cosmetic; the next exchange tries again.
            log.warning("chat_title_failed", session_id=str(session.id), error=str(exc))

    async def regenerate(
        self, ctx: ServiceContext, user: User, session_id: UUID
    ) -> tuple[SessionHeader, ReplyJob]:
        """Reply again to what the last assistant reply answered (it stays, as a sibling);
        a last message still waiting for its reply simply gets one."""
        session = await self._checks(ctx, user, session_id)
        recent = await self._recent(ctx, session)
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
        return session, self.start_reply(ctx, session, parent, meta=meta)

    async def page(
        self,
        ctx: ServiceContext,
        user: User,
        session_id: UUID,
        *,
        cursor: str | None,
        direction: Direction,
        limit: int,
    ) -> Page[ChatMessagePublic]:
        session = await self.load(ctx, user, session_id)
        backward = direction == "backward"
        result = await history.read_page(
            ctx,
            chat_state(ctx).ingest,
            session.id,
            session.cleared_seq,
            cursor=_cursor(cursor),
            newest_first=backward,
            limit=limit,
        )
        next_cursor = None
        if result.has_more and result.messages:
            edge = result.messages[0] if backward else result.messages[-1]
            next_cursor = encode_cursor(edge.seq, edge.id)
        return Page(data=result.messages, next_cursor=next_cursor)

    async def everything(
        self, ctx: ServiceContext, session: ChatSessionPublic, cleared_seq: int
    ) -> list[ChatMessagePublic]:
        """A whole history, oldest first (exports)."""
        ingest = chat_state(ctx).ingest
        out: list[ChatMessagePublic] = []
        cursor: history.Cursor | None = None
        while True:
            page = await history.read_page(
                ctx,
                ingest,
                session.id,
                cleared_seq,
                cursor=cursor,
                newest_first=False,
                limit=EXPORT_PAGE,
            )
            out.extend(page.messages)
            if not page.has_more or not page.messages:
                return out
            cursor = (page.messages[-1].seq, page.messages[-1].id)


messages = MessageService()
