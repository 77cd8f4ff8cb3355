"""Group reads, rename, complete-all, delete, feedback, templates, export/import."""

from __future__ import annotations

from uuid import uuid4

import pytest

from sessionhub.common.auth import Role
from sessionhub.common.rubric import SCORE_FIELDS
from sessionhub.testing.plugin import RunningApp, wait_until

from ..grader_events import failed_event, graded_event, publish
from ..support import BASE, Actor, assert_problem, failing_trigger, outbox_events
from ..training.test_reads import FORGED_CURSORS, FORGED_IDS, forge
from .test_bulk import GROUPS, config


async def make_group(actor: Actor, count: int = 3, **extra: object) -> dict:
    response = await actor.post(
        GROUPS, json={"group_name": "Team", "sessions": [config(i) for i in range(count)], **extra}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


class TestGroupReads:
    async def test_detail_counts_and_progress(self, alice: Actor) -> None:
        group = await make_group(alice, 4)
        first = group["sessions"][0]["id"]
        await alice.post(f"{BASE}/{first}/complete")
        detail = (await alice.get(f"{GROUPS}/{group['group_id']}")).json()
        assert detail["group_name"] == "Team"
        assert detail["counts"] == {"active": 3, "completed": 1, "failed": 0}
        assert detail["grading_counts"] == {"pending": 1, "graded": 0, "failed": 0}
        assert detail["progress"]["total"] == 4
        assert detail["progress"]["percent_completed"] == 25.0
        assert [s["id"] for s in detail["sessions"]] == [s["id"] for s in group["sessions"]]
        assert detail["group_feedback"] is None
        # the seed's score fields, from the rubric definition, empty until graded
        assert all(set(SCORE_FIELDS) <= s.keys() for s in detail["sessions"])
        assert {s[f] for s in detail["sessions"] for f in SCORE_FIELDS} == {None}

    async def test_list_newest_first_with_cursor(self, alice: Actor) -> None:
        ids = [(await make_group(alice, 1))["group_id"] for _ in range(3)]
        page = (await alice.get(GROUPS, params={"limit": 2})).json()
        rest = (await alice.get(GROUPS, params={"cursor": page["next_cursor"]})).json()
        assert [g["id"] for g in page["data"] + rest["data"]] == ids[::-1]
        assert page["data"][0]["session_count"] == 1

    async def test_other_users_get_404(self, alice: Actor, bob: Actor) -> None:
        group = await make_group(alice, 1)
        gid = group["group_id"]
        assert_problem(await bob.get(f"{GROUPS}/{gid}"), 404)
        assert_problem(await bob.patch(f"{GROUPS}/{gid}", json={"group_name": "x"}), 404)
        assert_problem(await bob.delete(f"{GROUPS}/{gid}"), 404)
        assert_problem(await bob.post(f"{GROUPS}/{gid}/complete"), 404)
        assert_problem(await bob.get(f"{GROUPS}/not-a-uuid"), 422)
        assert (await bob.get(GROUPS)).json()["data"] == []

    async def test_rename(self, alice: Actor) -> None:
        gid = (await make_group(alice, 1))["group_id"]
        renamed = await alice.patch(f"{GROUPS}/{gid}", json={"group_name": "Renamed"})
        assert renamed.json()["group_name"] == "Renamed"
        assert_problem(await alice.patch(f"{GROUPS}/{gid}", json={"group_name": ""}), 422)
        assert (await alice.get(f"{GROUPS}/{gid}")).json()["group_name"] == "Renamed"


class TestCompleteAll:
    async def test_completes_active_sessions_with_results(
        self, app: RunningApp, alice: Actor
    ) -> None:
        group = await make_group(alice, 3)
        ids = [s["id"] for s in group["sessions"]]
        await alice.post(f"{BASE}/{ids[0]}/complete")
        result = (await alice.post(f"{GROUPS}/{group['group_id']}/complete")).json()
        assert result["completed_count"] == 2
        assert [(r["session_id"], r["outcome"]) for r in result["results"]] == [
            (ids[0], "already_completed"),
            (ids[1], "completed"),
            (ids[2], "completed"),
        ]
        completed = [e.data["session_id"] for e in await outbox_events(app, "session.completed")]
        assert sorted(i for i in completed if i in ids) == ids

    async def test_one_session_failing_completes_none_and_reports_each(
        self, app: RunningApp, alice: Actor
    ) -> None:
        group = await make_group(alice, 3)
        ids = [s["id"] for s in group["sessions"]]
        when = f"NEW.id = {ids[1]} AND NEW.status = 'completed'"
        async with failing_trigger(app, "training_sessions", when, event="UPDATE"):
            response = await alice.post(f"{GROUPS}/{group['group_id']}/complete")
        problem = assert_problem(response, 409)
        assert [(r["session_id"], r["outcome"]) for r in problem["results"]] == [
            (ids[0], "completed"),
            (ids[1], "failed"),
            (ids[2], "completed"),
        ]
        for sid in ids:
            assert (await alice.session(sid))["status"] == "active"
        completed = [e.data["session_id"] for e in await outbox_events(app, "session.completed")]
        assert not set(ids) & set(completed)
        # Once the cause is gone, the whole group completes.
        result = (await alice.post(f"{GROUPS}/{group['group_id']}/complete")).json()
        assert result["completed_count"] == 3


class TestForgedCursors:
    @pytest.mark.parametrize(
        "values",
        [*FORGED_CURSORS, ["0001-01-01", "x"], ["2020-01-01T00:00:00", str(uuid4())], [1, 2]],
        ids=[*FORGED_IDS, "bad-uuid", "naive-stamp", "numbers"],
    )
    async def test_groups_and_templates_answer_400(self, alice: Actor, values: list) -> None:
        await make_group(alice, 1)
        for path in (GROUPS, f"{GROUPS}/templates"):
            assert_problem(await alice.get(path, params={"cursor": forge(values)}), 400)


class TestDeleteGroup:
    async def test_deletes_group_and_sessions(self, alice: Actor) -> None:
        group = await make_group(alice, 2)
        assert (await alice.delete(f"{GROUPS}/{group['group_id']}")).status_code == 204
        assert_problem(await alice.get(f"{GROUPS}/{group['group_id']}"), 404)
        for item in group["sessions"]:
            assert_problem(await alice.get(f"{BASE}/{item['id']}"), 404)


class TestGroupFeedback:
    async def test_feedback_once_every_session_is_graded(
        self, app: RunningApp, actor, alice: Actor
    ) -> None:
        manager = actor(Role.manager)
        group = await make_group(
            manager, 1, sessions=[config(0, assignee_user_id=alice.id), config(1), config(2)]
        )
        gid = group["group_id"]
        await manager.post(f"{GROUPS}/{gid}/complete")
        sessions = [await manager.session(s["id"]) for s in group["sessions"]]
        await publish(
            app,
            graded_event(sessions[0], overall=90, feedback_strengths=["Rapport", "Listening"]),
            graded_event(sessions[1], overall=50, feedback_strengths=["rapport"]),
        )

        async def two_graded() -> bool:
            detail = (await manager.get(f"{GROUPS}/{gid}")).json()
            return detail["grading_counts"]["graded"] == 2

        await wait_until(two_graded, message="two grades")
        detail = (await manager.get(f"{GROUPS}/{gid}")).json()
        assert detail["group_feedback"] is None
        assert sorted(s["overall_score"] or 0 for s in detail["sessions"]) == [0, 50, 90]
        await publish(app, failed_event(sessions[2]))

        async def feedback() -> dict | None:
            return (await manager.get(f"{GROUPS}/{gid}")).json()["group_feedback"]

        stored = await wait_until(feedback, message="the group feedback")
        assert stored["averages"]["overall"] == 70.0
        assert stored["best_session"]["session_id"] == sessions[0]["id"]
        assert stored["best_session"]["user_id"] == alice.id
        assert stored["weakest_session"]["session_id"] == sessions[1]["id"]
        assert stored["common_strengths"][0] == "Rapport"
        assert stored["failed_count"] == 1
        [event] = [
            e.data for e in await outbox_events(app, "group.graded") if e.data["group_id"] == gid
        ]
        assert event["session_count"] == 2
        await manager.post(f"{BASE}/{sessions[0]['id']}/regrade")
        await assert_subjects(app, gid, [s["id"] for s in sessions])


async def assert_subjects(app: RunningApp, gid: str, ids: list[int]) -> None:
    """Every event session-api wrote about the group names its resource as the subject."""
    seen = set()
    for kind in ("session.created", "session.completed", "session.regrade_requested"):
        for envelope in await outbox_events(app, kind):
            if envelope.data["session_id"] in ids:
                assert envelope.subject == f"training-session/{envelope.data['session_id']}"
                seen.add(kind)
    for kind in ("group.created", "group.graded"):
        for envelope in await outbox_events(app, kind):
            if envelope.data["group_id"] == gid:
                assert envelope.subject == f"group/{gid}"
                seen.add(kind)
    assert len(seen) == 5


class TestTemplatesAndExport:
    async def test_save_list_and_create_from_template(self, alice: Actor, bob: Actor) -> None:
        gid = (await make_group(alice, 2))["group_id"]
        saved = await alice.post(f"{GROUPS}/{gid}/template", json={"name": "Onboarding"})
        assert saved.status_code == 201
        template = saved.json()
        assert (await alice.get(saved.headers["Location"])).json() == template
        assert [s["title"] for s in template["sessions"]] == ["Session 0", "Session 1"]
        listed = (await alice.get(f"{GROUPS}/templates")).json()["data"]
        assert [t["id"] for t in listed] == [template["id"]]
        made = await alice.post(
            f"{GROUPS}/templates/{template['id']}/groups", json={"group_name": "Cohort 2"}
        )
        assert made.status_code == 201
        assert made.json()["group_name"] == "Cohort 2"
        assert made.json()["created_count"] == 2
        assert_problem(await bob.get(f"{GROUPS}/templates/{template['id']}"), 404)
        assert_problem(await bob.post(f"{GROUPS}/templates/{template['id']}/groups"), 404)
        assert_problem(await alice.post(f"{GROUPS}/{gid}/template", json={}), 422)

    async def test_a_key_reused_on_another_template_is_refused(self, alice: Actor) -> None:
        gid = (await make_group(alice, 1))["group_id"]
        first, second = [
            (await alice.post(f"{GROUPS}/{gid}/template", json={"name": n})).json()["id"]
            for n in ("A", "B")
        ]
        headers = {"Idempotency-Key": "from-template"}
        made = await alice.post(f"{GROUPS}/templates/{first}/groups", headers=headers)
        assert made.status_code == 201
        replay = await alice.post(f"{GROUPS}/templates/{first}/groups", headers=headers)
        assert replay.json() == made.json()
        other = await alice.post(f"{GROUPS}/templates/{second}/groups", headers=headers)
        assert_problem(other, 422)
        assert len((await alice.get(GROUPS)).json()["data"]) == 2

    async def test_export_then_import(self, alice: Actor, bob: Actor) -> None:
        gid = (await make_group(alice, 2))["group_id"]
        exported = (await alice.get(f"{GROUPS}/{gid}/export")).json()
        assert exported["format"] == "sessionhub.group.v1"
        assert len(exported["sessions"]) == 2
        imported = await bob.post(f"{GROUPS}/import", json=exported)
        assert imported.status_code == 201
        assert imported.json()["group_name"] == "Team"
        assert imported.json()["created_count"] == 2
        assert_problem(await bob.get(f"{GROUPS}/{gid}/export"), 404)
        wrong = {**exported, "format": "other"}
        assert_problem(await bob.post(f"{GROUPS}/import", json=wrong), 422)
