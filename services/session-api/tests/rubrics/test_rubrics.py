"""/api/rubrics: create, version, isolation, and the rubric a session carries to grading."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

from sessionhub.common.auth import Role
from sessionhub.common.rubric import DEFAULT_RUBRIC
from sessionhub.testing.plugin import RunningApp

from ..support import Actor, assert_problem, events_for, outbox_events

BASE = "/api/rubrics"


def draft(name: str = "Enterprise calls", pass_mark: int = 70) -> dict[str, Any]:
    body = json.loads(DEFAULT_RUBRIC.model_dump_json())
    body.pop("id")
    body.pop("version")
    body["name"], body["pass_mark"] = name, pass_mark
    body["criteria"].append(
        {
            "id": "compliance",
            "title": "Compliance",
            "description": "Says what the regulator requires.",
            "checks": [
                {"id": "recording_notice", "weight": 1, "description": "Says the call is recorded."}
            ],
        }
    )
    return body


async def test_a_manager_creates_lists_and_reads_a_rubric(actor: Callable[..., Actor]) -> None:
    morgan = actor(Role.manager)
    created = await morgan.post(BASE, json=draft())
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["version"] == 1
    assert body["label"] == f"{body['id']}@1"
    assert created.headers["location"] == f"{BASE}/{body['id']}/versions/1"
    assert [c["id"] for c in body["rubric"]["criteria"]][-1] == "compliance"
    listed = (await morgan.get(BASE)).json()
    assert [r["id"] for r in listed] == [body["id"]]
    assert (await morgan.get(f"{BASE}/{body['id']}")).json() == body


async def test_a_new_version_leaves_the_old_one_unchanged(actor: Callable[..., Actor]) -> None:
    morgan = actor(Role.manager)
    first = (await morgan.post(BASE, json=draft(pass_mark=70))).json()
    second = await morgan.post(f"{BASE}/{first['id']}/versions", json=draft(pass_mark=80))
    assert second.status_code == 201, second.text
    assert second.json()["version"] == 2
    old = (await morgan.get(f"{BASE}/{first['id']}/versions/1")).json()
    assert old["rubric"]["pass_mark"] == 70
    latest = (await morgan.get(f"{BASE}/{first['id']}")).json()
    assert (latest["version"], latest["rubric"]["pass_mark"]) == (2, 80)
    listed = (await morgan.get(BASE)).json()
    assert [(r["id"], r["version"]) for r in listed] == [(first["id"], 2)]


async def test_trainees_cannot_write_rubrics(actor: Callable[..., Actor]) -> None:
    assert_problem(await actor(Role.trainee).post(BASE, json=draft()), 403)
    assert_problem(await actor(Role.trainee).get(BASE), 403)


async def test_another_managers_rubric_does_not_exist(actor: Callable[..., Actor]) -> None:
    morgan, other = actor(Role.manager), actor(Role.manager)
    rubric = (await morgan.post(BASE, json=draft())).json()
    assert_problem(await other.get(f"{BASE}/{rubric['id']}"), 404)
    assert_problem(await other.get(f"{BASE}/{rubric['id']}/versions/1"), 404)
    assert_problem(await other.post(f"{BASE}/{rubric['id']}/versions", json=draft()), 404)
    assert (await other.get(BASE)).json() == []
    refused = await other.post(
        "/api/training-sessions", json={"agent_name": "Alex", "rubric": {"id": rubric["id"]}}
    )
    assert_problem(refused, 404)


async def test_a_rubric_version_past_the_column_is_422_and_nothing_is_created(
    alice: Actor,
) -> None:
    # PostgreSQL's integer ends at 2**31 - 1; past it the driver failed mid-request (a 500).
    refused = await alice.post(
        "/api/training-sessions",
        json={"agent_name": "Alex", "rubric": {"id": str(uuid.uuid4()), "version": 2**31}},
    )
    assert_problem(refused, 422)
    assert (await alice.get("/api/training-sessions")).json()["data"] == []


async def test_a_rubric_without_the_seed_criteria_is_422(actor: Callable[..., Actor]) -> None:
    body = draft()
    body["criteria"] = body["criteria"][1:]
    assert_problem(await actor(Role.manager).post(BASE, json=body), 422)


async def test_the_completion_event_carries_the_attached_version(
    app: RunningApp, actor: Callable[..., Actor]
) -> None:
    morgan = actor(Role.manager)
    rubric = (await morgan.post(BASE, json=draft(pass_mark=70))).json()
    await morgan.post(f"{BASE}/{rubric['id']}/versions", json=draft(pass_mark=90))
    session = await morgan.start_session(rubric={"id": rubric["id"], "version": 1})
    await morgan.say(session["id"], "Hello, thanks for your time.")
    done = await morgan.post(f"/api/training-sessions/{session['id']}/complete", json={})
    assert done.status_code == 200, done.text
    [event] = [
        e
        for e in await outbox_events(app, "session.completed")
        if e.data["session_id"] == session["id"]
    ]
    assert event.schemaversion == 2
    assert event.data["rubric"]["id"] == rubric["id"]
    assert (event.data["rubric"]["version"], event.data["rubric"]["pass_mark"]) == (1, 70)


async def test_a_session_without_a_rubric_uses_the_default(app: RunningApp, alice: Actor) -> None:
    session = await alice.start_session()
    await alice.say(session["id"], "Hello.")
    await alice.post(f"/api/training-sessions/{session['id']}/complete", json={})
    [event] = await events_for(app, "session.completed", session["id"])
    assert event["rubric"] is None


async def test_a_group_created_with_a_rubric_grades_every_session_against_it(
    app: RunningApp, actor: Callable[..., Actor]
) -> None:
    morgan = actor(Role.manager)
    rubric = (await morgan.post(BASE, json=draft())).json()
    config = {"title": "Renewal call", "scenario": "Renew the plan.", "persona": "Pat"}
    created = await morgan.post(
        "/api/groups", json={"sessions": [config, config], "rubric": {"id": rubric["id"]}}
    )
    assert created.status_code == 201, created.text
    ids = [s["id"] for s in created.json()["sessions"]]
    for sid in ids:
        await morgan.say(sid, "Hello Pat, thanks for picking up.")
        done = await morgan.post(f"/api/training-sessions/{sid}/complete", json={})
        assert done.status_code == 200, done.text
        [event] = await events_for(app, "session.completed", sid)
        assert (event["rubric"]["id"], event["rubric"]["version"]) == (rubric["id"], 1)
    other = actor(Role.manager)
    refused = await other.post(
        "/api/groups", json={"sessions": [config], "rubric": {"id": rubric["id"]}}
    )
    assert_problem(refused, 404)


async def test_a_template_saved_with_a_rubric_passes_it_to_its_groups(
    app: RunningApp, actor: Callable[..., Actor]
) -> None:
    morgan = actor(Role.manager)
    rubric = (await morgan.post(BASE, json=draft())).json()
    config = {"title": "Upsell call", "scenario": "Sell the add-on.", "persona": "Kim"}
    group = (await morgan.post("/api/groups", json={"sessions": [config]})).json()
    saved = await morgan.post(
        f"/api/groups/{group['group_id']}/template",
        json={"name": "Upsell", "rubric": {"id": rubric["id"], "version": 1}},
    )
    assert saved.status_code == 201, saved.text
    # The template shows which rubric version its groups get, in all three answers.
    shown = {
        "id": rubric["id"],
        "version": 1,
        "label": f"{rubric['id']}@1",
        "name": "Enterprise calls",
        "href": f"{BASE}/{rubric['id']}/versions/1",
    }
    assert saved.json()["rubric"] == shown
    got = await morgan.get(f"/api/groups/templates/{saved.json()['id']}")
    assert got.json()["rubric"] == shown
    assert (await morgan.get(shown["href"])).status_code == 200
    plain = await morgan.post(f"/api/groups/{group['group_id']}/template", json={"name": "Plain"})
    listed = (await morgan.get("/api/groups/templates")).json()["data"]
    assert {t["id"]: t["rubric"] for t in listed} == {
        saved.json()["id"]: shown,
        plain.json()["id"]: None,
    }
    made = await morgan.post(f"/api/groups/templates/{saved.json()['id']}/groups", json={})
    assert made.status_code == 201, made.text
    [sid] = [s["id"] for s in made.json()["sessions"]]
    await morgan.say(sid, "Hi Kim.")
    await morgan.post(f"/api/training-sessions/{sid}/complete", json={})
    [event] = await events_for(app, "session.completed", sid)
    assert event["rubric"]["id"] == rubric["id"]
    # A template cannot name another manager's rubric.
    other = actor(Role.manager)
    other_group = (await other.post("/api/groups", json={"sessions": [config]})).json()
    refused = await other.post(
        f"/api/groups/{other_group['group_id']}/template",
        json={"name": "Mine", "rubric": {"id": rubric["id"]}},
    )
    assert_problem(refused, 404)
