"""Chat sessions: the seeds' journeys, management, isolation, limits, export."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from sessionhub.chat.sessions.service import chat_sessions
from sessionhub.common.auth import Role, User

from ..conftest import AppFactory, ChatApi


class TestSeedJourney:
    async def test_create_chat_switch_reload_and_history_stays_intact(self, api: ChatApi) -> None:
        work = await api.create(helper="coach", project_id="p1", title="Work questions")
        fun = await api.create(helper="coach", project_id="p1")
        await api.say(work["id"], "How do I write a status report?")
        await api.say(fun["id"], "Tell me a story about a lighthouse.")
        await api.say(work["id"], "And how long should it be?")

        # Reload: the list comes back most recently active first, with previews and counts.
        await api.wait_count(work["id"], 4)
        await api.wait_count(fun["id"], 2)
        listed = (
            await api.client.get(
                "/api/chat/sessions", params={"helper": "coach"}, headers=api.headers()
            )
        ).json()["data"]
        assert [s["id"] for s in listed] == [work["id"], fun["id"]]
        assert listed[0]["message_count"] == 4
        assert listed[0]["last_message_preview"].startswith("Thanks for your message.")
        assert listed[0]["title"] == "Work questions"
        assert listed[1]["title"] == "Tell me a story about a lighthouse"

        # Switch back and forth: each history is whole, in order, replies linked to questions.
        history = await api.history(work["id"])
        assert [(m["seq"], m["role"]) for m in history] == [
            (1, "user"),
            (2, "assistant"),
            (3, "user"),
            (4, "assistant"),
        ]
        assert history[1]["parent_id"] == history[0]["id"]
        assert history[1]["metadata"]["provider"] == "offline"
        assert next(m["content"] for m in await api.history(fun["id"])) == (
            "Tell me a story about a lighthouse."
        )

    async def test_delete_cascades_to_the_messages(self, api: ChatApi) -> None:
        session = await api.create()
        await api.say(session["id"], "Remember this.")
        await api.wait_stored(session["id"], 2)
        response = await api.client.delete(
            f"/api/chat/sessions/{session['id']}", headers=api.headers()
        )
        assert response.status_code == 204
        assert await api.stored(session["id"]) == []
        for path in ("", "/messages", "/export"):
            gone = await api.client.get(
                f"/api/chat/sessions/{session['id']}{path}", headers=api.headers()
            )
            assert gone.status_code == 404
        assert (await api.post(session["id"], "Hello?")).status_code == 404


class TestSessionCreation:
    async def test_idempotency_key_replays_the_first_response(self, api: ChatApi) -> None:
        headers = api.headers(**{"Idempotency-Key": "new-chat-1"})
        first = await api.client.post(
            "/api/chat/sessions", json={"persona": "creative_writer"}, headers=headers
        )
        again = await api.client.post(
            "/api/chat/sessions", json={"persona": "creative_writer"}, headers=headers
        )
        assert first.status_code == again.status_code == 201
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.json()["id"] == first.json()["id"]
        listed = await api.client.get("/api/chat/sessions", headers=api.headers())
        assert len(listed.json()["data"]) == 1

    async def test_ttl_makes_an_ephemeral_session(self, api: ChatApi) -> None:
        durable = await api.create()
        ephemeral = await api.create(ttl_seconds=3600, metadata={"topic": "wellness"})
        assert durable["expires_at"] is None
        assert ephemeral["expires_at"] is not None
        assert ephemeral["metadata"] == {"topic": "wellness"}
        exact = {"max": 2**53 - 1, "min": -(2**53 - 1), "tiny": 1e-300}
        assert (await api.create(metadata=exact))["metadata"] == exact


class TestSessionManagement:
    async def test_patch_renames_pins_archives_tags_and_sets_metadata(self, api: ChatApi) -> None:
        session = await api.create()
        response = await api.client.patch(
            f"/api/chat/sessions/{session['id']}",
            json={
                "title": "Renamed",
                "pinned": True,
                "archived": True,
                "tags": ["work", " urgent ", "work"],
                "metadata": {"color": "blue"},
            },
            headers=api.headers(),
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["title"], body["pinned"], body["archived"]) == ("Renamed", True, True)
        assert body["tags"] == ["urgent", "work"]
        assert body["metadata"] == {"color": "blue"}

    async def test_list_filters_and_cursor_pagination(self, api: ChatApi) -> None:
        ids = [(await api.create(helper="h" if i % 2 else None))["id"] for i in range(5)]
        await api.client.patch(
            f"/api/chat/sessions/{ids[0]}",
            json={"pinned": True, "tags": ["a"]},
            headers=api.headers(),
        )
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (
                await api.client.get("/api/chat/sessions", params=params, headers=api.headers())
            ).json()
            seen += [s["id"] for s in page["data"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == list(reversed(ids))

        async def ids_for(**params: object) -> list[str]:
            page = await api.client.get("/api/chat/sessions", params=params, headers=api.headers())
            return [s["id"] for s in page.json()["data"]]

        assert await ids_for(helper="h") == [ids[3], ids[1]]
        assert await ids_for(pinned="true") == [ids[0]]
        assert await ids_for(tag="a") == [ids[0]]
        assert await ids_for(archived="true") == []

    async def test_tag_pages_follow_retags_activity_and_deletes(self, api: ChatApi) -> None:
        """The tag rows (0004) are kept by triggers: whatever changes a session changes
        its place in a tagged list, in the same transaction."""

        async def tag(session_id: str, tags: list[str], owner: ChatApi = api) -> None:
            response = await owner.client.patch(
                f"/api/chat/sessions/{session_id}", json={"tags": tags}, headers=owner.headers()
            )
            assert response.status_code == 200, response.text

        async def tagged(name: str, limit: int = 2) -> list[str]:
            seen: list[str] = []
            cursor = None
            while True:
                params = {"tag": name, "limit": limit, **({"cursor": cursor} if cursor else {})}
                response = await api.client.get(
                    "/api/chat/sessions", params=params, headers=api.headers()
                )
                assert response.status_code == 200, response.text
                seen += [s["id"] for s in response.json()["data"]]
                cursor = response.json()["next_cursor"]
                if cursor is None:
                    return seen

        ids = [(await api.create())["id"] for _ in range(5)]
        for session_id in ids:
            await tag(session_id, ["work", "x"] if session_id != ids[2] else ["x"])
        other = api.as_user("bob")
        await tag((await other.create())["id"], ["work"], other)
        assert await tagged("work") == [ids[4], ids[3], ids[1], ids[0]]

        # New activity moves a session to the top of its tags' lists.
        await api.say(ids[0], "Still working on it.")
        await api.wait_count(ids[0], 2)
        assert await tagged("work") == [ids[0], ids[4], ids[3], ids[1]]
        assert (await tagged("x"))[0] == ids[0]

        await tag(ids[4], ["x"])
        await api.client.delete(f"/api/chat/sessions/{ids[3]}", headers=api.headers())
        assert await tagged("work", limit=1) == [ids[0], ids[1]]
        assert await tagged("x") == [ids[0], ids[4], ids[2], ids[1]]
        await tag(ids[0], [])
        assert await tagged("x") == [ids[4], ids[2], ids[1]]
        assert await tagged("absent") == []

    async def test_clear_empties_history_but_keeps_the_session(self, api: ChatApi) -> None:
        session = await api.create(title="Keep me")
        await api.say(session["id"], "Old news.")
        await api.wait_stored(session["id"], 2)
        response = await api.client.post(
            f"/api/chat/sessions/{session['id']}/clear", headers=api.headers()
        )
        assert response.status_code == 200
        assert response.json()["message_count"] == 0
        assert response.json()["title"] == "Keep me"
        assert await api.history(session["id"]) == []
        await api.say(session["id"], "Fresh start.")
        history = await api.history(session["id"])
        assert next(m["content"] for m in history) == "Fresh start."
        assert (await api.wait_count(session["id"], 2))["last_message_preview"]
        assert next(row[2] for row in await api.stored(session["id"])) == "Fresh start."

    async def test_bulk_delete_reports_what_was_not_found(self, api: ChatApi) -> None:
        mine = [(await api.create())["id"] for _ in range(2)]
        theirs = (await api.as_user("bob").create())["id"]
        unknown = str(uuid.uuid4())
        response = await api.client.post(
            "/api/chat/sessions/bulk-delete",
            json={"ids": [*mine, theirs, unknown]},
            headers=api.headers(),
        )
        assert response.status_code == 200
        assert sorted(response.json()["deleted"]) == sorted(mine)
        assert sorted(response.json()["not_found"]) == sorted([theirs, unknown])
        assert (await api.as_user("bob").session(theirs))["id"] == theirs


class TestIsolation:
    async def test_another_users_session_is_not_found_everywhere(self, api: ChatApi) -> None:
        session = await api.create(title="Private diary")
        await api.say(session["id"], "My secret plan.")
        bob = api.as_user("bob")
        sid = session["id"]
        requests = [
            ("GET", f"/api/chat/sessions/{sid}", None),
            ("PATCH", f"/api/chat/sessions/{sid}", {"title": "mine now"}),
            ("DELETE", f"/api/chat/sessions/{sid}", None),
            ("POST", f"/api/chat/sessions/{sid}/clear", None),
            ("GET", f"/api/chat/sessions/{sid}/messages", None),
            ("POST", f"/api/chat/sessions/{sid}/messages", {"content": "hi"}),
            ("POST", f"/api/chat/sessions/{sid}/regenerate", None),
            ("GET", f"/api/chat/sessions/{sid}/export", None),
        ]
        for method, path, body in requests:
            response = await bob.client.request(method, path, json=body, headers=bob.headers())
            assert response.status_code == 404, (method, path, response.text)
            assert "secret" not in response.text
        assert (await bob.client.get("/api/chat/sessions", headers=bob.headers())).json()[
            "data"
        ] == []
        await api.wait_stored(sid, 2)
        found = await bob.client.get(
            "/api/chat/search", params={"q": "secret"}, headers=bob.headers()
        )
        assert found.json()["data"] == []
        assert len(await api.history(sid)) == 2

    async def test_requests_without_a_token_are_401(self, api: ChatApi) -> None:
        response = await api.client.get("/api/chat/sessions")
        assert response.status_code == 401


class TestLimits:
    async def test_session_creation_is_rate_limited_per_user(
        self, chat_app: AppFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("SESSIONHUB_CHAT_SESSION_CREATE_LIMIT", "2")
        monkeypatch.setenv("SESSIONHUB_CHAT_SESSION_CREATE_WINDOW_S", "3600")
        async with chat_app() as api:
            await api.create()
            await api.create()
            response = await api.client.post(
                "/api/chat/sessions", json={"persona": "default"}, headers=api.headers()
            )
            assert response.status_code == 429
            assert int(response.headers["Retry-After"]) > 0
            assert response.json()["type"].endswith("/rate-limited")
            await api.as_user("bob").create()

    async def test_session_quota(
        self, chat_app: AppFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("SESSIONHUB_CHAT_SESSION_QUOTA", "2")
        async with chat_app() as api:
            first = await api.create()
            await api.create()
            response = await api.client.post(
                "/api/chat/sessions", json={"persona": "default"}, headers=api.headers()
            )
            assert response.status_code == 409
            assert response.json()["type"].endswith("/session-quota-exceeded")
            await api.client.delete(f"/api/chat/sessions/{first['id']}", headers=api.headers())
            await api.create()

    async def test_messages_are_rate_limited_and_length_capped(
        self, chat_app: AppFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("SESSIONHUB_CHAT_MESSAGE_LIMIT", "2")
        monkeypatch.setenv("SESSIONHUB_CHAT_MESSAGE_WINDOW_S", "3600")
        monkeypatch.setenv("SESSIONHUB_CHAT_MAX_MESSAGE_CHARS", "50")
        async with chat_app() as api:
            session = await api.create()
            too_long = await api.post(session["id"], "x" * 51)
            assert too_long.status_code == 413
            assert too_long.json()["type"].endswith("/message-too-long")
            assert too_long.json()["max_chars"] == 50
            await api.say(session["id"], "one", respond=False)
            await api.say(session["id"], "two", respond=False)
            limited = await api.post(session["id"], "three", respond=False)
            assert limited.status_code == 429
            assert "Retry-After" in limited.headers

    async def test_request_body_size_is_limited(
        self, chat_app: AppFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("SESSIONHUB_CHAT_MAX_REQUEST_BYTES", "2048")
        async with chat_app() as api:
            session = await api.create()
            response = await api.post(session["id"], "y" * 4000)
            assert response.status_code == 413
            assert response.json()["type"].endswith("/payload-too-large")

            async def chunked() -> AsyncIterator[bytes]:
                # No Content-Length: the bytes themselves are counted.
                yield b'{"content": "'
                for _ in range(8):
                    yield b"z" * 500
                yield b'"}'

            response = await api.client.post(
                f"/api/chat/sessions/{session['id']}/messages",
                content=chunked(),
                headers={**api.headers(), "content-type": "application/json"},
            )
            assert response.status_code == 413
            assert api.ctx.state["chat"].settings.max_request_bytes == 2048

    async def test_bad_input_is_a_clear_problem(self, api: ChatApi) -> None:
        session = await api.create()
        assert (await api.post(session["id"], "   ")).status_code == 422
        orphan = await api.post(session["id"], "result", role="tool")
        assert orphan.status_code == 422
        assert "tool_call_id" in orphan.json()["detail"]
        for path in (f"/api/chat/sessions/{session['id']}/messages", "/api/chat/sessions"):
            bad_cursor = await api.client.get(
                path, params={"cursor": "nonsense"}, headers=api.headers()
            )
            assert bad_cursor.status_code == 400, path


FORGED_CURSORS = [
    ["abc"],
    [1e20],
    ["NaN"],
    [[1]],
    ["2020-01-01", 5],
    ["9999-12-31T23:59:59-23:59", "00000000-0000-0000-0000-000000000000"],
    ["2020-01-01T00:00:00", "00000000-0000-0000-0000-000000000000"],
    [2**70, "00000000-0000-0000-0000-000000000000"],
    [None, None],
    [True],
    [-1],
]


def forged(values: list[object]) -> str:
    raw = json.dumps(values).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


async def send_json(api: ChatApi, method: str, path: str, body: object) -> httpx.Response:
    """JSON with ASCII escapes, so lone surrogates travel as ``\\ud800`` like a browser's."""
    headers = {**api.headers(), "content-type": "application/json"}
    return await api.client.request(method, path, content=json.dumps(body), headers=headers)


