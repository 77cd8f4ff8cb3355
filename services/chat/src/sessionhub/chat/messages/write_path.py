"""Accepting a message: per-session seq, confirmed publish, Redis recent-tail.

Why the API publishes on the bus itself instead of writing an outbox row: the outbox
would put one PostgreSQL write (plus the relay's claim and mark) on every message,
which is exactly the load this path exists to take off PostgreSQL. ``Bus.publish``
returns only once the event is durable — a publisher confirm from a quorum queue on
RabbitMQ, a committed ``deliveries`` row on the embedded bus — so a message acknowledged
to the client survives the loss of the API process just as an outbox row would, and the
code does not know which transport it runs on. Concurrent requests share one publish
(group commit): one Redis call assigns all their seqs, one publish makes them durable,
one pipeline adds them to the tails — so a busy API pays those round trips per batch,
not per message. If the publish fails the requests fail (503) and nothing reaches the
tail: the client retries, with ``client_message_id`` making the retry safe.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast
from uuid import UUID

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.settings import ChatSettings
from sessionhub.common.errors import ServiceUnavailable, UnprocessableEntity
from sessionhub.common.events.bus import Bus, OutgoingMessage
from sessionhub.common.events.catalog.chat import (
    ChatMessagePostedV1,
    ToolCallV1,
    chat_session_subject,
)
from sessionhub.common.events.envelope import Envelope
from sessionhub.common.logging import current_correlation_id
from sessionhub.common.text import SAFE_JSON_MAX_DEPTH, dotted, find_unstorable

log = structlog.get_logger()

# INCR only existing counters: a missing one must be reseeded from PostgreSQL first, or
# a restarted Redis would hand out seqs that are already taken. A key may repeat (several
# messages of one session in a batch); each occurrence gets the next value.
NEXT_SEQS = """
local out = {}
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 0 then
    out[i] = false
  else
    out[i] = redis.call('INCR', key)
    redis.call('EXPIRE', key, ARGV[1])
  end
