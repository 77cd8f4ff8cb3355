"""Consumption of session.graded and session.grading_failed."""

from __future__ import annotations

import uuid

from sessionhub.common.events import outbox
from sessionhub.testing.plugin import RunningApp, wait_until

from ..grader_events import failed_event, graded_event, publish
from ..support import BASE, SERVICE, Actor


async def completed_session(actor: Actor) -> dict:
    sid = (await actor.start_session())["id"]
    await actor.post(f"{BASE}/{sid}/complete")
    return await actor.session(sid)


async def graded(actor: Actor, sid: int, status: str = "graded") -> dict | None:
    session = await actor.session(sid)
    return session if session["grading_status"] == status else None


class TestSessionGraded:
    async def test_grade_is_stored(self, app: RunningApp, alice: Actor) -> None:
        session = await completed_session(alice)
        event = graded_event(
            session,
            overall=75,
            rapport_score=90,
            closing_score=60,
            feedback_strengths=["Clear agenda", "Good rapport"],
            grader="llm",
        )
        await publish(app, event)
        stored = await wait_until(lambda: graded(alice, session["id"]), message="the grade")
        assert stored["rapport_score"] == 90
        assert stored["closing_score"] == 60
        assert stored["overall_score"] == 75
        assert stored["feedback_strengths"] == ["Clear agenda", "Good rapport"]
        assert stored["feedback_improvements"] == ["Ask for the close"]
        assert stored["virtual_earnings"] == 50.0
        assert stored["grader"] == "llm"
        assert stored["graded_at"] is not None

    async def test_redelivery_changes_nothing(self, app: RunningApp, alice: Actor) -> None:
        session = await completed_session(alice)
        [envelope] = await publish(app, graded_event(session, overall=40))
        await wait_until(lambda: graded(alice, session["id"]), message="the grade")
        # An operator-style regrade stores 80; then the old envelope arrives again.
        await publish(app, graded_event(session, overall=80))
        await wait_until(lambda: _overall(alice, session["id"], 80), message="the newer grade")
        async with app.runtime.services[SERVICE].db.session() as s:
            await s.execute(
                outbox.outbox_table.insert().values(
                    event_id=uuid.uuid4(),
                    event_type=envelope.type,
                    body=envelope.to_bytes().decode(),
                )
            )
        marker = await completed_session(alice)
        await publish(app, graded_event(marker))
        await wait_until(lambda: graded(alice, marker["id"]), message="the marker grade")
        assert (await alice.session(session["id"]))["overall_score"] == 80

    async def test_an_older_grade_does_not_overwrite_a_newer_one(
        self, app: RunningApp, alice: Actor
    ) -> None:
        session = await completed_session(alice)
        newer = graded_event(session, overall=90)
        older = graded_event(session, overall=10, graded_at=newer.graded_at.replace(year=2000))
        await publish(app, newer, older)
        marker = await completed_session(alice)
        await publish(app, graded_event(marker))
        await wait_until(lambda: graded(alice, marker["id"]), message="the marker grade")
        assert (await alice.session(session["id"]))["overall_score"] == 90

    async def test_grade_for_a_deleted_session_is_ignored(
        self, app: RunningApp, alice: Actor
    ) -> None:
        session = await completed_session(alice)
        await alice.delete(f"{BASE}/{session['id']}")
        await publish(app, graded_event(session))
        marker = await completed_session(alice)
        await publish(app, graded_event(marker))
        await wait_until(lambda: graded(alice, marker["id"]), message="the marker grade")
        assert await app.runtime.bus.dlq_list(app.runtime.services[SERVICE].queue("grades")) == []


class TestSessionGradingFailed:
    async def test_failure_leaves_pending(self, app: RunningApp, alice: Actor) -> None:
        session = await completed_session(alice)
        await publish(app, failed_event(session, "both graders failed"))
        stored = await wait_until(
            lambda: graded(alice, session["id"], "failed"), message="the failure"
        )
        assert stored["grading_error"] == "both graders failed"

    async def test_failure_after_a_grade_is_ignored(self, app: RunningApp, alice: Actor) -> None:
        session = await completed_session(alice)
        await publish(app, graded_event(session), failed_event(session))
        marker = await completed_session(alice)
        await publish(app, failed_event(marker))
        await wait_until(lambda: graded(alice, marker["id"], "failed"), message="the marker")
        assert (await alice.session(session["id"]))["grading_status"] == "graded"


async def _overall(actor: Actor, sid: int, value: int) -> bool:
    return (await actor.session(sid))["overall_score"] == value
