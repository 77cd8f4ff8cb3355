"""Assistant replies: SSE streaming, offline fallback, history budget, disconnects, titles."""

from __future__ import annotations

import asyncio
import json
import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import uvicorn

from sessionhub.common.events.bus import OutgoingMessage
from sessionhub.testing.llm_server import Fail, Reply, ScriptedLLMServer
from sessionhub.testing.plugin import wait_until

from ..conftest import AppFactory, ChatApi


def parse_sse(body: str) -> list[tuple[str, Any]]:
    events = []
    for block in re.split(r"\r?\n\r?\n", body.strip()):
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        if "data" not in fields:
            continue  # the stream's `retry:` block dispatches no event
        events.append((fields["event"], json.loads(fields["data"])))
    return events


async def stream(api: ChatApi, session_id: str, content: str) -> list[tuple[str, Any]]:
    response = await api.client.post(
        f"/api/chat/sessions/{session_id}/messages",
        json={"content": content},
        headers=api.headers(Accept="text/event-stream"),
    )
    assert response.status_code == 201, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return parse_sse(response.text)


class TestStreaming:
    async def test_sse_streams_deltas_then_the_stored_reply(
        self, chat_app: AppFactory, llm_server: ScriptedLLMServer
    ) -> None:
        llm_server.script(Reply(chunks=["Breathe ", "in ", "slowly."]))
        async with chat_app(openai_base_url=llm_server.url, openai_api_key="test") as api:
            session = await api.create(persona="mental_health_nurse", title="Calm")
            events = await stream(api, session["id"], "I feel anxious.")
            kinds = [kind for kind, _ in events]
            assert kinds == ["message", "delta", "delta", "delta", "done"]
            assert events[0][1]["content"] == "I feel anxious."
            assert "".join(data["content"] for kind, data in events if kind == "delta") == (
                "Breathe in slowly."
            )
            done = events[-1][1]
            assert done["content"] == "Breathe in slowly."
            assert done["metadata"]["provider"] == "llm"
            request = llm_server.chat_requests[0]
            assert request["stream"] is True
            assert request["temperature"] == 0.6
            assert request["messages"][0]["content"].startswith("You are a warm, empathetic")
            rows = await api.wait_stored(session["id"], 2)
            assert rows[1] == (2, "assistant", "Breathe in slowly.")


class TestOfflineResponder:
    async def test_without_an_llm_the_reply_is_labelled_offline(self, api: ChatApi) -> None:
        session = await api.create(persona="technical_support")
        events = await stream(api, session["id"], "The printer is jammed.")
        done = events[-1][1]
        assert done["metadata"] == {
            "provider": "offline",
            "fallback_reason": "not_configured",
            "persona": "technical_support",
        }
        assert "The printer is jammed." in done["content"]
        assert "offline" in done["content"]

    async def test_a_failing_llm_falls_back_with_the_reason(
        self, chat_app: AppFactory, llm_server: ScriptedLLMServer
    ) -> None:
        llm_server.script(Fail(400))
        async with chat_app(openai_base_url=llm_server.url, openai_api_key="test") as api:
            session = await api.create(title="t")
            posted = await api.say(session["id"], "Hello?")
            assert posted["reply"]["metadata"]["provider"] == "offline"
            assert posted["reply"]["metadata"]["fallback_reason"] == "bad_request"

    async def test_a_stream_cut_mid_way_is_replaced_by_the_offline_reply(
        self, chat_app: AppFactory, llm_server: ScriptedLLMServer
    ) -> None:
        llm_server.script(Reply("one two three four", abort_after_chunks=2))
        async with chat_app(openai_base_url=llm_server.url, openai_api_key="test") as api:
            session = await api.create(title="t")
            events = await stream(api, session["id"], "Count for me.")
            kinds = [kind for kind, _ in events]
            assert "reset" in kinds
            assert kinds.index("reset") > kinds.index("delta")
            assert events[-1][1]["metadata"]["provider"] == "offline"