end
return out
"""


MAX_BATCH = 500
PENDING_CLIENT_ID = "pending"
UNSTORED = "The message could not be stored durably; nothing was saved. Retry shortly."


def ensure_storable(message: ChatMessagePublic) -> None:
    """A 422 naming the field unless PostgreSQL and the event's JSON can hold ``message``.

    Requests are checked at the boundary already; this is the write path's own promise,
    so nothing it acknowledges can fail in the persister.
    """
    found = find_unstorable(
        {
            "content": message.content,
            "tool_call_id": message.tool_call_id,
            "metadata": message.meta,
            "tool_calls": [call.model_dump() for call in message.tool_calls],
        },
        max_depth=SAFE_JSON_MAX_DEPTH + 1,
    )
    if found is not None:
        path, reason = found
        raise UnprocessableEntity(
            f"The message cannot be stored: {dotted(path)} {reason}.",
            extra={"field": dotted(path)},
        )


def _outgoing(
    message: ChatMessagePublic, user_id: str, correlation_id: str | None
) -> OutgoingMessage:
    event = ChatMessagePostedV1(
        message_id=message.id,
        session_id=message.session_id,
        user_id=user_id,
        seq=message.seq,
        role=message.role,
        content=message.content,
        tool_calls=[ToolCallV1(**call.model_dump()) for call in message.tool_calls],
        tool_call_id=message.tool_call_id,
        parent_id=message.parent_id,
        metadata=message.meta,
        created_at=message.created_at,
    )
    envelope = Envelope.wrap(
        event,
        source="chat",
        subject=chat_session_subject(message.session_id),
        correlation_id=correlation_id,
    )
    return OutgoingMessage(envelope.id, envelope.type, envelope.to_bytes())


@dataclass
class _Pending:
    draft: ChatMessagePublic
    user_id: str
    reseed: Callable[[], Awaitable[int]]
    correlation_id: str | None
    done: asyncio.Future[ChatMessagePublic]


class MessageIngest:
    """The write path of every chat message; PostgreSQL is written later, by persisters."""

    def __init__(
        self,
        *,
        redis: Redis,
        bus: Bus,
        engine: AsyncEngine,
        settings: ChatSettings,
        key_prefix: str,
        application_name: str,
    ) -> None:
        self._redis = redis
        self._application_name = application_name
        self._bus = bus
        self._engine = engine
        self._settings = settings
        self._prefix = key_prefix
        self._next_seqs = redis.register_script(NEXT_SEQS)
        self._conn: AsyncConnection | None = None
        self._pending: list[_Pending] = []
        self._flusher: asyncio.Task[None] | None = None

    def seq_key(self, session_id: UUID) -> str:
        return f"{self._prefix}:seq:{session_id}"

    def tail_key(self, session_id: UUID) -> str:
        return f"{self._prefix}:tail:{session_id}"

    def dedupe_key(self, session_id: UUID, client_message_id: str) -> str:
        return f"{self._prefix}:cmid:{session_id}:{client_message_id}"

    async def start_counter(self, session_id: UUID) -> None:
        """A new session starts at seq 0; without this the first message would reseed."""
        with contextlib.suppress(RedisError):
            await self._redis.set(self.seq_key(session_id), 0, nx=True, ex=self._settings.seq_ttl_s)

    async def next_seq(self, session_id: UUID, seed: int | None = None) -> int | None:
        """The next seq, or None when the counter is gone and needs ``seed``."""
        key = self.seq_key(session_id)
        try:
            if seed is not None:
                await self._redis.set(key, seed, nx=True, ex=self._settings.seq_ttl_s)
            (value,) = await self._next_seqs(keys=[key], args=[self._settings.seq_ttl_s])
        except RedisError as exc:
            raise ServiceUnavailable(
                "The message store is temporarily unavailable; retry shortly."
            ) from exc
        return None if value is None else int(value)

    async def claim_client_id(self, session_id: UUID, client_message_id: str) -> str | None:
        """Claim a client's message id; an earlier claim returns its accepted message as
        JSON, or ``PENDING_CLIENT_ID`` while that message is still being accepted."""
        key = self.dedupe_key(session_id, client_message_id)
        try:
            if await self._redis.set(key, PENDING_CLIENT_ID, nx=True, ex=self._settings.tail_ttl_s):
                return None
            earlier = await self._redis.get(key)
        except RedisError as exc:
            raise ServiceUnavailable(
                "The message store is temporarily unavailable; retry shortly."
            ) from exc
        if earlier is None:  # expired between the two calls: claim again
            return await self.claim_client_id(session_id, client_message_id)
        return earlier.decode() if isinstance(earlier, bytes) else str(earlier)

    async def settle_client_id(
        self, session_id: UUID, client_message_id: str, message: ChatMessagePublic
    ) -> None:
        with contextlib.suppress(RedisError):
            await self._redis.set(
                self.dedupe_key(session_id, client_message_id),
                message.model_dump_json(by_alias=True),
                xx=True,
                ex=self._settings.tail_ttl_s,
            )

    async def forget_client_id(self, session_id: UUID, client_message_id: str) -> None:
        with contextlib.suppress(RedisError):
            await self._redis.delete(self.dedupe_key(session_id, client_message_id))

    async def accept(
        self,
        draft: ChatMessagePublic,
        *,
        user_id: str,
        reseed: Callable[[], Awaitable[int]],
    ) -> ChatMessagePublic:
        """Give ``draft`` its seq, make it durable, show it in reads; then it is accepted.

        ``reseed`` says where a lost counter restarts (see ``service.reseed_value``).
        """
        done: asyncio.Future[ChatMessagePublic] = asyncio.get_running_loop().create_future()
        # The flusher runs in whichever request's context started it: capture ours now.
        self._pending.append(_Pending(draft, user_id, reseed, current_correlation_id(), done))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="chat:ingest")
        return await done

    async def _flush(self) -> None:
        while self._pending:
            batch = self._pending[:MAX_BATCH]
            del self._pending[:MAX_BATCH]
            try:
                outcomes = await self._accept_batch(batch)
            except Exception as exc:
                log.warning("chat_accept_failed", size=len(batch), error=str(exc))
                outcomes = [exc] * len(batch)
            for item, outcome in zip(batch, outcomes, strict=True):
                if item.done.done():
                    continue
                if isinstance(outcome, BaseException):
                    item.done.set_exception(outcome)
                else:
                    item.done.set_result(outcome)

    async def _accept_batch(self, batch: list[_Pending]) -> list[ChatMessagePublic | BaseException]:
        """Each item's accepted message, or why it alone was refused.

        One item's bad content must never fail the others (they may be other users'):
        unstorable drafts are refused before they take a seq, and a publish that fails
        for the batch is retried item by item so only the poison one fails.
        """
        outcomes: list[ChatMessagePublic | BaseException | None] = [None] * len(batch)
        live: list[int] = []
        for i, item in enumerate(batch):
            try:
                ensure_storable(item.draft)
                live.append(i)
            except UnprocessableEntity as exc:
                outcomes[i] = exc
        keys = [self.seq_key(batch[i].draft.session_id) for i in live]
        try:
            seqs: list[int | None] = (
                list(await self._next_seqs(keys=keys, args=[self._settings.seq_ttl_s]))
                if keys
                else []
            )
        except RedisError as exc:
            raise ServiceUnavailable(
                "The message store is temporarily unavailable; retry shortly."
            ) from exc
        now = datetime.now(UTC)
        ready: list[tuple[int, ChatMessagePublic, OutgoingMessage]] = []
        for i, seq in zip(live, seqs, strict=True):
            item = batch[i]
            try:
                if seq is None:
                    seq = await self.next_seq(item.draft.session_id, seed=await item.reseed())
                message = item.draft.model_copy(update={"seq": int(seq or 0), "created_at": now})
                ready.append((i, message, _outgoing(message, item.user_id, item.correlation_id)))
            except Exception as exc:
                outcomes[i] = exc
        published = await self._publish_isolated(ready, outcomes)
        await self._push_tails(published)
        return [o if o is not None else ServiceUnavailable(UNSTORED) for o in outcomes]

    async def _publish_isolated(
        self,
        ready: list[tuple[int, ChatMessagePublic, OutgoingMessage]],
        outcomes: list[ChatMessagePublic | BaseException | None],
    ) -> list[ChatMessagePublic]:
        """Publish ``ready`` as one batch; if that fails, each alone (a partial publish
        repeated is harmless: persisters dedupe by message id)."""
        groups = [ready] if ready else []
        published: list[ChatMessagePublic] = []
        while groups:
            group = groups.pop()
            try:
                await self._publish([out for _, _, out in group])
            except Exception as exc:
                if len(group) > 1:
                    log.warning("chat_publish_isolating", size=len(group), error=str(exc))
                    groups.extend([entry] for entry in group)
                    continue
                error = ServiceUnavailable(UNSTORED)
                error.__cause__ = exc
                outcomes[group[0][0]] = error
                continue
            for i, message, _ in group:
                outcomes[i] = message
                published.append(message)
        return published

    async def _publish(self, batch: list[OutgoingMessage]) -> None:
        # One connection held open: a pooled checkout would ping PostgreSQL on every
        # batch. The embedded bus writes its deliveries on it with one statement (atomic
        # alone, so no transaction around it); RabbitMQ ignores it (no statement, so no
        # round trip) and waits for the broker's confirms.
        # A held connection may have died while idle, so a failure on it gets one more
        # try on a fresh one (a partial publish repeated is harmless: persisters dedupe).
        while True:
            fresh = self._conn is None
            if self._conn is None:
                self._conn = await self._connect()
            try:
                raw = await self._conn.get_raw_connection()
                await self._bus.publish(raw.driver_connection, batch)
                return
            except Exception:
                conn, self._conn = self._conn, None
                with contextlib.suppress(Exception):
                    await conn.invalidate()
                if fresh:
                    raise

    async def _connect(self) -> AsyncConnection:
        conn = await self._engine.connect()
        # Named, so operators (and tests) can tell this long-lived backend apart.
        await conn.execute(
            text("SELECT set_config('application_name', :name, false)"),
            {"name": self._application_name},
        )
        await conn.commit()
        return conn

    async def _push_tails(self, messages: list[ChatMessagePublic]) -> None:
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for message in messages:
                    pipe.zadd(
                        self.tail_key(message.session_id),
                        {message.model_dump_json(by_alias=True): message.seq},
                    )
                for key in {self.tail_key(m.session_id) for m in messages}:
                    pipe.zremrangebyrank(key, 0, -(self._settings.tail_length + 1))
                    pipe.expire(key, self._settings.tail_ttl_s)
                await pipe.execute()
        except RedisError as exc:
            # The messages are already durable on the bus; they show up in reads once a
            # persister has stored them.
            log.warning("chat_tail_push_failed", size=len(messages), error=str(exc))

    async def close(self) -> None:
        if self._flusher is not None:
            with contextlib.suppress(Exception):
                await self._flusher
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.close()
            self._conn = None

    async def read_tail(
        self, session_id: UUID, *, low: int, high: int | None, count: int, newest_first: bool
    ) -> list[ChatMessagePublic] | None:
        """Up to ``count`` tail messages with ``low <= seq <= high``; None if Redis is away."""
        key = self.tail_key(session_id)
        top: int | str = "+inf" if high is None else high
        try:
            if newest_first:
                raw = await self._redis.zrevrangebyscore(key, top, low, start=0, num=count)
            else:
                raw = await self._redis.zrangebyscore(key, low, top, start=0, num=count)
        except RedisError as exc:
            log.warning("chat_tail_read_failed", session_id=str(session_id), error=str(exc))
            return None
        return [ChatMessagePublic.model_validate_json(cast(bytes, item)) for item in raw]

    async def trim_tail(self, session_id: UUID, up_to_seq: int) -> None:
        """Free a cleared history's tail entries (reads skip them anyway)."""
        with contextlib.suppress(RedisError):
            await self._redis.zremrangebyscore(self.tail_key(session_id), "-inf", up_to_seq)

    async def forget_sessions(self, session_ids: Sequence[UUID]) -> None:
        """Drop deleted sessions' tails and counters."""
        if not session_ids:
            return
        keys = [key for sid in session_ids for key in (self.tail_key(sid), self.seq_key(sid))]
        with contextlib.suppress(RedisError):
            await self._redis.delete(*keys)
