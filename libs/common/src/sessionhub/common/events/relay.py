"""The outbox relay: publishes committed outbox rows, then marks them sent.

Rows are claimed with ``FOR UPDATE SKIP LOCKED`` and stay locked until the bus
has confirmed them, so any number of relays can run side by side without
publishing a row twice. A crash between confirm and commit republishes the batch;
consumers' inboxes make that harmless.

A relay works on one asyncpg connection of its own: under a steady stream of commits it
drains dozens of times a second, and SQLAlchemy's engine cost a greenlet per statement
and a round trip more per batch. Commits of its own process wake it directly
(``outbox.on_commit``); that connection LISTENs for the NOTIFY a process without a relay
sends after its commit.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from operator import itemgetter

import asyncpg
import structlog
from sqlalchemy import text

from sessionhub.common.db import Database
from sessionhub.common.events.bus import Bus, OutgoingMessage
from sessionhub.common.events.outbox import listen_channel, on_commit
from sessionhub.common.metrics import EVENTS_PUBLISHED, OUTBOX_LAG

log = structlog.get_logger()

# Claimed and marked sent by one statement, in the transaction that publishes them: a
# failed publish rolls the mark back with the lock.
CLAIM = """
UPDATE outbox SET published_at = now()
WHERE id IN (
    SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1
    FOR UPDATE SKIP LOCKED
)
RETURNING id, event_id, event_type, body
"""
LAG = text(
    "SELECT extract(epoch FROM now() - min(created_at)) FROM outbox WHERE published_at IS NULL"
)
PRUNE = text("DELETE FROM outbox WHERE published_at < now() - make_interval(secs => :s)")
PRUNE_INBOX = text("DELETE FROM inbox WHERE processed_at < now() - make_interval(secs => :s)")


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        bus: Bus,
        *,
        batch_size: int = 500,
        poll_interval_s: float = 1.0,
        retention_s: int = 86_400,
        inbox_retention_s: int = 7 * 86_400,
    ) -> None:
        self.db = db
        self.bus = bus
        self.batch_size = batch_size
        self.poll_interval_s = poll_interval_s
        self.retention_s = retention_s
        self.inbox_retention_s = inbox_retention_s
        self._wakeup = asyncio.Event()
        self._stopping = asyncio.Event()
        self._conn: asyncpg.Connection | None = None
        #: Failed drain attempts so far (broker or database away); rows stay pending.
        self.errors = 0

    async def drain_once(self) -> int:
        """Publish up to one batch; returns how many rows were published."""
        conn = await self._connection()
        async with conn.transaction():
            claimed = await conn.fetch(CLAIM, self.batch_size)
            if not claimed:
                return 0
            # RETURNING follows no ORDER BY: the outbox's order is the ids'.
            rows = sorted(claimed, key=itemgetter(0))
            await self.bus.publish(
                conn,
                [OutgoingMessage(str(r[1]), r[2], r[3].encode()) for r in rows],
            )
        for event_type, n in Counter(r[2] for r in rows).items():
            EVENTS_PUBLISHED.labels(self.db.source, event_type).inc(n)
        return len(rows)

    async def _connection(self) -> asyncpg.Connection:
        """The relay's connection, opened again after it was lost: it LISTENs for the
        outbox's commits and runs every drain."""
        conn = self._conn
        if conn is not None and not conn.is_closed():
            return conn
        self._conn = None
        conn = await self.db.connect()
        try:
            await conn.add_listener(listen_channel(self.db.schema), self._notified)
        except BaseException:
            conn.terminate()
            raise
        self._conn = conn
        return conn

    def _notified(self, *_: object) -> None:
        self._wakeup.set()

    async def close(self) -> None:
        """Close the relay's connection (``run`` does so when it stops)."""
        conn, self._conn = self._conn, None
        if conn is not None and not conn.is_closed():
            try:
                await conn.close(timeout=5)
            except Exception:
                conn.terminate()

    async def drain(self) -> int:
        total = 0
        while (n := await self.drain_once()) > 0:
            total += n
        return total

    async def run(self) -> None:
        """Relay until :meth:`stop`; wakes on commits and NOTIFY, polls as a safety net."""
        backoff = 0.1
        last_housekeeping = 0.0
        unregister = on_commit(self.db.schema, self._notified)
        try:
            while not self._stopping.is_set():
                self._wakeup.clear()
                try:
                    # One batch per turn, not drain(): under a steady stream of commits
                    # the loop must still notice stop() and run its housekeeping.
                    published = await self.drain_once()
                    backoff = 0.1
                    if time.monotonic() - last_housekeeping > 30:
                        await self._housekeeping()
                        last_housekeeping = time.monotonic()
                except Exception as exc:
                    # Broker or database away: rows stay pending and are retried.
                    self.errors += 1
                    log.warning(
                        "outbox_relay_error",
                        source=self.db.source,
                        error=repr(exc),
                        retry_s=backoff,
                    )
                    # New commits must not cut the backoff short: they would hammer a
                    # broker that is down, once per transaction.
                    await self._sleep(backoff, on_notify=False)
                    backoff = min(backoff * 2, 5.0)
                    continue
                if published == 0:
                    await self._sleep(self.poll_interval_s)
            await self._final_drain()
        finally:
            unregister()
            await self.close()

    async def _final_drain(self) -> None:
        """Publish what the last handlers committed, so it does not wait for another relay."""
        try:
            await asyncio.wait_for(self.drain(), self.poll_interval_s * 5)
        except Exception as exc:
            log.warning("outbox_final_drain_incomplete", source=self.db.source, error=repr(exc))

    async def _sleep(self, seconds: float, *, on_notify: bool = True) -> None:
        waits = {asyncio.create_task(self._stopping.wait())}
        if on_notify:
            waits.add(asyncio.create_task(self._wakeup.wait()))
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()

    async def _housekeeping(self) -> None:
        async with self.db.engine.begin() as conn:
            lag = (await conn.execute(LAG)).scalar()
            OUTBOX_LAG.labels(self.db.source).set(float(lag or 0))
            await conn.execute(PRUNE, {"s": self.retention_s})
            await conn.execute(PRUNE_INBOX, {"s": self.inbox_retention_s})

    async def stop(self) -> None:
        self._stopping.set()
