"""Per-user rate limits in Redis (a window per user, opened by their first hit)."""

from __future__ import annotations

import asyncio
import hashlib
import weakref
from collections import deque
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.connection import AbstractConnection
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, ResponseError

from sessionhub.common.errors import RateLimited

# A window starts at a user's first hit and lasts ``window_s``; windows aligned to the
# clock would let twice the limit through in a burst straddling a boundary. One command
# on the hot path, EVALSHA by a digest computed once (redis-py's Script builds an object
# and runs a typing-Protocol isinstance check per hit, 8% of a create; EVAL with the text
# makes Redis hash the script on every call, 26 us of its CPU against 3).
_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
"""
_COUNT_SHA = hashlib.sha1(_COUNT.encode()).hexdigest()  # noqa: S324 - Redis names scripts by SHA-1


class _Line:
    """A held connection and the replies awaited on it, in the order the commands went."""

    __slots__ = ("conn", "outgoing", "reader", "waiting")

    def __init__(self, conn: AbstractConnection) -> None:
        self.conn = conn
        self.waiting: deque[asyncio.Future[Any]] = deque()
        self.outgoing: list[bytes] = []
        self.reader: asyncio.Task[None] | None = None


class _Counter:
    """The hits of one Redis client, sent over one connection of its pool held for them.

    Each hit queues its EVALSHA and awaits its reply; the commands queued in one turn of
    the event loop go out in one write, and one reader hands the replies back in order,
    so concurrent requests share the connection (pipelined) instead of each checking one
    out. Through the client a hit paid a pool checkout and release, retry and timeout
    wrappers and a task per write (``send_packed_command`` under a socket timeout): most
    of the 12 % of a create's CPU the limit cost. The connection stays the pool's:
    closing the client closes it.
    """

    def __init__(self, redis: Redis) -> None:
        self._pool = redis.connection_pool
        self._line: _Line | None = None
        self._opening = asyncio.Lock()

    async def count(self, key: str, window_ms: int) -> Any:
        line = self._line
        if line is None or not line.conn.is_connected:
            line = await self._open()
        loop = asyncio.get_running_loop()
        reply: asyncio.Future[Any] = loop.create_future()
        # The replies awaited and the commands written share one order.
        line.waiting.append(reply)
        if not line.outgoing:
            loop.call_soon(self._flush, line)
        line.outgoing += line.conn.pack_command("EVALSHA", _COUNT_SHA, 1, key, window_ms)
        if line.reader is None or line.reader.done():
            line.reader = asyncio.create_task(self._read(line), name="ratelimit-replies")
        return await reply

    async def _open(self) -> _Line:
        async with self._opening:
            line = self._line
            if line is not None and line.conn.is_connected:
                return line
            if line is not None:
                await self._lost(line, RedisConnectionError("Connection closed."))
            line = self._line = _Line(await self._pool.get_connection())
            return line

    def _flush(self, line: _Line) -> None:
        chunks, line.outgoing = line.outgoing, []
        # A connection lost meanwhile failed the replies awaited on it: nothing to send.
        # The stream's own writer, not send_packed_command: that wraps every write in
        # wait_for (a task) under a socket timeout. A failed write reaches the reader
        # as the connection's end, which fails the replies.
        writer = line.conn._writer
        if self._line is line and writer is not None:
            writer.writelines(chunks)

    async def _read(self, line: _Line) -> None:
        waiting = line.waiting
        try:
            while waiting:
                try:
                    value = await line.conn.read_response()
                except ResponseError as exc:  # an error reply: the stream is still in step
                    _settle(waiting.popleft(), exc)
                else:
                    _settle(waiting.popleft(), value)
        except BaseException as exc:
            await self._lost(line, exc)
            if isinstance(exc, asyncio.CancelledError):
                raise

    async def _lost(self, line: _Line, exc: BaseException) -> None:
        """``line`` failed: every reply still awaited on it is lost with it."""
        error = exc if isinstance(exc, Exception) else RedisConnectionError(repr(exc))
        while line.waiting:
            _settle(line.waiting.popleft(), error)
        if self._line is not line:
            return
        self._line = None
        if line.reader is not None and line.reader is not asyncio.current_task():
            line.reader.cancel()
        await line.conn.disconnect(nowait=True)
        await self._pool.release(line.conn)


def _settle(reply: asyncio.Future[Any], outcome: Any) -> None:
    if reply.done():  # its request was cancelled
        return
    if isinstance(outcome, BaseException):
        reply.set_exception(outcome)
    else:
        reply.set_result(outcome)


_counters: weakref.WeakKeyDictionary[Redis, _Counter] = weakref.WeakKeyDictionary()


async def _count(redis: Redis, key: str, window_ms: int) -> Any:
    counter = _counters.get(redis)
    if counter is None:
        counter = _counters[redis] = _Counter(redis)
    try:
        return await counter.count(key, window_ms)
    except RedisConnectionError:
        # A held connection the server closed while idle (a restart, a timeout): one
        # more try on a fresh one, as the client's own retry would.
        return await counter.count(key, window_ms)


async def enforce(redis: Redis, key: str, *, limit: int, window_s: int, what: str) -> None:
    """Count one hit of ``key``; raise 429 with ``Retry-After`` past ``limit`` per window."""
    try:
        count, ttl_ms = await _count(redis, key, window_s * 1000)
    except NoScriptError:  # a restarted or flushed Redis: EVAL loads it again
        count, ttl_ms = await redis.eval(_COUNT, 1, key, window_s * 1000)
    if int(count) > limit:
        retry_after = max(1, -(-int(ttl_ms) // 1000))
        raise RateLimited(
            f"Too many {what}: at most {limit} per {window_s} s. Retry in {retry_after} s.",
            retry_after_s=retry_after,
        )
