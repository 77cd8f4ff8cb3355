"""Business rules for messages: posting (the write path) and reading (the read path).

Nothing here writes a message to PostgreSQL: accepted messages go through
``MessageIngest`` and persister workers store them (see ``handlers``).
"""

from __future__ import annotations

import asyncio
import functools
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

from sessionhub.chat.limits import enforce_rate
from sessionhub.chat.messages import read_path, repository
from sessionhub.chat.messages.schemas import ChatMessageCreate, ChatMessagePublic
from sessionhub.chat.messages.write_path import PENDING_CLIENT_ID
from sessionhub.chat.sessions import repository as session_repository
from sessionhub.chat.sessions.cache import ChatSessionHeader
from sessionhub.chat.sessions.schemas import ChatSessionPublic
from sessionhub.chat.state import ChatState
from sessionhub.common.auth import User
from sessionhub.common.errors import (
    Conflict,
    NotFound,
    PayloadTooLarge,
    UnprocessableEntity,
)
from sessionhub.common.pagination import Page, decode_cursor, encode_cursor

Direction = Literal["forward", "backward"]

# How far back a tool result's call, or the reply to regenerate, is looked for.
RECENT_WINDOW = 200
EXPORT_PAGE = 500


class MessageTooLong(PayloadTooLarge):
    code = "message-too-long"


class ClientMessageInFlight(Conflict):
    code = "client-message-in-flight"


@dataclass(frozen=True)
class Posted:
    message: ChatMessagePublic
    chat_session: ChatSessionHeader
    replayed: bool = False


def _now() -> datetime:
    return datetime.now(UTC)


def _cursor(cursor: str | None) -> read_path.Cursor | None:
    if cursor is None:
        return None
    seq, ident = decode_cursor(cursor, int, UUID)
    return seq, ident


async def reseed_value(state: ChatState, session_id: UUID) -> int:
    """Where a lost Redis counter restarts: past anything PostgreSQL knows, plus a gap
    for messages that were accepted but are not persisted yet."""
    async with state.ctx.db.read_session() as db:
        highest = await repository.highest_seq(db, session_id)
    return highest + state.settings.seq_reseed_gap


class ChatMessageService:
    async def load(self, state: ChatState, user: User, session_id: UUID) -> ChatSessionHeader:
        """The caller's live session, from the Redis cache when it can."""
        header = await state.cache.get(session_id)
        if header is None:
            async with state.ctx.db.read_session() as db:
                header = await session_repository.get_header(db, session_id)
            if header is not None:
                await state.cache.put(header)
        if (
            not isinstance(header, ChatSessionHeader)
            or header.user_id != user.id
            or (header.expires_at is not None and header.expires_at <= _now())
        ):
            raise NotFound.resource("Chat session", session_id)
        return header

    async def checks(self, state: ChatState, user: User, session_id: UUID) -> ChatSessionHeader:
        """The rate limit and the session lookup, concurrently: one round trip's wait."""
        settings = state.settings
        _, header = await asyncio.gather(
            enforce_rate(
                state,
                "messages",
                user.id,
                limit=settings.message_limit,
                window_s=settings.message_window_s,
                what="chat messages",
            ),
            self.load(state, user, session_id),
        )
        return header

    async def recent(
        self, state: ChatState, chat_session: ChatSessionHeader
    ) -> list[ChatMessagePublic]:
        page = await read_path.read_page(
            state,
            chat_session.id,
            chat_session.cleared_seq,
            cursor=None,
            newest_first=True,
            limit=RECENT_WINDOW,
        )
        return page.messages

    def _validate(self, state: ChatState, data: ChatMessageCreate) -> None:
        limit = state.settings.max_message_chars
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
        self, state: ChatState, chat_session: ChatSessionHeader, tool_call_id: str
    ) -> ChatMessagePublic:
        """The assistant message that made the call a tool result answers."""
        recent = await self.recent(state, chat_session)
        for message in reversed(recent):
            if any(call.id == tool_call_id for call in message.tool_calls):
                return message
        raise UnprocessableEntity(
            f"tool_call_id '{tool_call_id}' does not match a recent tool call of this session."
        )

    async def post(
        self, state: ChatState, user: User, session_id: UUID, data: ChatMessageCreate
    ) -> Posted:
        """The write path: validate, then accept through ``MessageIngest``."""
        self._validate(state, data)
        chat_session = await self.checks(state, user, session_id)
        parent_id: UUID | None = None
        if data.role == "tool" and data.tool_call_id is not None:
            parent_id = (await self._tool_caller(state, chat_session, data.tool_call_id)).id

        message_id = uuid.uuid4()
        if data.client_message_id is not None:
            message_id = uuid.uuid5(chat_session.id, data.client_message_id)
            earlier = await state.ingest.claim_client_id(chat_session.id, data.client_message_id)
            if earlier == PENDING_CLIENT_ID:
                raise ClientMessageInFlight(
                    "A message with this client_message_id is still being accepted; "
                    "read the history in a moment."
                )
            if earlier is not None:
                return Posted(ChatMessagePublic.model_validate_json(earlier), chat_session, True)
        draft = ChatMessagePublic(
            id=message_id,
            session_id=chat_session.id,
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
                draft,
                user_id=user.id,
                reseed=functools.partial(reseed_value, state, chat_session.id),
            )
        except BaseException:
            if data.client_message_id is not None:
                await state.ingest.forget_client_id(chat_session.id, data.client_message_id)
            raise
        if data.client_message_id is not None:
            await state.ingest.settle_client_id(chat_session.id, data.client_message_id, message)
        return Posted(message, chat_session)

    async def page(
        self,
        state: ChatState,
        user: User,
        session_id: UUID,
        *,
        cursor: str | None,
        direction: Direction,
        limit: int,
    ) -> Page[ChatMessagePublic]:
        """The read path: one page of history, the tail merged with PostgreSQL."""
        chat_session = await self.load(state, user, session_id)
        backward = direction == "backward"
        result = await read_path.read_page(
            state,
            chat_session.id,
            chat_session.cleared_seq,
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
        self, state: ChatState, chat_session: ChatSessionPublic, cleared_seq: int
    ) -> list[ChatMessagePublic]:
        """A whole history, oldest first (exports)."""
        out: list[ChatMessagePublic] = []
        cursor: read_path.Cursor | None = None
        while True:
            page = await read_path.read_page(
                state,
                chat_session.id,
                cleared_seq,
                cursor=cursor,
                newest_first=False,
                limit=EXPORT_PAGE,
            )
            out.extend(page.messages)
            if not page.has_more or not page.messages:
                return out
            cursor = read_path.key_of(page.messages[-1])


chat_messages = ChatMessageService()
