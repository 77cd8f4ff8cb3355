"""Embedded transport: durable queues as rows in PostgreSQL, no broker to run.

The relay moves outbox rows into ``deliveries`` (one row per bound queue) in the
same transaction that marks them sent, so an event committed before a crash is
delivered after the restart. Consumers claim rows with ``FOR UPDATE SKIP LOCKED``;
retries push ``available_at`` forward; a spent delivery is marked dead (the DLQ).
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import TYPE_CHECKING

import asyncpg
import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from sessionhub.common.dsn import async_url, asyncpg_dsn
from sessionhub.common.events.bus import (
    Bus,
    ConsumerHandle,
    DeadLetter,
    Inflight,
    OutgoingMessage,
    describe_error,
)
from sessionhub.common.metrics import EVENTS_DEAD_LETTERED, EVENTS_RETRIED

if TYPE_CHECKING:
    from sessionhub.common.events.consumer import Processor

log = structlog.get_logger()


def _ddl(schema: str) -> list[str]:
    return [
        f'CREATE SCHEMA IF NOT EXISTS "{schema}"',
        f"""CREATE TABLE IF NOT EXISTS "{schema}".bindings (
              queue text NOT NULL, routing_key text NOT NULL,
              PRIMARY KEY (queue, routing_key))""",
        f"""CREATE TABLE IF NOT EXISTS "{schema}".deliveries (
              id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              queue text NOT NULL,
              event_id text NOT NULL,
              routing_key text NOT NULL,
              body text NOT NULL,
              attempts int NOT NULL DEFAULT 0,
              available_at timestamptz NOT NULL DEFAULT now(),
              last_error text,
              dead_at timestamptz,
              created_at timestamptz NOT NULL DEFAULT now())""",
        f"""CREATE INDEX IF NOT EXISTS deliveries_ready
              ON "{schema}".deliveries (queue, available_at, id) WHERE dead_at IS NULL""",
        f"""CREATE OR REPLACE FUNCTION "{schema}".deliveries_notify() RETURNS trigger
              LANGUAGE plpgsql AS $$
              BEGIN PERFORM pg_notify('bus_' || TG_TABLE_SCHEMA, ''); RETURN NULL; END $$""",
        f'DROP TRIGGER IF EXISTS deliveries_notify ON "{schema}".deliveries',
        f"""CREATE TRIGGER deliveries_notify AFTER INSERT OR UPDATE ON "{schema}".deliveries
              FOR EACH STATEMENT EXECUTE FUNCTION "{schema}".deliveries_notify()""",
    ]


class PostgresBus(Bus):
    def __init__(self, database_url: str, *, schema: str, retry_delays_ms: list[int]) -> None:
        self._url = database_url
        self.schema = schema
        self._delays = retry_delays_ms
        self._engine: AsyncEngine | None = None
        self._wakeups: list[asyncio.Event] = []
        self._listener: asyncpg.Connection | None = None
        self._listener_lock = asyncio.Lock()

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise RuntimeError("PostgresBus.start() was not called")
        return self._engine

    async def start(self) -> None:
        # Each consumer loop holds a connection while its handler runs (the claim is a
        # row lock), so the overflow is sized for every loop being busy at once.
        self._engine = create_async_engine(async_url(self._url), pool_size=5, max_overflow=50)
        async with self._engine.begin() as conn:
            await conn.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:s))"), {"s": self.schema}
            )
            for statement in _ddl(self.schema):
                await conn.execute(text(statement))
        await self._ensure_listener()

    async def _ensure_listener(self) -> None:
        """LISTEN for new deliveries; reconnects after the database went away."""
        if self._listener is not None and not self._listener.is_closed():
            return
        # Every idle consumer loop calls this: one reconnect, not one per loop.
        async with self._listener_lock:
            if self._listener is not None and not self._listener.is_closed():
                return
            try:
                listener = await asyncpg.connect(asyncpg_dsn(self._url))
                await listener.add_listener(f"bus_{self.schema}", self._notified)
            except (OSError, asyncpg.PostgresError) as exc:
                # Consumers still poll, so a missing listener only adds latency.
                log.warning("embedded_bus_listen_failed", error=str(exc))
                return
            self._listener = listener

    def _notified(self, *_: object) -> None:
        for wakeup in self._wakeups:
            wakeup.set()

    async def close(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()
            self._listener = None
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def publish(self, conn: asyncpg.Connection, messages: list[OutgoingMessage]) -> None:
        # Fan out to every bound queue inside the relay's transaction: exactly once.
        await conn.execute(
            f"""INSERT INTO "{self.schema}".deliveries (queue, event_id, routing_key, body)
                SELECT b.queue, m.event_id, m.routing_key, m.body
                FROM unnest($1::text[], $2::text[], $3::text[])
                     WITH ORDINALITY AS m(event_id, routing_key, body, n)
                JOIN "{self.schema}".bindings b ON b.routing_key = m.routing_key
                ORDER BY m.n""",
            [m.event_id for m in messages],
            [m.routing_key for m in messages],
            [m.body.decode() for m in messages],
        )

    async def ensure_queue(self, queue: str, routing_keys: list[str]) -> None:
        async with self.engine.begin() as conn:
            for key in routing_keys:
                await conn.execute(
                    text(
                        f"""INSERT INTO "{self.schema}".bindings (queue, routing_key)
                            VALUES (:q, :k) ON CONFLICT DO NOTHING"""
                    ),
                    {"q": queue, "k": key},
                )

    async def consume(self, queue: str, processor: Processor) -> ConsumerHandle:
        await self.ensure_queue(queue, processor.subscription.routing_keys)
        wakeup = asyncio.Event()
        self._wakeups.append(wakeup)
        consumer = _PgConsumer(self, queue, processor, wakeup)
        consumer.start()
        return consumer

    def retry_delay(self, attempt: int) -> timedelta | None:
        if attempt < len(self._delays):
            return timedelta(milliseconds=self._delays[attempt])
        return None

    async def queue_exists(self, queue: str) -> bool:
        async with self.engine.connect() as conn:
            found = await conn.scalar(
                text(
                    f"""SELECT EXISTS (SELECT 1 FROM "{self.schema}".bindings WHERE queue = :q)
                        OR EXISTS (SELECT 1 FROM "{self.schema}".deliveries WHERE queue = :q)"""
                ),
                {"q": queue},
            )
            return bool(found)

    async def dlq_list(self, queue: str, limit: int = 100) -> list[DeadLetter]:
        async with self.engine.connect() as conn:
            rows = await conn.execute(
                text(
                    f"""SELECT id, event_id, routing_key, last_error, attempts, dead_at
                        FROM "{self.schema}".deliveries
                        WHERE queue = :q AND dead_at IS NOT NULL ORDER BY id LIMIT :n"""
                ),
                {"q": queue, "n": limit},
            )
            return [
                DeadLetter(
                    str(r.id), r.event_id, r.routing_key, r.last_error, r.attempts, r.dead_at
                )
                for r in rows
            ]

    async def dlq_replay(self, queue: str) -> int:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                text(
                    f"""UPDATE "{self.schema}".deliveries
                        SET dead_at = NULL, attempts = 0, available_at = now()
                        WHERE queue = :q AND dead_at IS NOT NULL"""
                ),
                {"q": queue},
            )
            return int(getattr(result, "rowcount", 0))

    async def dlq_purge(self, queue: str) -> int:
        async with self.engine.begin() as conn:
            result = await conn.execute(
                text(
                    f"""DELETE FROM "{self.schema}".deliveries
                        WHERE queue = :q AND dead_at IS NOT NULL"""
                ),
                {"q": queue},
            )
            return int(getattr(result, "rowcount", 0))


class _PgConsumer(ConsumerHandle):
    # A safety net only: NOTIFY wakes consumers for new rows and retries wake at
    # their own ``available_at``.
    POLL_S = 1.0

    def __init__(self, bus: PostgresBus, queue: str, processor: Processor, wakeup: asyncio.Event):
        self._bus = bus
        self._queue = queue
        self._processor = processor
        self._wakeup = wakeup
        self._stopping = asyncio.Event()
        self._inflight = Inflight()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        sub = self._processor.subscription
        loops, claim = (1, sub.batch_size) if sub.batch_handler else (sub.concurrency, 1)
        self._tasks = [asyncio.create_task(self._loop(claim)) for _ in range(loops)]

    async def _loop(self, claim: int) -> None:
        while not self._stopping.is_set():
            # Cleared before claiming: a NOTIFY during the claim must still wake us.
            self._wakeup.clear()
            try:
                handled, next_in = await self._claim_and_handle(claim)
            except Exception:
                log.exception("embedded_consumer_error", queue=self._queue)
                handled, next_in = 0, None
            if handled == 0 and not self._stopping.is_set():
                await self._bus._ensure_listener()
                timeout = self.POLL_S if next_in is None else min(self.POLL_S, next_in)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wait_for_work(), max(timeout, 0.005))

    async def _wait_for_work(self) -> None:
        stop = asyncio.create_task(self._stopping.wait())
        wake = asyncio.create_task(self._wakeup.wait())
        try:
            await asyncio.wait({stop, wake}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stop.cancel()
            wake.cancel()

    async def _claim_and_handle(self, claim: int) -> tuple[int, float | None]:
        """Handle up to ``claim`` ready rows; when none, say when the next one is due."""
        schema = self._bus.schema
        # In flight from the claim on, so a stop waits for a claim that is about to
        # start a handler instead of cancelling it half-way.
        with self._inflight:
            async with self._bus.engine.begin() as conn:
                rows = (
                    await conn.execute(
                        text(
                            f"""SELECT id, body, attempts FROM "{schema}".deliveries
                                WHERE queue = :q AND dead_at IS NULL AND available_at <= now()
                                ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED"""
                        ),
                        {"q": self._queue, "n": claim},
                    )
                ).all()
                if not rows:
                    next_in = (
                        await conn.execute(
                            text(
                                f"""SELECT extract(epoch FROM min(available_at) - now())
                                    FROM "{schema}".deliveries
                                    WHERE queue = :q AND dead_at IS NULL
                                      AND available_at > now()"""
                            ),
                            {"q": self._queue},
                        )
                    ).scalar()
                    return 0, None if next_in is None else float(next_in)
                if self._stopping.is_set():
                    # Claimed but not started: the transaction ends, the rows stay queued.
                    return 0, None
                outcomes = await self._processor.handle_batch([(r.body, r.attempts) for r in rows])
                done = [r.id for r, o in zip(rows, outcomes, strict=True) if o is None]
                if done:
                    await conn.execute(
                        text(f'DELETE FROM "{schema}".deliveries WHERE id = ANY(:ids)'),
                        {"ids": done},
                    )
                for row, outcome in zip(rows, outcomes, strict=True):
                    if outcome is not None:
                        await self._fail(conn, row.id, row.attempts, outcome)
                return len(rows), None

    async def _fail(
        self, conn: AsyncConnection, row_id: int, attempts: int, exc: BaseException
    ) -> None:
        delay = self._bus.retry_delay(attempts)
        error = describe_error(exc)
        if delay is not None:
            EVENTS_RETRIED.labels(self._queue).inc()
            log.warning(
                "event_retry_scheduled", queue=self._queue, attempt=attempts + 1, error=error
            )
        else:
            EVENTS_DEAD_LETTERED.labels(self._queue).inc()
            log.error("event_dead_lettered", queue=self._queue, attempts=attempts + 1, error=error)
        # The database clock, not ours, and not now(): that is when the (possibly long)
        # claim transaction began, which would shorten the delay.
        await conn.execute(
            text(
                f"""UPDATE "{self._bus.schema}".deliveries
                    SET attempts = attempts + 1, last_error = :err,
                        available_at = clock_timestamp() + make_interval(secs => :delay),
                        dead_at = CASE WHEN :dead THEN clock_timestamp() END
                    WHERE id = :id"""
            ),
            {
                "id": row_id,
                "err": error,
                "delay": delay.total_seconds() if delay is not None else 0.0,
                "dead": delay is None,
            },
        )

    async def stop(self, grace_s: float) -> None:
        self.stopping = True
        self._stopping.set()
        if not await self._inflight.wait_idle(grace_s):
            log.warning("consumer_stopped_with_inflight", queue=self._queue)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
