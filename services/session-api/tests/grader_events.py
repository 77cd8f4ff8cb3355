"""Grader events published the way the grader does: through an outbox, then the bus."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.grading import SessionGradedV1, SessionGradingFailedV1
from sessionhub.common.events.envelope import Envelope
from sessionhub.testing.plugin import RunningApp

from .support import SERVICE


def graded_event(session: dict[str, Any], overall: int = 70, **overrides: Any) -> SessionGradedV1:
    values: dict[str, Any] = {
        "session_id": session["id"],
        "user_id": session["user_id"],
        "group_id": session.get("group_id"),
        "rapport_score": overall,
        "discovery_score": overall,
        "objection_handling_score": overall,
        "closing_score": overall,
        "overall_score": overall,
        "feedback_strengths": ["Warm greeting"],
        "feedback_improvements": ["Ask for the close"],
        "virtual_earnings": 50.0,
        "details": [],
        "grader": "heuristic",
        "rubric_version": "test",
        "graded_at": datetime.now(UTC),
    }
    values.update(overrides)
    return SessionGradedV1(**values)


def failed_event(session: dict[str, Any], reason: str = "grader down") -> SessionGradingFailedV1:
    return SessionGradingFailedV1(
        session_id=session["id"],
        user_id=session["user_id"],
        reason=reason,
        rubric_version="test",
        failed_at=datetime.now(UTC),
    )


async def publish(
    app: RunningApp, *events: SessionGradedV1 | SessionGradingFailedV1
) -> list[Envelope]:
    """Queue the events in session-api's outbox; its relay sends them to the bus."""
    async with app.runtime.services[SERVICE].db.session() as session:
        return [await outbox.add(session, e) for e in events]
