"""Messages: read-your-writes, pagination over Redis + PostgreSQL, retries, tool calls,
regeneration."""

from __future__ import annotations

import json
import uuid

from sessionhub.testing.llm_server import Reply, ScriptedLLMServer
from sessionhub.testing.plugin import isolated_settings

from ..conftest import AppFactory, ChatApi


class TestReadYourWrites:
    async def test_accepted_messages_are_readable_before_any_persister_runs(
        self, chat_app: AppFactory
    ) -> None:
        settings = isolated_settings(rabbit=False)
        async with chat_app(settings, consumers=True, keep=True) as api:
            session = await api.create()
        # The API alone: nothing consumes, so only the Redis tail can answer.
        async with chat_app(settings, consumers=False, keep=True) as api:
            for text in ("first", "second", "third"):
                await api.say(session["id"], text, respond=False)
            assert [m["content"] for m in await api.history(session["id"])] == [
                "first",
                "second",
                "third",
            ]
            assert await api.stored(session["id"]) == []
        async with chat_app(settings) as api:
            rows = await api.wait_stored(session["id"], 3)
            assert [content for _, _, content in rows] == ["first", "second", "third"]
            assert [m["content"] for m in await api.history(session["id"])] == [
                "first",
                "second",
                "third",
            ]


class TestLocation:
    async def test_each_201_points_at_what_it_created(self, api: ChatApi) -> None:
        created = await api.client.post(
            "/api/chat/sessions", json={"persona": "default"}, headers=api.headers()
        )
        session = created.json()
        read = await api.client.get(created.headers["Location"], headers=api.headers())
        assert read.json()["id"] == session["id"]
        await api.say(session["id"], "before", respond=False)
        posted = await api.post(session["id"], "this one", respond=False)
        assert posted.status_code == 201
        page = await api.client.get(posted.headers["Location"], headers=api.headers())
        assert page.json()["data"] == [posted.json()["message"]]


class TestPagination:
    async def test_pages_merge_the_tail_and_postgresql_without_duplicates(
        self, chat_app: AppFactory
    ) -> None:
        async with chat_app() as api:
            session = await api.create()
            for i in range(12):
                await api.say(session["id"], f"message {i}", respond=False)
            await api.wait_stored(session["id"], 12)
            # Half of the history only in PostgreSQL: drop the older tail entries.
            tail = api.ctx.state["chat"].ingest.tail_key(uuid.UUID(session["id"]))
            await api.ctx.redis.zremrangebyscore(tail, "-inf", 6)
            forward = await api.history(session["id"], limit=5)
            assert [m["content"] for m in forward] == [f"message {i}" for i in range(12)]

            latest = (
                await api.client.get(
                    f"/api/chat/sessions/{session['id']}/messages",
                    params={"direction": "backward", "limit": 5},
                    headers=api.headers(),
                )
            ).json()
            assert [m["seq"] for m in latest["data"]] == [8, 9, 10, 11, 12]
            older = (
                await api.client.get(
                    f"/api/chat/sessions/{session['id']}/messages",
                    params={"direction": "backward", "limit": 5, "cursor": latest["next_cursor"]},
                    headers=api.headers(),
                )
            ).json()
            assert [m["seq"] for m in older["data"]] == [3, 4, 5, 6, 7]


class TestClientMessageId:
    async def test_a_retried_post_is_stored_once(self, api: ChatApi) -> None:
        session = await api.create()
        first = await api.post(session["id"], "only once", client_message_id="c-1")
        retry = await api.post(session["id"], "only once", client_message_id="c-1")
        assert first.status_code == 201
        assert retry.status_code == 200
        assert retry.headers["Idempotent-Replayed"] == "true"
        assert retry.json()["message"]["id"] == first.json()["message"]["id"]
        await api.wait_stored(session["id"], 2)
        history = await api.history(session["id"])
        assert [m["role"] for m in history] == ["user", "assistant"]


