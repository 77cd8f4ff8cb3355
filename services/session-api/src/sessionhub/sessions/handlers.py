"""Handlers of the grader's events, named after the event they react to."""

from __future__ import annotations

from sessionhub.common.events.catalog.grading import SessionGradedV1, SessionGradingFailedV1
from sessionhub.common.events.consumer import Delivery, HandlerContext
from sessionhub.sessions.groups.feedback import refresh_group_feedback
from sessionhub.sessions.state import state_of
from sessionhub.sessions.training.flows import grade_payload
from sessionhub.sessions.training.repository import GradingRepository


async def on_session_graded(ctx: HandlerContext, delivery: Delivery[SessionGradedV1]) -> None:
    """Store the grade; the session's live stream and its group's feedback follow."""
    event = delivery.event
    st = state_of(ctx.service)
    async with ctx.transaction() as session:
        row = await GradingRepository(session).store_grade(
            event.session_id,
            {
                "rapport_score": event.rapport_score,
                "discovery_score": event.discovery_score,
                "objection_handling_score": event.objection_handling_score,
                "closing_score": event.closing_score,
                "overall_score": event.overall_score,
                "feedback_strengths": list(event.feedback_strengths),
                "feedback_improvements": list(event.feedback_improvements),
                "virtual_earnings": event.virtual_earnings,
                "grader": event.grader,
                "graded_at": event.graded_at,
            },
        )
        if row is None:  # deleted meanwhile, or a newer grade is already stored
            return
        st.live.publish_after_commit(session, event.session_id, "grade", grade_payload(row))
        if row.group_id is not None:
            await refresh_group_feedback(session, row.group_id)


async def on_session_grading_failed(
    ctx: HandlerContext, delivery: Delivery[SessionGradingFailedV1]
) -> None:
    """Grading gave up: the session leaves ``pending`` with the reason."""
    event = delivery.event
    st = state_of(ctx.service)
    async with ctx.transaction() as session:
        row = await GradingRepository(session).store_failure(event.session_id, event.reason)
        if row is None:
            return
        st.live.publish_after_commit(session, event.session_id, "grade", grade_payload(row))
        if row.group_id is not None:
            await refresh_group_feedback(session, row.group_id)
