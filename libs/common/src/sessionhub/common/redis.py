"""Redis client factory, and notifications published in batches off the request path."""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from redis.asyncio import BlockingConnectionPool, Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

MAX_CONNECTIONS = 100
CONNECTION_WAIT_S = 10

log = structlog.get_logger()


def create_redis(url: str) -> Redis:
    # A blocking pool makes a burst of concurrent requests wait for a free connection;
    # the default pool fails them at once ("Too many connections") past its limit.
    # health_check_interval lets a client notice a restarted server before using it.
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=MAX_CONNECTIONS,
        timeout=CONNECTION_WAIT_S,
        health_check_interval=15,
        socket_connect_timeout=5,
    )
    return Redis.from_pool(pool)


class Notifier:
    """Redis ``PUBLISH`` for notifications, sent in order by one background task.

    A PUBLISH awaited by each request cost a pool checkout and a round trip apiece (5 to
    20 % of a transcript append's server CPU, by the load), and the response waited for
    Redis, however slow. Queued here instead, no response waits on Redis, and what queues while a
    batch is in flight goes out in the next one, one pipeline for many. They stay
    notifications: one may be lost (Redis down, the process killed before a batch went
    out), which is logged; subscribers must treat the database as the record and fill
    gaps from it.
    """

    def __init__(self, redis: Redis, *, max_pending: int = 10_000) -> None:
        self.redis = redis
        self._max_pending = max_pending
        self._pending: list[tuple[str, bytes | str]] = []
        self._wake = asyncio.Event()
        self._progress = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._queued = 0
        self._settled = 0

    def publish(self, channel: str, message: bytes | str) -> None:
        """Queue ``message`` for ``channel``; returns at once and never raises."""
        if len(self._pending) >= self._max_pending:
            # Redis has been unreachable for a while; bound the memory, drop the oldest.
            log.warning("notification_dropped", channel=self._pending[0][0])
            self._pending.pop(0)
            self._settled += 1
        self._pending.append((channel, message))
        self._queued += 1
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(
                self._drain(), name="redis-notifier"
            )
        self._wake.set()

    async def flush(self) -> None:
        """Wait until everything queued so far was sent (or logged as lost)."""
        target = self._queued
        while self._settled < target:
            self._progress.clear()
            await self._progress.wait()

    async def aclose(self, timeout_s: float = 2.0) -> None:
        """Send what is queued (for at most ``timeout_s``), then stop the task."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.flush(), timeout_s)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _drain(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._pending:
                batch, self._pending = self._pending, []
                await self._send(batch)
                self._settled += len(batch)
                self._progress.set()

    async def _send(self, batch: list[tuple[str, bytes | str]]) -> None:
        # A pipeline is not retried by the client: a connection the server dropped since
        # the last batch would lose this one. Once more on a fresh connection; a message
        # sent twice is harmless to subscribers that read the record by sequence.
        for attempt in (1, 2):
            try:
                async with self.redis.pipeline(transaction=False) as pipe:
                    for channel, message in batch:
                        pipe.publish(channel, message)
                    await pipe.execute()
                return
            except (RedisConnectionError, RedisTimeoutError) as exc:
                if attempt == 2:
                    log.warning("notifications_lost", count=len(batch), error=repr(exc))
            except Exception as exc:  # notifications tolerate loss; the task lives on
                log.warning("notifications_lost", count=len(batch), error=repr(exc))
                return