class TestHostileInput:
    """Issue 10: what PostgreSQL cannot hold is a 422 naming the field, a forged cursor a
    400, and neither changes anything stored."""

    @pytest.mark.parametrize(
        "body",
        [
            {"title": "a\x00b"},
            {"helper": "\x00"},
            {"project_id": "p\x00"},
            {"metadata": {"k": "v\x00"}},
            {"metadata": {"k\x00": 1}},
            {"metadata": {"deep": [{"x": "\ud800"}]}},
            # A JavaScript client would read it rounded; stored, it could not be answered.
            {"metadata": {"n": 2**64}},
            {"metadata": {"n": 1e300}},
            {"persona": "default\x00"},
            {"user_id": "mallory"},
            {"id": "00000000-0000-0000-0000-000000000000"},
        ],
    )
    async def test_create_refuses_unstorable_or_unknown_fields(
        self, api: ChatApi, body: dict[str, object]
    ) -> None:
        response = await send_json(
            api, "POST", "/api/chat/sessions", {"persona": "default", **body}
        )
        assert response.status_code == 422, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert next(iter(body)) in response.text
        listed = await api.client.get("/api/chat/sessions", headers=api.headers())
        assert listed.json()["data"] == []

    async def test_update_and_post_refuse_unstorable_or_unknown_fields(self, api: ChatApi) -> None:
        session = await api.create(title="Kept")
        sid = session["id"]
        # Past SafeJson's 32 levels, inside the guard's 64 (deeper bodies are a 400 unparsed).
        nested: dict[str, object] = {}
        level = nested
        for _ in range(40):
            level["a"] = {}
            level = level["a"]  # type: ignore[assignment]
        for changes in (
            {"title": "x\x00"},
            {"tags": ["ok", "bad\x00"]},
            {"metadata": {"v": "\x00"}},
            {"metadata": nested},
            {"message_count": 7},
        ):
            response = await send_json(api, "PATCH", f"/api/chat/sessions/{sid}", changes)
            assert response.status_code == 422, (changes, response.text)
        for body in (
            {"content": "hi \x00"},
            {"content": "\ud800"},
            {"content": "hi", "metadata": {"x": ["\x00"]}},
            {"content": "hi", "metadata": nested},
            {"content": "hi", "seq": 5},
            {"content": "hi", "user_id": "mallory"},
            {"content": "hi", "client_message_id": "c\x00"},
        ):
            response = await send_json(api, "POST", f"/api/chat/sessions/{sid}/messages", body)
            assert response.status_code == 422, (body, response.text)
        deep = "[" * 500 + "]" * 500
        response = await api.client.post(
            f"/api/chat/sessions/{sid}/messages",
            content='{"content": "hi", "metadata": {"x": ' + deep + "}}",
            headers={**api.headers(), "content-type": "application/json"},
        )
        assert response.status_code == 400
        after = await api.session(sid)
        assert after["title"] == "Kept"
        assert after["tags"] == []
        assert await api.history(sid) == []

    async def test_query_strings_with_nul_are_422(self, api: ChatApi) -> None:
        for path, params in (
            ("/api/chat/sessions", {"tag": "a\x00"}),
            ("/api/chat/sessions", {"helper": "\x00"}),
            ("/api/chat/sessions", {"project_id": "\x00"}),
            ("/api/chat/search", {"q": "\x00"}),
        ):
            response = await api.client.get(path, params=params, headers=api.headers())
            assert response.status_code == 422, (path, params, response.text)

    async def test_forged_cursors_are_400(self, api: ChatApi) -> None:
        session = await api.create()
        await api.say(session["id"], "hello", respond=False)
        paths = (
            ("/api/chat/sessions", {}),
            (f"/api/chat/sessions/{session['id']}/messages", {}),
            ("/api/chat/search", {"q": "hello"}),
        )
        for values in FORGED_CURSORS:
            for path, params in paths:
                response = await api.client.get(
                    path, params={**params, "cursor": forged(values)}, headers=api.headers()
                )
                assert response.status_code == 400, (path, values, response.text)

    async def test_a_rolled_back_delete_leaves_no_tombstone(self, api: ChatApi) -> None:
        session = await api.create()
        await api.say(session["id"], "still here", respond=False)
        state = api.ctx.state["chat"]
        user = User(id="alice", role=Role.trainee)
        with pytest.raises(RuntimeError):
            async with api.ctx.db.session() as db:
                assert await chat_sessions.delete(state, db, user, [uuid.UUID(session["id"])])
                raise RuntimeError("the unit of work fails after the delete")
        # Neither the header cache nor the tail was touched: the session answers at once.
        assert (await api.session(session["id"]))["id"] == session["id"]
        assert [m["content"] for m in await api.history(session["id"])] == ["still here"]
        response = await api.post(session["id"], "and more", respond=False)
        assert response.status_code == 201


class TestExport:
    async def test_markdown_and_json(self, api: ChatApi) -> None:
        session = await api.create(title="Trip ideas", persona="creative_writer")
        await api.say(session["id"], "Plan a weekend in Lisbon.")
        markdown = await api.client.get(
            f"/api/chat/sessions/{session['id']}/export", headers=api.headers()
        )
        assert markdown.status_code == 200
        assert markdown.headers["content-type"].startswith("text/markdown")
        assert "attachment" in markdown.headers["content-disposition"]
        text = markdown.text
        assert text.startswith("# Trip ideas")
        assert "**You**" in text
        assert "Plan a weekend in Lisbon." in text
        assert "**Creative Writer**" in text
        exported = await api.client.get(
            f"/api/chat/sessions/{session['id']}/export",
            params={"format": "json"},
            headers=api.headers(),
        )
        body = exported.json()
        assert body["session"]["title"] == "Trip ideas"
        assert [m["role"] for m in body["messages"]] == ["user", "assistant"]
        bad = await api.client.get(
            f"/api/chat/sessions/{session['id']}/export",
            params={"format": "pdf"},
            headers=api.headers(),
        )
        assert bad.status_code == 422
