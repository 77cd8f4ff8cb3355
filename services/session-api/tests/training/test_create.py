"""POST /api/training-sessions."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from sessionhub.common.events.envelope import Envelope
from sessionhub.sessions.persona import PersonaBrief, offline_opening
from sessionhub.sessions.service_spec import spec
from sessionhub.testing.llm_server import Fail, Reply, ScriptedLLMServer
from sessionhub.testing.plugin import RunningApp, isolated_settings, running_app

from ..support import BASE, Actor, assert_problem, events_for, outbox_events


class TestCreateSession:
    async def test_opening_line_is_the_first_transcript_line(self, alice: Actor) -> None:
        created = await alice.start_session(
            agent_name="Dana", scenario="Guest complains about a double booking.", persona="Dana"
        )
        assert created["status"] == "active"
        assert isinstance(created["id"], int)
        assert created["opening_source"] == "offline"
        session = await alice.session(created["id"])
        assert session["user_id"] == alice.id
        assert session["grading_status"] is None
        assert session["transcript"] == [
            {
                "seq": 1,
                "speaker": "persona",
                "text": created["opening_message"],
                "timestamp": session["transcript"][0]["timestamp"],
            }
        ]

    async def test_ids_are_sequential_integers(self, alice: Actor) -> None:
        first = await alice.start_session()
        second = await alice.start_session()
        assert second["id"] > first["id"]

    async def test_defaults_fill_what_the_caller_left_out(self, alice: Actor) -> None:
        created = await alice.start_session(agent_name="Sam", agent_id="el-123")
        session = await alice.session(created["id"])
        assert session["title"] == "Training with Sam"
        assert session["persona"] == "Sam"
        assert session["agent_id"] == "el-123"

    async def test_publishes_session_created(self, app: RunningApp, alice: Actor) -> None:
        created = await alice.start_session(title="Cold call")
        [event] = await events_for(app, "session.created", created["id"])
        assert event["user_id"] == alice.id
        assert event["title"] == "Cold call"
        # Written by the creating statement itself, which fills in the new id.
        [envelope] = [
            e
            for e in await outbox_events(app, "session.created")
            if e.data["session_id"] == created["id"]
        ]
        assert envelope.subject == f"training-session/{created['id']}"
        assert envelope.source == "session-api"

    async def test_the_event_body_is_the_envelope_s_own_rendering(
        self, app: RunningApp, alice: Actor
    ) -> None:
        # The statement puts the new id into text rendered before it: the result is the
        # bytes the envelope renders itself, however its strings are escaped.
        title = 'quotes " \\ and a\nnew line, \x01, é, 漢字, \U0001f600, "session_id":0'
        created = await alice.start_session(title=title)
        db = app.runtime.services[spec.name].db
        async with db.read_session() as session:
            rows = await session.execute(
                text(
                    "SELECT body FROM outbox"
                    " WHERE event_type = 'session.created' AND body::jsonb #>> '{data,title}' = :t"
                ),
                {"t": title},
            )
            [body] = rows.scalars().all()
        envelope = Envelope.from_bytes(body)
        assert body.encode() == envelope.to_bytes()
        assert envelope.data["session_id"] == created["id"]
        assert envelope.data["title"] == title
        assert envelope.subject == f"training-session/{created['id']}"


class TestCreateIdempotency:
    async def test_same_key_replays_the_first_answer(self, app: RunningApp, alice: Actor) -> None:
        body = {"agent_name": "Alex", "title": "Retry me"}
        headers = {"Idempotency-Key": "create-1"}
        first = await alice.post(BASE, json=body, headers=headers)
        again = await alice.post(BASE, json=body, headers=headers)
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert again.headers["Idempotent-Replayed"] == "true"
        assert first.headers["Location"] == again.headers["Location"]
        assert first.headers["Location"] == f"{BASE}/{first.json()['id']}"
        listed = (await alice.get(BASE)).json()["data"]
        assert [s["id"] for s in listed] == [first.json()["id"]]

    async def test_same_key_with_another_body_is_rejected(self, alice: Actor) -> None:
        headers = {"Idempotency-Key": "create-2"}
        await alice.post(BASE, json={"agent_name": "Alex"}, headers=headers)
        other = await alice.post(BASE, json={"agent_name": "Blake"}, headers=headers)
        assert_problem(other, 422)

    async def test_keys_are_per_user(self, alice: Actor, bob: Actor) -> None:
        headers = {"Idempotency-Key": "shared"}
        a = await alice.post(BASE, json={"agent_name": "Alex"}, headers=headers)
        b = await bob.post(BASE, json={"agent_name": "Alex"}, headers=headers)
        assert a.json()["id"] != b.json()["id"]


class TestCreateBadInput:
    async def test_malformed_json_is_400(self, alice: Actor) -> None:
        response = await alice.post(
            BASE, content=b'{"agent_name": ', headers={"content-type": "application/json"}
        )
        assert_problem(response, 400)
        assert (await alice.get(BASE)).json()["data"] == []

    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"agent_name": 7},
            {"agent_name": ""},
            {"agent_name": "Alex", "title": ["x"]},
            {"agent_name": "Alex", "title": "t" * 201},
            {"agent_name": "Alex", "surprise": True},
            ["agent_name"],
        ],
        ids=["missing", "wrong-type", "empty", "title-list", "title-long", "unknown", "array"],
    )
    async def test_invalid_fields_are_422(self, alice: Actor, body: object) -> None:
        problem = assert_problem(await alice.post(BASE, json=body), 422)
        assert problem["errors"]
        assert (await alice.get(BASE)).json()["data"] == []

    @pytest.mark.parametrize("field", ["agent_name", "agent_id", "title", "scenario", "persona"])
    @pytest.mark.parametrize("bad", ["a\x00b", "a\udc00b"], ids=["nul", "surrogate"])
    async def test_unstorable_text_is_422_naming_the_field(
        self, alice: Actor, field: str, bad: str
    ) -> None:
        # json.dumps escapes both as \u0000 / \udc00, as a hostile client would send them.
        body = json.dumps({"agent_name": "Alex", field: bad})
        response = await alice.post(
            BASE, content=body.encode(), headers={"content-type": "application/json"}
        )
        problem = assert_problem(response, 422)
        assert [e["field"] for e in problem["errors"]] == [f"body.{field}"]
        assert (await alice.get(BASE)).json()["data"] == []

    async def test_rename_with_nul_is_422(self, alice: Actor) -> None:
        sid = (await alice.start_session(title="Kept"))["id"]
        response = await alice.patch(
            f"{BASE}/{sid}",
            content=b'{"title": "x\\u0000y"}',
            headers={"content-type": "application/json"},
        )
        assert_problem(response, 422)
        assert (await alice.session(sid))["title"] == "Kept"

    async def test_oversized_body_is_413(self, alice: Actor) -> None:
        response = await alice.post(BASE, json={"agent_name": "x" * 2_000_000})
        assert_problem(response, 413)

    async def test_missing_token_is_401(self, app: RunningApp) -> None:
        response = await app.client.post(BASE, json={"agent_name": "Alex"})
        assert_problem(response, 401)


class TestOpeningFromLLM:
    async def test_llm_writes_the_opening_line(self, llm_server: ScriptedLLMServer) -> None:
        llm_server.script(Reply(content='  "Hi, I\'m furious about the double booking." '))
        settings = isolated_settings(
            rabbit=False, openai_base_url=llm_server.url, openai_api_key="test"
        )
        async with running_app([spec], settings) as app:
            alice = Actor(app)
            created = await alice.start_session(
                agent_name="Dana", scenario="Double booking", persona="Frustrated traveller"
            )
        assert created["opening_source"] == "llm"
        assert created["opening_message"] == "Hi, I'm furious about the double booking."
        [request] = llm_server.chat_requests
        prompt = request["messages"][0]["content"]
        assert "Frustrated traveller" in prompt
        assert "Double booking" in prompt

    async def test_failing_llm_falls_back_to_the_offline_script(
        self, llm_server: ScriptedLLMServer
    ) -> None:
        llm_server.script(Fail(500), Fail(500))
        settings = isolated_settings(
            rabbit=False,
            openai_base_url=llm_server.url,
            openai_api_key="test",
            llm_retry_attempts=2,
        )
        async with running_app([spec], settings) as app:
            created = await Actor(app).start_session(
                agent_name="Dana", scenario="Double booking.", persona="Dana"
            )
        assert created["opening_source"] == "offline"
        brief = PersonaBrief("Training with Dana", "Double booking.", "Dana", "Dana")
        assert created["opening_message"] == offline_opening(brief)


class TestCreateRateLimit:
    async def test_too_many_creations_is_429(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SESSIONHUB_SESSIONS_CREATES_PER_MINUTE", "2")
        async with running_app([spec], isolated_settings(rabbit=False)) as app:
            alice, bob = Actor(app), Actor(app)
            # The window is fixed: if it rolls over mid-test, two more get through.
            answers = [await alice.post(BASE, json={"agent_name": "Alex"}) for _ in range(5)]
            created = [a for a in answers if a.status_code == 201]
            limited = [a for a in answers if a.status_code != 201]
            assert 2 <= len(created) <= 4
            problem = assert_problem(limited[0], 429)
            assert problem["retry_after"] >= 1
            assert int(limited[0].headers["Retry-After"]) >= 1
            assert len((await alice.get(BASE)).json()["data"]) == len(created)
            await bob.start_session()
