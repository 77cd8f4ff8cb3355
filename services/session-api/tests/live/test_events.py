"""GET /api/training-sessions/{id}/events over real HTTP."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from sessionhub.common.timestamps import PATTERN
from sessionhub.sessions.state import state_of
from sessionhub.testing.plugin import RunningApp, serving, wait_until

from ..grader_events import graded_event, publish
from ..support import BASE, Actor, assert_problem, read_sse


@pytest.fixture
async def base_url(app: RunningApp) -> AsyncIterator[str]:
    async with serving(app.app) as url:
        yield url


async def collect(
    base_url: str, actor: Actor, sid: int, until: str, headers: dict | None = None
) -> list[tuple[str, dict, str | None]]:
    events: list[tuple[str, dict, str | None]] = []
    async with (
        httpx.AsyncClient(base_url=base_url, timeout=30) as client,
        client.stream(
            "GET", f"{BASE}/{sid}/events", headers={**actor.headers, **(headers or {})}
        ) as response,
    ):
        assert response.status_code == 200
        async for item in read_sse(response):
            events.append(item)
            if item[0] == until:
                break
    return events


class TestSessionEvents:
    async def test_streams_lines_status_and_grade(
        self, app: RunningApp, alice: Actor, base_url: str
    ) -> None:
        sid = (await alice.start_session())["id"]
        reader = asyncio.create_task(collect(base_url, alice, sid, until="grade"))
        # The backlog (opening line) is sent first; once a client got it, it is subscribed.
        await _wait_for_subscriber(app, sid)
        await alice.say(sid, "First live line")
        await alice.post(
            f"{BASE}/{sid}/transcript",
            json={
                "lines": [{"speaker": "persona", "text": "a"}, {"speaker": "trainee", "text": "b"}]
            },
        )
        await alice.post(f"{BASE}/{sid}/complete")
        session = await alice.session(sid)
        await publish(app, graded_event(session, overall=66))
        events = await asyncio.wait_for(reader, 30)
        kinds = [e for e, _, _ in events]
        assert kinds == ["status", "line", "line", "line", "line", "status", "grade"]
        lines = [(d["seq"], d["text"]) for e, d, _ in events if e == "line"]
        assert lines[1:] == [(2, "First live line"), (3, "a"), (4, "b")]
        assert [i for e, _, i in events if e == "line"] == ["1", "2", "3", "4"]
        assert events[-2][1]["status"] == "completed"
        assert events[-1][1]["overall_score"] == 66
        # The REST format of times, whichever way an event came (feed or database).
        stamps = [d["timestamp"] for e, d, _ in events if e == "line" and d["timestamp"]]
        stamps += [events[-2][1]["ended_at"], events[-1][1]["graded_at"]]
        assert all(PATTERN.match(s) for s in stamps), stamps

    async def test_resumes_after_last_event_id(
        self, app: RunningApp, alice: Actor, base_url: str
    ) -> None:
        sid = (await alice.start_session())["id"]
        for text in ("one", "two", "three"):
            await alice.say(sid, text)
        await alice.post(f"{BASE}/{sid}/complete")
        await publish(app, graded_event(await alice.session(sid)))
        await _wait_graded(alice, sid)
        events = await collect(base_url, alice, sid, until="grade", headers={"Last-Event-ID": "2"})
        assert [(e, d.get("seq")) for e, d, _ in events] == [
            ("status", None),
            ("line", 3),
            ("line", 4),
            ("grade", None),
        ]

    async def test_an_append_answers_while_redis_holds_back_its_notification(
        self, app: RunningApp, alice: Actor, base_url: str
    ) -> None:
        sid = (await alice.start_session())["id"]
        reader = asyncio.create_task(_lines_until(base_url, alice, sid, seq=2))
        await _wait_for_subscriber(app, sid)
        redis = state_of(app.runtime.services["session-api"]).live.redis
        # PUBLISH is a write: paused, it waits until the pause ends.
        await redis.execute_command("CLIENT", "PAUSE", 20_000, "WRITE")
        try:
            # An append that awaited its notification would wait out the whole pause.
            response = await asyncio.wait_for(alice.say(sid, "said while paused"), 10)
        finally:
            await redis.execute_command("CLIENT", "UNPAUSE")
        assert response["lines"][0]["seq"] == 2
        lines = await asyncio.wait_for(reader, 30)
        assert [(d["seq"], d["text"]) for d in lines][1:] == [(2, "said while paused")]

    async def test_another_user_gets_404(self, alice: Actor, bob: Actor) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await bob.get(f"{BASE}/{sid}/events"), 404)

    @pytest.mark.parametrize(
        ("params", "headers", "status"),
        [
            ({"after_seq": "2147483648"}, {}, 422),
            ({"after_seq": "-1"}, {}, 422),
            ({}, {"Last-Event-ID": "99999999999"}, 400),
            ({}, {"Last-Event-ID": "abc"}, 400),
            ({}, {"Last-Event-ID": "-3"}, 400),
        ],
        ids=["after-seq-past-int4", "after-seq-negative", "id-past-int4", "id-text", "id-neg"],
    )
    async def test_an_impossible_resume_position_is_refused_before_streaming(
        self, alice: Actor, params: dict, headers: dict, status: int
    ) -> None:
        sid = (await alice.start_session())["id"]
        response = await alice.get(f"{BASE}/{sid}/events", params=params, headers=headers)
        assert_problem(response, status)


async def _lines_until(base_url: str, actor: Actor, sid: int, *, seq: int) -> list[dict]:
    lines: list[dict] = []
    async with (
        httpx.AsyncClient(base_url=base_url, timeout=30) as client,
        client.stream("GET", f"{BASE}/{sid}/events", headers=actor.headers) as response,
    ):
        async for event, data, _ in read_sse(response):
            if event == "line":
                lines.append(data)
                if data["seq"] >= seq:
                    break
    return lines


async def _wait_for_subscriber(app: RunningApp, sid: int) -> None:
    live = state_of(app.runtime.services["session-api"]).live

    async def subscribed() -> bool:
        counts = await live.redis.pubsub_numsub(live.channel(sid))
        return bool(counts and counts[0][1] >= 1)

    await wait_until(subscribed, message="the stream's subscription")


async def _wait_graded(alice: Actor, sid: int) -> None:

    async def done() -> bool:
        return (await alice.session(sid))["grading_status"] == "graded"

    await wait_until(done, message="the grade")
