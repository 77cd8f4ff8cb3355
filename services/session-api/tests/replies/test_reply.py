"""POST /api/training-sessions/{id}/reply: JSON and streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from sessionhub.sessions.service_spec import spec
from sessionhub.testing.llm_server import Fail, Reply, ScriptedLLMServer
from sessionhub.testing.plugin import RunningApp, isolated_settings, running_app

from ..support import BASE, Actor, assert_problem, read_sse

STREAM = {"Accept": "text/event-stream"}


async def stream_events(actor: Actor, sid: int) -> list[tuple[str, dict]]:
    async with actor.client.stream(
        "POST", f"{BASE}/{sid}/reply", headers={**actor.headers, **STREAM}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        return [(event, data) async for event, data, _ in read_sse(response)]


class TestOfflineReply:
    async def test_json_reply_is_appended(self, alice: Actor) -> None:
        sid = (await alice.start_session(scenario="The invoice is wrong."))["id"]
        await alice.say(sid, "What seems to be the problem?")
        response = await alice.post(f"{BASE}/{sid}/reply")
        assert response.status_code == 200
        body = response.json()
        assert body["source"] == "offline"
        assert body["fallback_reason"] == "not_configured"
        assert body["line"]["seq"] == 3
        assert body["line"]["speaker"] == "persona"
        assert body["line"]["text"].startswith("Good question.")
        transcript = (await alice.session(sid))["transcript"]
        assert transcript[-1]["text"] == body["line"]["text"]

    async def test_streamed_offline_reply(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        events = await stream_events(alice, sid)
        assert [e for e, _ in events] == ["delta", "line"]
        assert events[1][1]["line"]["text"] == events[0][1]["text"]
        assert len((await alice.session(sid))["transcript"]) == 2

    async def test_completed_session_is_409(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        await alice.post(f"{BASE}/{sid}/complete")
        assert_problem(await alice.post(f"{BASE}/{sid}/reply"), 409)
        assert_problem(await alice.post(f"{BASE}/{sid}/reply", headers=STREAM), 409)

    async def test_another_users_session_is_404(self, alice: Actor, bob: Actor) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await bob.post(f"{BASE}/{sid}/reply"), 404)
        assert len((await alice.session(sid))["transcript"]) == 1


@pytest.fixture
async def llm_app(llm_server: ScriptedLLMServer) -> AsyncIterator[RunningApp]:
    settings = isolated_settings(
        rabbit=False, openai_base_url=llm_server.url, openai_api_key="test", llm_retry_attempts=1
    )
    async with running_app([spec], settings) as app:
        yield app


class TestLLMReply:
    async def test_stream_relays_deltas_then_appends(
        self, llm_app: RunningApp, llm_server: ScriptedLLMServer
    ) -> None:
        alice = Actor(llm_app)
        llm_server.script(Reply(content="Opening."))
        sid = (await alice.start_session())["id"]
        await alice.say(sid, "Tell me more?")
        llm_server.script(Reply(chunks=["Well, ", "it is ", "too pricey."]))
        events = await stream_events(alice, sid)
        assert events == [
            ("delta", {"text": "Well, "}),
            ("delta", {"text": "it is "}),
            ("delta", {"text": "too pricey."}),
            (
                "line",
                {
                    "id": sid,
                    "source": "llm",
                    "fallback_reason": None,
                    "line": events[-1][1]["line"],
                },
            ),
        ]
        assert events[-1][1]["line"]["text"] == "Well, it is too pricey."
        history = llm_server.chat_requests[-1]["messages"]
        assert [m["role"] for m in history] == ["system", "assistant", "user"]

    async def test_json_reply_from_llm(
        self, llm_app: RunningApp, llm_server: ScriptedLLMServer
    ) -> None:
        alice = Actor(llm_app)
        llm_server.script(Reply(content="Opening."), Reply(content="Sounds fine."))
        sid = (await alice.start_session())["id"]
        body = (await alice.post(f"{BASE}/{sid}/reply")).json()
        assert body["source"] == "llm"
        assert body["line"]["text"] == "Sounds fine."

    async def test_llm_failure_before_text_falls_back_offline(
        self, llm_app: RunningApp, llm_server: ScriptedLLMServer
    ) -> None:
        alice = Actor(llm_app)
        llm_server.script(Reply(content="Opening."), Fail(503))
        sid = (await alice.start_session())["id"]
        events = await stream_events(alice, sid)
        assert [e for e, _ in events] == ["delta", "line"]
        assert events[-1][1]["source"] == "offline"
        assert events[-1][1]["fallback_reason"] == "server_error"

    async def test_stream_broken_midway_appends_nothing(
        self, llm_app: RunningApp, llm_server: ScriptedLLMServer
    ) -> None:
        alice = Actor(llm_app)
        llm_server.script(
            Reply(content="Opening."), Reply(chunks=["One ", "two ", "three"], abort_after_chunks=1)
        )
        sid = (await alice.start_session())["id"]
        events = await stream_events(alice, sid)
        assert [e for e, _ in events] == ["delta", "error"]
        assert len((await alice.session(sid))["transcript"]) == 1
