"""Per-user rate limits in Redis (fixed window; shared by every API replica)."""

from __future__ import annotations

import time

from redis.asyncio import Redis

from sessionhub.common.errors import RateLimited

# One command on the hot path (a MULTI/INCR/EXPIRE/EXEC pipeline parses four replies);
# the window's first hit sets its expiry. Sent with EVAL, not redis-py's Script: its
# call builds a Script object and runs a typing-Protocol isinstance check per hit (8%
# of a create), and Redis caches the compiled script by its text anyway.
_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


async def enforce(redis: Redis, key: str, *, limit: int, window_s: int, what: str) -> None:
    """Count one hit of ``key``; raise 429 with ``Retry-After`` past ``limit`` per window."""
    window = int(time.time()) // window_s
    bucket = f"{key}:{window}"
    count = await redis.eval(_COUNT, 1, bucket, window_s + 1)
    if int(count) > limit:
        retry_after = max(1, (window + 1) * window_s - int(time.time()))
        raise RateLimited(
            f"Too many {what}: at most {limit} per {window_s} s. Retry in {retry_after} s.",
            retry_after_s=retry_after,
        )
