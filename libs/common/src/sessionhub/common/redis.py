"""Redis client factory."""

from __future__ import annotations

from redis.asyncio import Redis


def create_redis(url: str) -> Redis:
    # health_check_interval lets a client notice a restarted server before using it.
    return Redis.from_url(url, health_check_interval=15, socket_connect_timeout=5)
