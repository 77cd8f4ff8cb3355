"""Generation progress as Server-Sent Events: PostgreSQL holds the truth, Redis pub/sub
wakes the streams (a missed wake-up only delays an event to the next poll)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator

import structlog
from sse_starlette import ServerSentEvent

from sessionhub.builder.generation.notify import channel
from sessionhub.builder.generation.repository import GenerationRepository
from sessionhub.builder.generation.service import generation_public, variant_public
from sessionhub.common.service import ServiceContext
from sessionhub.common.sse import sse_event

log = structlog.get_logger(__name__)

#: Re-read PostgreSQL this often even without a wake-up.
POLL_S = 1.0


async def follow(
    ctx: ServiceContext,
    draft_id: uuid.UUID,
    *,
    generation_id: uuid.UUID | None = None,
) -> AsyncIterator[ServerSentEvent]:
    """``pending`` → each ``variant`` as it lands → ``done`` or ``failed``.

    With ``generation_id`` the stream ends with that generation; otherwise it follows
    the draft's latest generation, and the next ones, until the client leaves.
    """
    pubsub = ctx.redis.pubsub()
    await pubsub.subscribe(channel(ctx, draft_id))
    tracked: uuid.UUID | None = None
    sent: set[uuid.UUID] = set()
    announced = finished = False
    try:
        while True:
            async with ctx.db.read_session() as db:
                repo = GenerationRepository(db)
                if generation_id is not None:
                    row = await repo.get(generation_id)
                else:
                    latest = await repo.latest(draft_id, 1)
                    row = latest[0] if latest else None
                variants = await repo.variants(row.id) if row is not None else []
            if row is not None and row.id != tracked:
                tracked, sent, announced, finished = row.id, set(), False, False
            if row is not None and not finished:
                public = generation_public(row, variants)
                if not announced:
                    announced = True
                    summary = public.model_dump(mode="json", exclude={"variants"})
                    yield sse_event("pending", summary, id=f"{row.id}:pending")
                for variant in variants:
                    if variant.id not in sent:
                        sent.add(variant.id)
                        yield sse_event(
                            "variant",
                            variant_public(variant).model_dump(mode="json"),
                            id=f"{row.id}:{variant.id}",
                        )
                if row.status in ("done", "failed"):
                    finished = True
                    yield sse_event(row.status, public.model_dump(mode="json"), id=f"{row.id}:end")
                    if generation_id is not None:
                        return
            await pubsub.get_message(ignore_subscribe_messages=True, timeout=POLL_S)
    finally:
        with contextlib.suppress(Exception):
            await pubsub.unsubscribe()
            await pubsub.aclose()
