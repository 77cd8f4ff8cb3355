"""POST /api/groups: bulk creation in a named group."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import DBAPIError
from starlette.responses import JSONResponse

from sessionhub.common.auth import Role, User
from sessionhub.sessions.groups import bulk
from sessionhub.sessions.groups.schemas import GroupCreate
from sessionhub.sessions.service_spec import spec
from sessionhub.sessions.state import state_of
from sessionhub.testing.plugin import RunningApp, isolated_settings, running_app

from ..support import BASE, SERVICE, Actor, assert_problem, failing_trigger, outbox_events

GROUPS = "/api/groups"


def config(i: int, **extra: object) -> dict:
    return {
        "title": f"Session {i}",
        "scenario": f"Scenario {i}.",
        "persona": f"Persona {i}",
        **extra,
    }


class TestBulkCreation:
    async def test_creates_group_then_each_session(self, app: RunningApp, alice: Actor) -> None:
        response = await alice.post(
            GROUPS, json={"group_name": "Week 1", "sessions": [config(i) for i in range(3)]}
        )
        assert response.status_code == 201
        body = response.json()
        assert body["success"] is True
        assert body["group_name"] == "Week 1"
        assert (body["created_count"], body["failed_count"], body["errors"]) == (3, 0, [])
        assert [s["index"] for s in body["sessions"]] == [0, 1, 2]
        for item in body["sessions"]:
            session = await alice.session(item["id"])
            assert session["group_id"] == body["group_id"]
            assert session["title"] == f"Session {item['index']}"
            assert session["agent_name"] == f"Persona {item['index']}"
            assert session["transcript"][0]["speaker"] == "persona"
        [event] = [
            e.data
            for e in await outbox_events(app, "group.created")
            if e.data["group_id"] == body["group_id"]
        ]
        assert event["session_ids"] == [s["id"] for s in body["sessions"]]
        assert event["created_by"] == alice.id

    async def test_default_group_name(self, alice: Actor) -> None:
        body = (await alice.post(GROUPS, json={"sessions": [config(0)]})).json()
        assert body["group_name"] == f"Training Group - {datetime.now(UTC):%Y-%m-%d}"

    async def test_invalid_sessions_fail_alone(self, alice: Actor) -> None:
        sessions = [
            config(0),
            {"title": "No scenario", "persona": "P"},
            config(2),
            "oops",
            config(4, title=""),
        ]
        response = await alice.post(GROUPS, json={"sessions": sessions})
        assert response.status_code == 201
        body = response.json()
        assert body["success"] is True
        assert (body["created_count"], body["failed_count"]) == (2, 3)
        assert [s["index"] for s in body["sessions"]] == [0, 2]
        assert [e["index"] for e in body["errors"]] == [1, 3, 4]
        assert "scenario" in body["errors"][0]["detail"]
        listed = (await alice.get(BASE, params={"group_id": body["group_id"]})).json()["data"]
        assert len(listed) == 2

    async def test_every_session_failing_keeps_the_group(self, alice: Actor) -> None:
        body = (await alice.post(GROUPS, json={"sessions": [{}, {"title": 1}]})).json()
        assert body["success"] is False
        assert body["created_count"] == 0
        assert (await alice.get(f"{GROUPS}/{body['group_id']}")).status_code == 200

    async def test_idempotency_key_replays(self, alice: Actor) -> None:
        payload = {"group_name": "Retry", "sessions": [config(0), config(1)]}
        headers = {"Idempotency-Key": "group-1"}
        first = await alice.post(GROUPS, json=payload, headers=headers)
        again = await alice.post(GROUPS, json=payload, headers=headers)
        assert again.json() == first.json()
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.headers["Location"] == f"{GROUPS}/{first.json()['group_id']}"
        groups = (await alice.get(GROUPS)).json()["data"]
        assert len(groups) == 1
        other = await alice.post(GROUPS, json={**payload, "group_name": "X"}, headers=headers)
        assert_problem(other, 422)


class TestAllOrNothing:
    async def test_invalid_items_fail_alone_and_the_answer_is_stored_with_the_key(
        self, app: RunningApp, alice: Actor
    ) -> None:
        sessions = [config(0), config(1, title=""), config(2), {**config(3), "unknown": 1}]
        payload = {"group_name": "Partly", "sessions": sessions}
        headers = {"Idempotency-Key": "partly-1"}
        first = await alice.post(GROUPS, json=payload, headers=headers)
        assert first.status_code == 201, first.text
        result = first.json()
        assert [s["index"] for s in result["sessions"]] == [0, 2]
        assert [e["index"] for e in result["errors"]] == [1, 3]
        [event] = [
            e.data
            for e in await outbox_events(app, "group.created")
            if e.data["group_id"] == result["group_id"]
        ]
        assert event["session_ids"] == [s["id"] for s in result["sessions"]]
        # The key was stored with the answer: a retry replays it, creating nothing more.
        again = await alice.post(GROUPS, json=payload, headers=headers)
        assert again.json() == result
        assert again.headers["Idempotent-Replayed"] == "true"
        assert len((await alice.get(BASE)).json()["data"]) == 2

    @pytest.mark.parametrize(
        "poison",
        [
            {"title": "nul \x00 title"},
            {"unknown\x00field": 1},
            {"persona": "lone \ud800"},
            {"unknown\ud800field": 1},
        ],
        ids=["nul-value", "nul-key", "surrogate", "surrogate-key"],
    )
    async def test_unstorable_text_anywhere_is_422_and_creates_nothing(
        self, alice: Actor, poison: dict
    ) -> None:
        sessions = [config(0), {**config(1), **poison}]
        body = json.dumps({"group_name": "Poison", "sessions": sessions})
        headers = {"content-type": "application/json", "Idempotency-Key": "poison-1"}
        response = await alice.post(GROUPS, content=body.encode(), headers=headers)
        problem = assert_problem(response, 422)
        assert problem["errors"][0]["field"].startswith("body.sessions.1")
        assert (await alice.get(GROUPS)).json()["data"] == []
        assert (await alice.get(BASE)).json()["data"] == []

    async def test_import_names_a_refused_surrogate_key_escaped(self, alice: Actor) -> None:
        # The problem once named the key verbatim, which UTF-8 cannot encode: a 500.
        body = {"group_name": "Poison", "sessions": [{**config(0), "bad\udfff": 1}]}
        response = await alice.post(
            f"{GROUPS}/import",
            content=json.dumps(body).encode(),
            headers={"content-type": "application/json"},
        )
        problem = assert_problem(response, 422)
        assert problem["errors"][0]["field"] == "body.sessions.0.bad\\udfff"
        assert (await alice.get(GROUPS)).json()["data"] == []

    async def test_a_failure_after_the_group_was_written_leaves_nothing(
        self, app: RunningApp, alice: Actor
    ) -> None:
        # Called below HTTP: the failure is a real database error, and rendering its 500
        # is not what this test is about.
        ctx = app.runtime.services[SERVICE]
        user = User(alice.id, alice.role)
        name = f"doomed-{alice.id}"
        request = GroupCreate(group_name=name, sessions=[config(0), config(1)])

        async def create() -> JSONResponse:
            async with ctx.db.session() as db:
                return await bulk.create_group(
                    db,
                    state_of(ctx),
                    user,
                    group_name=name,
                    raw_sessions=request.sessions,
                    key="doomed-1",
                    request=request,
                )

        # group.created is the last write of a creation: failing it must undo the rest.
        when = (
            "NEW.event_type = 'group.created' "
            f"AND NEW.body::jsonb #>> '{{data,group_name}}' = '{name}'"
        )
        async with failing_trigger(app, "outbox", when):
            with pytest.raises(DBAPIError):
                await create()
        assert (await alice.get(GROUPS)).json()["data"] == []
        assert (await alice.get(BASE)).json()["data"] == []
        # Nor is the key left claimed: the same request now succeeds.
        retry = await create()
        assert retry.status_code == 201
        assert json.loads(retry.body)["created_count"] == 2
        assert len((await alice.get(BASE)).json()["data"]) == 2

    async def test_a_session_the_database_refuses_is_reported_and_the_rest_kept(
        self, app: RunningApp, alice: Actor
    ) -> None:
        when = f"NEW.user_id = '{alice.id}' AND NEW.title = 'Session 1'"
        async with failing_trigger(app, "training_sessions", when):
            response = await alice.post(GROUPS, json={"sessions": [config(i) for i in range(3)]})
        body = response.json()
        assert response.status_code == 201
        assert [s["index"] for s in body["sessions"]] == [0, 2]
        assert body["errors"] == [{"index": 1, "detail": "The session could not be stored."}]
        listed = (await alice.get(BASE)).json()["data"]
        assert sorted(s["title"] for s in listed) == ["Session 0", "Session 2"]


class TestAssignees:
    async def test_manager_creates_sessions_for_trainees(self, actor, alice: Actor) -> None:
        manager = actor(Role.manager)
        body = (
            await manager.post(
                GROUPS, json={"sessions": [config(0, assignee_user_id=alice.id), config(1)]}
            )
        ).json()
        trainee_sid, own_sid = (s["id"] for s in body["sessions"])
        assert (await alice.session(trainee_sid))["user_id"] == alice.id
        assert_problem(await alice.get(f"{BASE}/{own_sid}"), 404)
        # The group's creator reads (and may complete) every session of the group.
        assert (await manager.get(f"{BASE}/{trainee_sid}")).status_code == 200
        listed = (await manager.get(BASE, params={"group_id": body["group_id"]})).json()["data"]
        assert {s["id"] for s in listed} == {trainee_sid, own_sid}
        mine = (await alice.get(BASE, params={"group_id": body["group_id"]})).json()["data"]
        assert [s["id"] for s in mine] == [trainee_sid]
        line = {"transcript_line": {"speaker": "trainee", "text": "not mine"}}
        assert_problem(await manager.patch(f"{BASE}/{trainee_sid}", json=line), 403)

    async def test_trainees_cannot_assign(self, alice: Actor, bob: Actor) -> None:
        response = await alice.post(GROUPS, json={"sessions": [config(0, assignee_user_id=bob.id)]})
        assert_problem(response, 403)
        assert (await alice.get(GROUPS)).json()["data"] == []


class TestBulkBadInput:
    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"sessions": []},
            {"sessions": "all"},
            {"group_name": "", "sessions": [config(0)]},
            {"sessions": [config(0)], "extra": 1},
        ],
        ids=["missing", "empty", "not-a-list", "blank-name", "unknown-field"],
    )
    async def test_invalid_request_is_422_and_creates_nothing(
        self, alice: Actor, body: dict
    ) -> None:
        assert_problem(await alice.post(GROUPS, json=body), 422)
        assert (await alice.get(GROUPS)).json()["data"] == []

    async def test_malformed_json_is_400(self, alice: Actor) -> None:
        response = await alice.post(
            GROUPS, content=b'{"sessions": [', headers={"content-type": "application/json"}
        )
        assert_problem(response, 400)

    async def test_group_sessions_count_against_the_creation_rate_limit(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("SESSIONHUB_SESSIONS_CREATES_PER_MINUTE", "5")
        async with running_app([spec], isolated_settings(rabbit=False)) as app:
            alice = Actor(app)
            first = await alice.post(GROUPS, json={"sessions": [config(i) for i in range(4)]})
            second = await alice.post(GROUPS, json={"sessions": [config(i) for i in range(4)]})
            single = await alice.post(BASE, json={"agent_name": "Alex"})
            # The window is fixed: if it rolls over mid-test, one request gets through again.
            answers = [first.status_code, second.status_code, single.status_code]
            assert answers.count(429) >= 1, answers
            limited = next(a for a in (first, second, single) if a.status_code == 429)
            assert_problem(limited, 429)
            created = len((await alice.get(BASE)).json()["data"])
            assert created <= 4 + 5

    async def test_more_than_the_limit_is_413(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("SESSIONHUB_SESSIONS_GROUP_MAX_SESSIONS", "3")
        async with running_app([spec], isolated_settings(rabbit=False)) as app:
            alice = Actor(app)
            too_many = await alice.post(GROUPS, json={"sessions": [config(i) for i in range(4)]})
            assert_problem(too_many, 413)
            assert (await alice.get(GROUPS)).json()["data"] == []
            assert (await alice.get(BASE)).json()["data"] == []
            ok = await alice.post(GROUPS, json={"sessions": [config(i) for i in range(3)]})
            assert ok.status_code == 201
