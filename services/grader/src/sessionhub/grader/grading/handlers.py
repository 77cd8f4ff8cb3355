"""Event handlers: grade first (slow, no transaction open), then record and publish."""

from __future__ import annotations

from typing import Any

import structlog

from sessionhub.common.events.catalog.sessions import (
    SessionCompletedV1,
    SessionCompletedV2,
    SessionRegradeRequestedV1,
    SessionRegradeRequestedV2,
)
from sessionhub.common.events.consumer import Delivery, Handler, HandlerContext
from sessionhub.common.events.registry import Event
from sessionhub.common.logging import bind
from sessionhub.grader.grading.service import Graded, GradingRequest, TranscriptGrader, grading
from sessionhub.grader.metrics import GRADINGS

log = structlog.get_logger(__name__)

#: ``ServiceContext.state`` key of the :class:`TranscriptGrader` built at start-up.
GRADER_STATE = "transcript_grader"


async def on_session_completed(
    ctx: HandlerContext, delivery: Delivery[SessionCompletedV1 | SessionCompletedV2]
) -> None:
    await _grade(ctx, GradingRequest.from_snapshot(delivery.event, delivery.event_id))


async def on_regrade_requested(
    ctx: HandlerContext, delivery: Delivery[SessionRegradeRequestedV1 | SessionRegradeRequestedV2]
) -> None:
    await _grade(
        ctx,
        GradingRequest.from_snapshot(delivery.event, delivery.event_id, delivery.event.request_id),
    )


_BY_EVENT: dict[type[Event], Handler] = {
    SessionCompletedV1: on_session_completed,
    SessionCompletedV2: on_session_completed,
    SessionRegradeRequestedV1: on_regrade_requested,
    SessionRegradeRequestedV2: on_regrade_requested,
}
GRADING_EVENTS = tuple(_BY_EVENT)


async def on_grading_event(ctx: HandlerContext, delivery: Delivery[Any]) -> None:
    """The grading queue's handler: both events share one queue and its consumers."""
    await _BY_EVENT[type(delivery.event)](ctx, delivery)


async def _grade(ctx: HandlerContext, request: GradingRequest) -> None:
    bind(session_id=request.session_id, request_key=request.key)
    # A republished event (new id, same request) would otherwise cost an LLM call
    # only to be discarded by the unique key.
    async with ctx.service.db.read_session() as db:
        if await grading.already_decided(db, request):
            GRADINGS.labels("none", "duplicate").inc()
            log.info("grading_already_decided")
            return
    grader: TranscriptGrader = ctx.service.state[GRADER_STATE]
    decision = await grader.decide(request)
    async with ctx.transaction() as db:
        recorded = await grading.record(db, request, decision)
    if not recorded:
        GRADINGS.labels("none", "duplicate").inc()
        log.info("grading_already_decided")
        return
    if isinstance(decision, Graded):
        GRADINGS.labels(decision.grader, "graded").inc()
        log.info(
            "session_graded",
            grader=decision.grader,
            overall=decision.result.overall_score,
            fallback_reason=decision.fallback_reason,
        )
    else:
        GRADINGS.labels(decision.grader, "failed").inc()
        log.warning("session_grading_failed", reason=decision.reason)
