"""Redis client factory."""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis

MAX_CONNECTIONS = 100
CONNECTION_WAIT_S = 10


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
