"""The outbox relay: publishes committed outbox rows, then marks them sent.

Rows are claimed with ``FOR UPDATE SKIP LOCKED`` and stay locked until the bus
has confirmed them, so any number of relays can run side by side without
publishing a row twice. A crash between confirm and commit republishes the batch;
consumers' inboxes make that harmless.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import asyncpg
import structlog
from sqlalchemy import text

from sessionhub.common.db import Database, asyncpg_dsn
from sessionhub.common.events.bus import Bus, OutgoingMessage
from sessionhub.common.events.outbox import listen_channel
from sessionhub.common.metrics import EVENTS_PUBLISHED, OUTBOX_LAG

log = structlog.get_logger()

CLAIM = text(
    """SELECT id, event_id, event_type, body FROM outbox
       WHERE published_at IS NULL ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED"""
)
MARK_SENT = text("UPDATE outbox SET published_at = now() WHERE id = ANY(:ids)")
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
        #: Failed drain attempts so far (broker or database away); rows stay pending.
        self.errors = 0

    async def drain_once(self) -> int:
        """Publish up to one batch; returns how many rows were published."""
        async with self.db.engine.begin() as conn:
            rows = (await conn.execute(CLAIM, {"n": self.batch_size})).all()
            if not rows:
                return 0
            await self.bus.publish(
                conn,
                [OutgoingMessage(str(r.event_id), r.event_type, r.body.encode()) for r in rows],
            )
            await conn.execute(MARK_SENT, {"ids": [r.id for r in rows]})
        for event_type, n in Counter(r.event_type for r in rows).items():
            EVENTS_PUBLISHED.labels(self.db.source, event_type).inc(n)
        return len(rows)

    async def drain(self) -> int:
        total = 0
        while (n := await self.drain_once()) > 0:
            total += n
        return total

    async def run(self) -> None:
        """Relay until :meth:`stop`; wakes on NOTIFY, polls as a safety net."""
        listener = await self._listen()
        backoff = 0.1
        last_housekeeping = 0.0
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
                if listener is None or listener.is_closed():
                    listener = await self._listen()
            await self._final_drain()
        finally:
            if listener is not None and not listener.is_closed():
                await listener.close()

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

    async def _listen(self) -> asyncpg.Connection | None:
        try:
            conn = await asyncpg.connect(asyncpg_dsn(self.db.url))
            await conn.add_listener(listen_channel(self.db.schema), lambda *_: self._wakeup.set())
            return conn
        except Exception as exc:
            log.warning("outbox_listen_failed", error=str(exc))
            return None

    async def _housekeeping(self) -> None:
        async with self.db.engine.begin() as conn:
            lag = (await conn.execute(LAG)).scalar()
            OUTBOX_LAG.labels(self.db.source).set(float(lag or 0))
            await conn.execute(PRUNE, {"s": self.retention_s})
            await conn.execute(PRUNE_INBOX, {"s": self.inbox_retention_s})

    async def stop(self) -> None:
        self._stopping.set()