class TestHistoryWindow:
    async def test_long_sessions_send_only_what_fits_the_token_budget(
        self,
        chat_app: AppFactory,
        llm_server: ScriptedLLMServer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setenv("SESSIONHUB_CHAT_CONTEXT_BUDGET_TOKENS", "1500")
        async with chat_app(openai_base_url=llm_server.url, openai_api_key="test") as api:
            session = await api.create(title="Long")
            for i in range(30):
                await api.say(session["id"], f"note {i:02d} " + "x" * 400, respond=False)
            await api.say(session["id"], "Summarise please.")
            sent = llm_server.chat_requests[-1]["messages"]
            assert sent[0]["role"] == "system"
            assert sent[-1]["content"] == "Summarise please."
            kept = [m["content"][:7] for m in sent[1:-1]]
            # 1500 tokens less the prompt and the reply's 800 leave room for a few notes:
            # the newest ones, in order.
            assert 0 < len(kept) < 30
            assert kept == [f"note {i:02d}" for i in range(30 - len(kept), 30)]


@asynccontextmanager
async def served(api: ChatApi) -> AsyncIterator[str]:
    """The app behind a real HTTP server, so a client can really hang up."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(api.app.app, lifespan="off", log_config=None, access_log=False)
    )
    task = asyncio.create_task(server.serve(sockets=[sock]))
    await wait_until(lambda: _started(server), message="uvicorn to start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
        sock.close()


async def _started(server: uvicorn.Server) -> bool:
    return server.started


class TestClientDisconnect:
    async def test_the_full_reply_is_stored_when_the_client_leaves_mid_stream(
        self, chat_app: AppFactory, llm_server: ScriptedLLMServer
    ) -> None:
        words = [f"w{i} " for i in range(12)]
        llm_server.script(Reply(chunks=words, chunk_delay_s=0.05))
        async with chat_app(openai_base_url=llm_server.url, openai_api_key="test") as api:
            session = await api.create(title="t")
            async with (
                served(api) as base_url,
                httpx.AsyncClient(base_url=base_url) as client,
                client.stream(
                    "POST",
                    f"/api/chat/sessions/{session['id']}/messages",
                    json={"content": "Tell me twelve words."},
                    headers=api.headers(Accept="text/event-stream"),
                ) as response,
            ):
                async for line in response.aiter_lines():
                    if line == "event: delta":
                        break  # hang up after the first delta
            rows = await api.wait_stored(session["id"], 2)
            assert rows[1] == (2, "assistant", "".join(words))


class TestTitles:
    async def test_the_llm_names_the_session_after_the_first_exchange(
        self, chat_app: AppFactory, llm_server: ScriptedLLMServer
    ) -> None:
        llm_server.script(Reply("Try sourdough."), Reply('"Weekend Baking Ideas."'))
        async with chat_app(openai_base_url=llm_server.url, openai_api_key="test") as api:
            session = await api.create()
            await api.say(session["id"], "What should I bake this weekend?")

            async def titled() -> str | None:
                return (await api.session(session["id"]))["title"]

            assert await wait_until(titled, message="a title") == "Weekend Baking Ideas"
            assert "What should I bake" in llm_server.chat_requests[1]["messages"][1]["content"]

    async def test_a_given_title_is_kept(self, api: ChatApi) -> None:
        session = await api.create(title="Mine")
        await api.say(session["id"], "Hello there.")
        assert (await api.session(session["id"]))["title"] == "Mine"


class TestReplyUnderBrokerPressure:
    async def test_a_stream_whose_reply_is_refused_ends_with_one_error_problem(
        self, api: ChatApi, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        session = await api.create()
        ingest = api.ctx.state["chat"].ingest
        publish = ingest._publish

        async def refuse_replies(batch: list[OutgoingMessage]) -> None:
            if any(b'"role":"assistant"' in out.body for out in batch):
                raise ConnectionError("the broker refused the publish")
            await publish(batch)

        monkeypatch.setattr(ingest, "_publish", refuse_replies)
        events = await stream(api, session["id"], "Are you there?")
        assert events[0][0] == "message"
        kind, problem = events[-1]
        assert kind == "error"
        assert problem["status"] >= 500
        assert {"status", "code", "detail"} <= problem.keys()
        assert "done" not in [k for k, _ in events]

    async def test_a_reply_refused_by_the_bus_is_retried_by_regenerate(
        self, api: ChatApi, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        session = await api.create()
        ingest = api.ctx.state["chat"].ingest
        publish = ingest._publish

        async def refuse_replies(batch: list[OutgoingMessage]) -> None:
            # Fault injection: the bus refuses the assistant's message, as under pressure.
            if any(b'"role":"assistant"' in out.body for out in batch):
                raise ConnectionError("the broker refused the publish")
            await publish(batch)

        monkeypatch.setattr(ingest, "_publish", refuse_replies)
        posted = await api.say(session["id"], "Are you there?")
        assert posted["reply"] is None
        assert "could not be stored" in posted["reply_error"]
        monkeypatch.setattr(ingest, "_publish", publish)

        retried = await api.client.post(
            f"/api/chat/sessions/{session['id']}/regenerate", headers=api.headers()
        )
        assert retried.status_code == 201, retried.text
        reply = retried.json()
        assert reply["parent_id"] == posted["message"]["id"]
        assert "regenerated_from" not in reply["metadata"]
        history = await api.history(session["id"])
        assert [(m["role"], m["id"]) for m in history] == [
            ("user", posted["message"]["id"]),
            ("assistant", reply["id"]),
        ]
        await api.wait_count(session["id"], 2)
