"""No generation stays pending: those open past their deadline are failed, and said so."""

from __future__ import annotations

import asyncio
from functools import partial

import structlog

from sessionhub.builder.drafts.service import subject
from sessionhub.builder.generation import notify as live
from sessionhub.builder.generation.pipeline import generated_event
from sessionhub.builder.generation.repository import GenerationRepository
from sessionhub.builder.state import state_of
from sessionhub.common.db import after_commit
from sessionhub.common.events import outbox
from sessionhub.common.service import ServiceContext

log = structlog.get_logger(__name__)


async def fail_stale_generations(ctx: ServiceContext) -> int:
    """One sweep; returns how many generations it failed."""
    settings = state_of(ctx).settings
    failed = 0
    async with ctx.db.read_session() as s:
        stale = await GenerationRepository(s).stale(settings.generation_stale_s)
    for row in stale:
        error = f"no worker finished it within {settings.generation_stale_s:.0f}s"
        async with ctx.db.session() as s:
            done = await GenerationRepository(s).finish(
                row.id, status="failed", error=error, only_open=True
            )
            if done is None:
                continue
            await outbox.add(
                s,
                generated_event(
                    row.id,
                    row.draft_id,
                    row.owner_id,
                    [],
                    status="failed",
                    fallback=False,
                    weight=row.rag_weight or 0.0,
                    mode="none",
                    error=error,
                    finished_at=done.finished_at,
                ),
                subject=subject(row.draft_id),
            )
            after_commit(s, partial(live.notify, ctx, row.draft_id))
        failed += 1
    return failed


async def sweep_generations(ctx: ServiceContext) -> None:
    while True:
        try:
            failed = await fail_stale_generations(ctx)
            if failed:
                log.warning("builder.generations_timed_out", count=failed)
        except Exception as exc:
            log.warning("builder.sweep_failed", error=str(exc))
        await asyncio.sleep(state_of(ctx).settings.sweep_interval_s)
