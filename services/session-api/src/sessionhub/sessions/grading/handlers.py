"""Handlers of the grader's events, named after the event they react to."""

from __future__ import annotations

from sessionhub.common.events.catalog.grading import (
    SessionGradedV1,
    SessionGradedV2,
    SessionGradingFailedV1,
)
from sessionhub.common.events.consumer import Delivery, HandlerContext
from sessionhub.sessions.grading import service
from sessionhub.sessions.state import state_of


async def on_session_graded(
    ctx: HandlerContext, delivery: Delivery[SessionGradedV1 | SessionGradedV2]
) -> None:
    """Store the grade; the session's live stream and its group's feedback follow."""
    async with ctx.transaction() as db:
        await service.record_grade(db, state_of(ctx.service), delivery.event)


async def on_session_grading_failed(
    ctx: HandlerContext, delivery: Delivery[SessionGradingFailedV1]
) -> None:
    """Grading gave up: the session leaves ``pending`` with the reason."""
    async with ctx.transaction() as db:
        await service.record_failure(db, state_of(ctx.service), delivery.event)
