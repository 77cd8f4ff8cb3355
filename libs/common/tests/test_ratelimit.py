"""Rate limits counted in Redis over a held, pipelined connection."""

from __future__ import annotations

import asyncio
import socket
import uuid

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from sessionhub.common.errors import RateLimited
from sessionhub.common.ratelimit import enforce
from sessionhub.common.redis import create_redis
from sessionhub.testing.plugin import REDIS_URL


def _key() -> str:
    return f"test-ratelimit:{uuid.uuid4().hex}"


async def _hit(redis: Redis, key: str, limit: int) -> int | None:
    """None when counted, the Retry-After seconds when refused."""
    try:
        await enforce(redis, key, limit=limit, window_s=60, what="hits")
    except RateLimited as refused:
        return int(refused.headers["Retry-After"])
    return None


async def test_concurrent_hits_each_get_their_own_count(redis: Redis) -> None:
    keys = [_key() for _ in range(3)]
    try:
        outcomes = await asyncio.gather(*(_hit(redis, keys[i % 3], limit=20) for i in range(90)))
        refused = [o for o in outcomes if o is not None]
        assert len(refused) == 30
        assert all(1 <= seconds <= 60 for seconds in refused)
        assert [int(await redis.get(k) or 0) for k in keys] == [30, 30, 30]
    finally:
        await redis.delete(*keys)


async def test_counting_goes_on_after_redis_dropped_the_connection(redis: Redis) -> None:
    name = f"test-ratelimit-{uuid.uuid4().hex}"
    own = create_redis(f"{REDIS_URL}?client_name={name}")
    key = _key()
    try:
        assert await _hit(own, key, limit=5) is None
        killed = 0
        for client in await redis.client_list():
            if client.get("name") == name:
                killed += await redis.client_kill_filter(_id=client["id"])
        assert killed >= 1
        outcomes = [await _hit(own, key, limit=5) for _ in range(5)]
        assert outcomes[:4] == [None] * 4
        assert outcomes[4] is not None
    finally:
        await own.aclose()
        await redis.delete(key)


async def test_an_unreachable_redis_is_a_connection_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = create_redis(f"redis://127.0.0.1:{port}/0")
    try:
        with pytest.raises(RedisConnectionError):
            await enforce(dead, _key(), limit=1, window_s=60, what="hits")
    finally:
        await dead.aclose()
