"""/api/analytics/sessions/{id}, /api/analytics/me and a group's analytics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sessionhub.common.auth import Role
from sessionhub.testing.plugin import RunningApp, wait_until

from ..grader_events import graded_event, publish
from ..groups.test_bulk import GROUPS, config
from ..support import BASE, Actor, assert_problem


async def graded_session(
    app: RunningApp,
    actor: Actor,
    overall: int,
    sid: int | None = None,
    graded_at: datetime | None = None,
) -> int:
    sid = sid or (await actor.start_session())["id"]
    await actor.post(f"{BASE}/{sid}/complete")
    stamp = {"graded_at": graded_at} if graded_at else {}
    await publish(app, graded_event(await actor.session(sid), overall=overall, **stamp))

    async def done() -> bool:
        return (await actor.session(sid))["grading_status"] == "graded"

    await wait_until(done, message=f"grade of {sid}")
    return sid


class TestSessionAnalytics:
    async def test_transcript_statistics(self, alice: Actor) -> None:
        sid = (await alice.start_session())["id"]
        lines = [
            {"speaker": "trainee", "text": "Hi there! What brings you in today?"},
            {"speaker": "persona", "text": "Just looking."},
            {"speaker": "trainee", "text": "Great. Budget?? And timing?"},
        ]
        await alice.post(f"{BASE}/{sid}/transcript", json={"lines": lines})
        stats = (await alice.get(f"/api/analytics/sessions/{sid}")).json()
        opening_words = len((await alice.session(sid))["transcript"][0]["text"].split())
        assert stats["speakers"]["trainee"] == {"lines": 2, "words": 11}
        assert stats["speakers"]["persona"]["lines"] == 2
        assert stats["trainee_questions"] == 3
        total = 11 + 2 + opening_words
        assert abs(stats["talk_ratio"] - round(11 / total, 3)) < 0.01
        assert stats["scores"]["overall"] is None

    async def test_another_users_session_is_404(self, alice: Actor, bob: Actor) -> None:
        sid = (await alice.start_session())["id"]
        assert_problem(await bob.get(f"/api/analytics/sessions/{sid}"), 404)


class TestMyAnalytics:
    async def test_averages_best_and_trend(self, app: RunningApp, alice: Actor) -> None:
        first = await graded_session(app, alice, 40)
        best = await graded_session(app, alice, 90)
        latest = await graded_session(app, alice, 65)
        await alice.start_session()
        me = (await alice.get("/api/analytics/me", params={"last": 2})).json()
        assert me["session_count"] == 4
        assert me["sessions_by_status"] == {"active": 1, "completed": 3, "failed": 0}
        assert me["graded_count"] == 3
        assert me["averages"]["overall"] == 65.0
        assert me["first"]["session_id"] == first
        assert me["best"]["session_id"] == best
        assert me["latest"]["session_id"] == latest
        assert [p["session_id"] for p in me["trend"]] == [best, latest]

    async def test_nothing_yet(self, alice: Actor) -> None:
        me = (await alice.get("/api/analytics/me")).json()
        assert me["session_count"] == 0
        assert me["best"] is None
        assert me["averages"]["overall"] is None


class TestGroupAnalytics:
    async def test_ranking_of_members(
        self, app: RunningApp, actor, alice: Actor, bob: Actor
    ) -> None:
        manager = actor(Role.manager)
        body = {
            "sessions": [
                config(0, assignee_user_id=alice.id),
                config(1, assignee_user_id=bob.id),
                config(2, assignee_user_id=bob.id),
            ]
        }
        group = (await manager.post(GROUPS, json=body)).json()
        a, b1, b2 = (s["id"] for s in group["sessions"])
        await graded_session(app, alice, 60, a)
        await graded_session(app, bob, 80, b1)
        await graded_session(app, bob, 90, b2)
        stats = (await manager.get(f"{GROUPS}/{group['group_id']}/analytics")).json()
        assert stats["session_count"] == 3
        assert stats["averages"]["overall"] == 76.7
        assert [(r["rank"], r["user_id"], r["average_overall"]) for r in stats["ranking"]] == [
            (1, bob.id, 85.0),
            (2, alice.id, 60.0),
        ]
        assert_problem(await alice.get(f"{GROUPS}/{group['group_id']}/analytics"), 404)

    async def test_latest_and_trend_follow_when_the_grade_landed(
        self, app: RunningApp, alice: Actor
    ) -> None:
        group = (await alice.post(GROUPS, json={"sessions": [config(i) for i in range(3)]})).json()
        s0, s1, s2 = (s["id"] for s in group["sessions"])
        now = datetime.now(UTC)
        # Graded in the order s2, s0, s1: ids and grading times disagree.
        await graded_session(app, alice, 50, s2, graded_at=now - timedelta(minutes=3))
        await graded_session(app, alice, 70, s0, graded_at=now - timedelta(minutes=2))
        await graded_session(app, alice, 60, s1, graded_at=now - timedelta(minutes=1))
        for path in (f"{GROUPS}/{group['group_id']}/analytics", "/api/analytics/me"):
            stats = (await alice.get(path)).json()
            assert stats["first"]["session_id"] == s2
            assert stats["latest"]["session_id"] == s1
            assert [p["session_id"] for p in stats["trend"]] == [s2, s0, s1]
