"""Wake-ups for the generation streams: Redis pub/sub, one channel per draft."""

from __future__ import annotations

import uuid

import structlog

from sessionhub.common.service import ServiceContext

log = structlog.get_logger(__name__)


def channel(ctx: ServiceContext, draft_id: uuid.UUID) -> str:
    return ctx.key("draft", draft_id, "generations")


async def notify(ctx: ServiceContext, draft_id: uuid.UUID) -> None:
    """Wake the draft's streams; best effort, as they poll anyway."""
    try:
        await ctx.redis.publish(channel(ctx, draft_id), "1")
    except Exception as exc:
        log.warning("builder.notify_failed", error=str(exc))
