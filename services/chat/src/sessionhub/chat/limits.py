"""The per-user rate limits chat applies to new sessions and to messages."""

from __future__ import annotations

from redis.exceptions import RedisError

from sessionhub.chat.state import ChatState
from sessionhub.common import ratelimit
from sessionhub.common.errors import ServiceUnavailable


async def enforce_rate(
    state: ChatState, *parts: object, limit: int, window_s: int, what: str
) -> None:
    """The shared per-user rate limit; without Redis nothing is counted, so nothing passes."""
    ctx = state.ctx
    try:
        await ratelimit.enforce(
            ctx.redis, ctx.key("rl", *parts), limit=limit, window_s=window_s, what=what
        )
    except RedisError as exc:
        raise ServiceUnavailable(
            "Chat is temporarily unavailable (rate limits cannot be checked); retry shortly."
        ) from exc
