"""POST /api/training-sessions/{id}/complete and /regrade."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aio_pika
import pytest

from sessionhub.common.auth import Role
from sessionhub.testing.plugin import RunningApp, wait_until

from ..support import BASE, Actor, assert_problem, events_for


@pytest.fixture
async def completed_queue(app: RunningApp) -> AsyncIterator[aio_pika.abc.AbstractQueue]:
    """A private queue bound to the test exchange for session.completed."""
    settings = app.settings
    assert settings.rabbitmq_url
    connection = await aio_pika.connect(settings.rabbitmq_url)
    try:
        channel = await connection.channel()
        exchange = await channel.get_exchange(settings.events_exchange)
        queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        await queue.bind(exchange, routing_key="session.completed")
        yield queue
    finally:
        await connection.close()


class TestComplete:
    async def test_completes_and_points_to_analytics(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        response = await alice.post(f"{BASE}/{sid}/complete", json={"duration_seconds": 95})
        assert response.status_code == 200
        assert response.json() == {
            "id": sid,
            "status": "completed",
            "redirect_to": f"/analytics/{sid}",
        }
        session = await alice.session(sid)
        assert session["status"] == "completed"
        assert session["grading_status"] == "pending"
        assert session["duration_seconds"] == 95
        assert session["ended_at"] is not None

    async def test_duration_is_the_servers_clock_whatever_the_client_stamped(
        self, alice: Actor
    ) -> None:
        sid = (await alice.start_session())["id"]
        now = datetime.now(UTC)
        lines = [
            {
                "speaker": "trainee",
                "text": "hi",
                "timestamp": (now - timedelta(days=3)).isoformat(),
            },
            {
                "speaker": "persona",
                "text": "bye",
                "timestamp": (now + timedelta(hours=5)).isoformat(),
            },
        ]
        assert (await alice.post(f"{BASE}/{sid}/transcript", json={"lines": lines})).is_success
        await alice.post(f"{BASE}/{sid}/complete")
        session = await alice.session(sid)
        span = datetime.fromisoformat(session["ended_at"]) - datetime.fromisoformat(
            session["started_at"]
        )
        # The client's stamps span 3 days and 5 hours; the session lasted under a minute.
        assert session["duration_seconds"] == round(span.total_seconds()) < 60

    async def test_duration_falls_back_to_start_and_end(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        await alice.post(f"{BASE}/{sid}/complete")
        session = await alice.session(sid)
        span = datetime.fromisoformat(session["ended_at"]) - datetime.fromisoformat(
            session["started_at"]
        )
        assert session["duration_seconds"] == round(span.total_seconds())

    async def test_event_carries_the_whole_transcript(self, app: RunningApp, alice: Actor) -> None:
        created = await alice.start_session(scenario="Refund request.", persona="Pat")
        sid = created["id"]
        await alice.say(sid, "How can I help?")
        await alice.post(f"{BASE}/{sid}/complete")
        [event] = await events_for(app, "session.completed", sid)
        assert event["user_id"] == alice.id
        assert event["scenario"] == "Refund request."
        assert event["persona"] == "Pat"
        assert [(x["seq"], x["speaker"], x["text"]) for x in event["transcript"]] == [
            (1, "persona", created["opening_message"]),
            (2, "trainee", "How can I help?"),
        ]


class TestCompleteIsIdempotent:
    async def test_twice_gives_the_same_answer_and_one_event(
        self, app: RunningApp, alice: Actor, completed_queue: aio_pika.abc.AbstractQueue
    ) -> None:
        sid = (await alice.start_session())["id"]
        first = await alice.post(f"{BASE}/{sid}/complete", json={"duration_seconds": 10})
        again = await alice.post(f"{BASE}/{sid}/complete", json={"duration_seconds": 99})
        assert first.status_code == again.status_code == 200
        assert first.json() == again.json()
        assert (await alice.session(sid))["duration_seconds"] == 10
        # A later completion is a marker: the relay publishes in outbox order, so once
        # the marker has arrived any duplicate of the first would have arrived too.
        marker = (await alice.start_session())["id"]
        await alice.post(f"{BASE}/{marker}/complete")
        received: list[int] = []

        async def drain() -> bool:
            while (message := await completed_queue.get(fail=False)) is not None:
                await message.ack()
                received.append(json.loads(message.body)["data"]["session_id"])
            return marker in received

        await wait_until(drain, message="the marker completion")
        assert received.count(sid) == 1
        assert len(await events_for(app, "session.completed", sid)) == 1


class TestCompleteBadInput:
    async def test_missing_session_is_404(self, alice: Actor) -> None:
        assert_problem(await alice.post(f"{BASE}/999998/complete"), 404)

    async def test_another_users_session_is_404(
        self, app: RunningApp, alice: Actor, bob: Actor
    ) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await bob.post(f"{BASE}/{sid}/complete"), 404)
        assert (await alice.session(sid))["status"] == "active"
        assert await events_for(app, "session.completed", sid) == []

    @pytest.mark.parametrize(
        "body", [{"duration_seconds": -1}, {"duration_seconds": "long"}, {"extra": 1}]
    )
    async def test_invalid_body_is_422(self, alice: Actor, body: dict) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await alice.post(f"{BASE}/{sid}/complete", json=body), 422)
        assert (await alice.session(sid))["status"] == "active"

    async def test_malformed_body_is_400(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        response = await alice.post(
            f"{BASE}/{sid}/complete", content=b"{", headers={"content-type": "application/json"}
        )
        assert_problem(response, 400)
        assert (await alice.session(sid))["status"] == "active"


class TestRegrade:
    async def test_owner_requests_a_regrade(self, app: RunningApp, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        await alice.post(f"{BASE}/{sid}/complete")
        response = await alice.post(f"{BASE}/{sid}/regrade")
        assert response.status_code == 202
        assert response.json()["grading_status"] == "pending"
        [event] = await events_for(app, "session.regrade_requested", sid)
        assert event["requested_by"] == alice.id
        assert event["request_id"] == response.json()["request_id"]
        assert len(event["transcript"]) == 1

    async def test_admin_manager_may_regrade(self, app: RunningApp, alice: Actor, actor) -> None:
        admin = actor(Role.admin)
        sid = (await alice.start_session())["id"]
        await alice.post(f"{BASE}/{sid}/complete")
        assert (await admin.post(f"{BASE}/{sid}/regrade")).status_code == 202

    async def test_unrelated_manager_gets_404(self, alice: Actor, actor) -> None:
        manager = actor(Role.manager)
        sid = (await alice.start_session())["id"]
        await alice.post(f"{BASE}/{sid}/complete")
        assert_problem(await manager.post(f"{BASE}/{sid}/regrade"), 404)

    async def test_active_session_is_409(self, app: RunningApp, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await alice.post(f"{BASE}/{sid}/regrade"), 409)
        assert await events_for(app, "session.regrade_requested", sid) == []
