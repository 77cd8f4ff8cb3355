"""Background work run by chat workers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import UUID

import structlog

from sessionhub.chat.sessions import repository
from sessionhub.chat.state import chat_state
from sessionhub.common.service import ServiceContext

log = structlog.get_logger()

SWEEP_BATCH = 500


async def sweep_expired_sessions(ctx: ServiceContext) -> None:
    """Delete expired (ephemeral) sessions with their messages and Redis keys."""
    state = chat_state(ctx)
    while True:
        deleted: list[UUID] = []
        try:
            async with ctx.db.session() as db:
                deleted = await repository.delete_expired(db, datetime.now(UTC), SWEEP_BATCH)
            await state.cache.bury(deleted)
            await state.ingest.forget_sessions(deleted)
            if deleted:
                log.info("chat_sessions_expired", count=len(deleted))
        except Exception as exc:
            log.warning("chat_sweep_failed", error=str(exc))
        if len(deleted) < SWEEP_BATCH:
            await asyncio.sleep(state.settings.sweep_interval_s)
