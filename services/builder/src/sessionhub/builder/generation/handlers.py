"""Builder workers' event handlers, named after the event they react to."""

from __future__ import annotations

from sessionhub.builder.generation.pipeline import Generator
from sessionhub.builder.state import state_of
from sessionhub.common.events.catalog.builder import DraftVariantsRequestedV1
from sessionhub.common.events.consumer import Delivery, HandlerContext
from sessionhub.common.logging import bind


async def on_variants_requested(
    ctx: HandlerContext, delivery: Delivery[DraftVariantsRequestedV1]
) -> None:
    """Generate the requested variants; the LLM calls run before any transaction opens."""
    bind(draft_id=str(delivery.event.draft_id), generation_id=str(delivery.event.generation_id))
    await Generator(state_of(ctx.service)).run(ctx, delivery.event)
