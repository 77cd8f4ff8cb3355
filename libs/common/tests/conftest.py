"""Fixtures the common library's tests share."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from sessionhub.common.redis import create_redis
from sessionhub.testing.plugin import REDIS_URL


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    """A client of the test Redis, closed after the test."""
    client = create_redis(REDIS_URL)
    try:
        yield client
    finally:
        await client.aclose()
