"""Per-user rate limits in Redis (fixed window; shared by every API replica)."""

from __future__ import annotations

import time

from redis.asyncio import Redis

from sessionhub.common.errors import RateLimited


async def enforce(redis: Redis, key: str, *, limit: int, window_s: int, what: str) -> None:
    """Count one hit of ``key``; raise 429 with ``Retry-After`` past ``limit`` per window."""
    window = int(time.time()) // window_s
    bucket = f"{key}:{window}"
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(bucket)
        pipe.expire(bucket, window_s + 1)
        count, _ = await pipe.execute()
    if int(count) > limit:
        retry_after = max(1, (window + 1) * window_s - int(time.time()))
        raise RateLimited(
            f"Too many {what}: at most {limit} per {window_s} s. Retry in {retry_after} s.",
            retry_after_s=retry_after,
        )