class TestRegenerate:
    async def test_keeps_the_earlier_reply_as_a_sibling(self, api: ChatApi) -> None:
        session = await api.create()
        posted = await api.say(session["id"], "Give me a name for a cat.")
        response = await api.client.post(
            f"/api/chat/sessions/{session['id']}/regenerate", headers=api.headers()
        )
        assert response.status_code == 201, response.text
        again = response.json()
        assert again["parent_id"] == posted["message"]["id"] == posted["reply"]["parent_id"]
        assert again["metadata"]["regenerated_from"] == posted["reply"]["id"]
        history = await api.history(session["id"])
        assert [m["role"] for m in history] == ["user", "assistant", "assistant"]
        await api.wait_count(session["id"], 3)

    async def test_streams_when_asked_to(self, api: ChatApi) -> None:
        session = await api.create()
        await api.say(session["id"], "Suggest a hobby.")
        response = await api.client.post(
            f"/api/chat/sessions/{session['id']}/regenerate",
            headers=api.headers(Accept="text/event-stream"),
        )
        assert response.status_code == 200
        kinds = [
            line[len("event: ") :]
            for line in response.text.splitlines()
            if line.startswith("event: ")
        ]
        assert kinds == ["delta", "done"]

    async def test_nothing_to_regenerate_is_a_409(self, api: ChatApi) -> None:
        session = await api.create()
        response = await api.client.post(
            f"/api/chat/sessions/{session['id']}/regenerate", headers=api.headers()
        )
        assert response.status_code == 409

    async def test_context_sent_to_the_model_uses_the_latest_sibling(
        self, chat_app: AppFactory, llm_server: ScriptedLLMServer
    ) -> None:
        llm_server.script(Reply("Whiskers"), Reply("Mittens"), Reply("Nice choice"))
        async with chat_app(openai_base_url=llm_server.url, openai_api_key="test") as api:
            session = await api.create(title="Cats")
            await api.say(session["id"], "Name a cat.")
            await api.client.post(
                f"/api/chat/sessions/{session['id']}/regenerate", headers=api.headers()
            )
            await api.say(session["id"], "I like it.")
            sent = llm_server.chat_requests[-1]["messages"]
            assert [(m["role"], m.get("content")) for m in sent[1:]] == [
                ("user", "Name a cat."),
                ("assistant", "Mittens"),
                ("user", "I like it."),
            ]


class TestToolCalls:
    async def test_round_trip_is_stored_typed_and_replayed_in_context(
        self, chat_app: AppFactory, llm_server: ScriptedLLMServer
    ) -> None:
        llm_server.script(
            Reply(
                tool_calls=[
                    {
                        "id": "call_kb",
                        "name": "search_knowledge_base",
                        "arguments": {"query": "wifi"},
                    }
                ]
            ),
            Reply("Restart the router, then re-pair the laptop."),
        )
        async with chat_app(openai_base_url=llm_server.url, openai_api_key="test") as api:
            session = await api.create(persona="technical_support", title="Wifi")
            asked = await api.say(session["id"], "My wifi keeps dropping.")
            call = asked["reply"]
            assert call["tool_calls"] == [
                {
                    "id": "call_kb",
                    "type": "function",
                    "name": "search_knowledge_base",
                    "arguments": json.dumps({"query": "wifi"}),
                }
            ]
            assert llm_server.chat_requests[0]["tools"][0]["function"]["name"] == (
                "search_knowledge_base"
            )
            answered = await api.say(
                session["id"], '{"articles": ["KB-12"]}', role="tool", tool_call_id="call_kb"
            )
            assert answered["message"]["parent_id"] == call["id"]
            assert answered["reply"]["content"].startswith("Restart the router")
            sent = llm_server.chat_requests[1]["messages"]
            assert sent[0]["role"] == "system"
            assert sent[2]["tool_calls"][0]["id"] == "call_kb"
            assert sent[3] == {
                "role": "tool",
                "tool_call_id": "call_kb",
                "content": '{"articles": ["KB-12"]}',
            }
            await api.wait_stored(session["id"], 4)
            history = await api.history(session["id"])
            assert [m["role"] for m in history] == ["user", "assistant", "tool", "assistant"]
            assert history[1]["tool_calls"][0]["name"] == "search_knowledge_base"
            assert history[2]["tool_call_id"] == "call_kb"
