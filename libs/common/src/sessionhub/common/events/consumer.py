"""Idempotent event handling shared by every transport.

A transport (RabbitMQ or the embedded PostgreSQL bus) hands raw message bodies to
a :class:`Processor`. The processor decodes the envelope, runs the subscription's
handler and records the event id in the service's inbox *in the handler's own
transaction*, so a redelivered event changes nothing. Raising means "retry".
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import structlog
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.events import outbox
from sessionhub.common.events.envelope import Envelope
from sessionhub.common.events.registry import Event

# Re-exported: services imported these from here before they had their own module.
from sessionhub.common.events.subscription import BatchHandler as BatchHandler
from sessionhub.common.events.subscription import Handler as Handler
from sessionhub.common.events.subscription import Subscription as Subscription
from sessionhub.common.metrics import EVENTS_CONSUMED, HANDLER_DURATION

if TYPE_CHECKING:
    from sessionhub.common.service import ServiceContext

log = structlog.get_logger()

E = TypeVar("E", bound=Event)


@dataclass(frozen=True)
class Delivery(Generic[E]):
    envelope: Envelope
    event: E
    attempt: int

    @property
    def event_id(self) -> uuid.UUID:
        return uuid.UUID(self.envelope.id)


class _AlreadyProcessed(Exception):
    """The inbox already holds this event: the delivery is a duplicate."""


class HandlerContext:
    """What a handler gets: its service, and a transaction that records the inbox row."""

    def __init__(self, service: ServiceContext, queue: str, event_id: uuid.UUID) -> None:
        self.service = service
        self.queue = queue
        self._event_id = event_id
        self.recorded = False

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """The handler's unit of work; its effects and the inbox row commit together."""
        if self.recorded:
            raise RuntimeError("a handler may open its inbox transaction only once")
        async with self.service.db.session() as session:
            claimed = await claim(session, self.queue, [self._event_id])
            if not claimed:
                raise _AlreadyProcessed
            self.recorded = True
            yield session

    async def publish(
        self, session: AsyncSession, payload: Event, subject: str | None = None
    ) -> None:
        await outbox.add(session, payload, subject=subject)


@dataclass(frozen=True)
class BatchContext:
    service: ServiceContext
    session: AsyncSession


# Fixed SQL for any batch size: one prepared statement, no per-size compilation.
_CLAIM = text(
    """INSERT INTO inbox (consumer, event_id)
       SELECT :queue, unnest(CAST(:ids AS uuid[]))
       ON CONFLICT DO NOTHING RETURNING event_id"""
)


async def claim(
    session: AsyncSession, queue: str, event_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Insert inbox rows; return the ids that were new (not yet processed)."""
    result = await session.execute(_CLAIM, {"queue": queue, "ids": list(event_ids)})
    return set(result.scalars().all())


async def already_processed(session: AsyncSession, queue: str, event_id: uuid.UUID) -> bool:
    inbox = outbox.inbox_table
    stmt = select(inbox.c.event_id).where(inbox.c.consumer == queue, inbox.c.event_id == event_id)
    return (await session.execute(stmt)).first() is not None


class Processor:
    """Runs one subscription of one service for raw message bodies."""

    def __init__(self, service: ServiceContext, subscription: Subscription, queue: str) -> None:
        self.service = service
        self.subscription = subscription
        self.queue = queue
        self.types = {(e.event_type, e.event_version): e for e in subscription.events}

    def decode(self, body: bytes | str, attempt: int) -> Delivery[Any]:
        envelope = Envelope.from_bytes(body)
        model = self.types.get((envelope.type, envelope.schemaversion))
        if model is None:
            raise LookupError(
                f"{self.queue} has no handler for {envelope.type} v{envelope.schemaversion}"
            )
        return Delivery(envelope, model.model_validate(envelope.data), attempt)

    async def handle(self, body: bytes | str, attempt: int = 0) -> None:
        """Handle one delivery; raises when it should be retried."""
        started = time.perf_counter()
        structlog.contextvars.clear_contextvars()
        try:
            delivery = self.decode(body, attempt)
            structlog.contextvars.bind_contextvars(
                event_id=delivery.envelope.id,
                event_type=delivery.envelope.type,
                correlation_id=delivery.envelope.correlationid,
                queue=self.queue,
            )
            if self.subscription.batch_handler is not None:
                await self._run_batch([delivery])
            else:
                await self._run_one(delivery)
        except Exception:
            EVENTS_CONSUMED.labels(self.queue, "failed").inc()
            raise
        finally:
            HANDLER_DURATION.labels(self.queue).observe(time.perf_counter() - started)
            structlog.contextvars.clear_contextvars()

    async def _run_one(self, delivery: Delivery[Any]) -> None:
        assert self.subscription.handler is not None
        async with self.service.db.read_session() as session:
            # Autocommit: BEGIN and ROLLBACK around one SELECT would be two more round
            # trips before the work of every delivery starts.
            await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            if await already_processed(session, self.queue, delivery.event_id):
                EVENTS_CONSUMED.labels(self.queue, "duplicate").inc()
                return
        ctx = HandlerContext(self.service, self.queue, delivery.event_id)
        try:
            await self.subscription.handler(ctx, delivery)
            if not ctx.recorded:
                async with ctx.transaction():
                    pass
        except _AlreadyProcessed:
            EVENTS_CONSUMED.labels(self.queue, "duplicate").inc()
            return
        EVENTS_CONSUMED.labels(self.queue, "ok").inc()

    async def _run_batch(self, deliveries: list[Delivery[Any]]) -> None:
        assert self.subscription.batch_handler is not None
        async with self.service.db.session() as session:
            fresh = await claim(session, self.queue, [d.event_id for d in deliveries])
            todo = [d for d in deliveries if d.event_id in fresh]
            if todo:
                await self.subscription.batch_handler(BatchContext(self.service, session), todo)
        EVENTS_CONSUMED.labels(self.queue, "ok").inc(len(todo))
        EVENTS_CONSUMED.labels(self.queue, "duplicate").inc(len(deliveries) - len(todo))

    async def handle_batch(
        self, bodies: Sequence[tuple[bytes | str, int]]
    ) -> list[BaseException | None]:
        """Handle many deliveries in one transaction; isolate failures one by one."""
        if self.subscription.batch_handler is None or len(bodies) == 1:
            return [await self._safe(body, attempt) for body, attempt in bodies]
        outcomes: list[BaseException | None] = [None] * len(bodies)
        decoded: list[tuple[int, Delivery[Any]]] = []
        for i, (body, attempt) in enumerate(bodies):
            try:
                decoded.append((i, self.decode(body, attempt)))
            except Exception as exc:
                outcomes[i] = exc
        try:
            await self._run_batch([d for _, d in decoded])
        except Exception:
            log.warning("batch_failed_isolating", queue=self.queue, size=len(decoded))
            for i, _ in decoded:
                outcomes[i] = await self._safe(*bodies[i])
        return outcomes

    async def _safe(self, body: bytes | str, attempt: int) -> BaseException | None:
        try:
            await self.handle(body, attempt)
        except Exception as exc:
            return exc
        return None
