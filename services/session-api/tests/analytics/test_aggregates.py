"""/api/analytics/me from maintained statistics equals the full recomputation, through
every way a session changes; ``sessionhub sessions analytics-rebuild`` repairs drift."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.encoders import jsonable_encoder
from sqlalchemy import text
from typer.testing import CliRunner

from sessionhub.common.auth import Role
from sessionhub.sessions.analytics.repository import AnalyticsRepository
from sessionhub.sessions.analytics.schemas import UserAnalytics
from sessionhub.sessions.analytics.service import STATUSES, score_summary
from sessionhub.sessions.cli import build_cli
from sessionhub.testing.plugin import DATABASE_URL, RunningApp, wait_until

from ..grader_events import failed_event, graded_event, publish
from ..groups.test_bulk import GROUPS, config
from ..support import BASE, SERVICE, Actor
from .test_analytics import graded_session


async def recomputed(app: RunningApp, user_id: str, last: int) -> dict[str, Any]:
    """The summary recomputed from every one of the user's rows, as it was done before."""
    async with app.runtime.services[SERVICE].db.read_session() as db:
        rows = await AnalyticsRepository(db).score_rows(user_id=user_id)
    by_status = {s: sum(1 for r in rows if r.status == s) for s in STATUSES}
    summary = score_summary(rows, last)
    return dict(
        jsonable_encoder(
            UserAnalytics(
                **summary.model_dump(),
                user_id=user_id,
                session_count=len(rows),
                sessions_by_status=by_status,
            )
        )
    )


async def assert_matches(app: RunningApp, actor: Actor) -> dict[str, Any]:
    for last in (1, 3, 100):
        me = (await actor.get("/api/analytics/me", params={"last": last})).json()
        assert me == await recomputed(app, actor.id, last), last
    return dict(me)


async def _settled(actor: Actor, sid: int, status: str) -> None:
    async def done() -> bool:
        return (await actor.session(sid))["grading_status"] == status

    await wait_until(done, message=f"grading of {sid} is {status}")


class TestMaintainedStatistics:
    async def test_every_change_of_a_session_keeps_the_numbers_exact(
        self, app: RunningApp, actor, alice: Actor
    ) -> None:
        now = datetime.now(UTC)
        assert (await assert_matches(app, alice))["session_count"] == 0
        # Graded out of id order, a tie on the best score, an active and a pending one.
        a = await graded_session(app, alice, 70, graded_at=now - timedelta(minutes=5))
        b = await graded_session(app, alice, 90, graded_at=now - timedelta(minutes=9))
        c = await graded_session(app, alice, 90, graded_at=now - timedelta(minutes=1))
        await alice.start_session()
        pending = (await alice.start_session())["id"]
        await alice.post(f"{BASE}/{pending}/complete")
        await assert_matches(app, alice)
        # A failed grading, a grade without a category, a newer grade replacing one.
        await publish(app, failed_event(await alice.session(pending)))
        await _settled(alice, pending, "failed")
        partial = (await alice.start_session())["id"]
        await alice.post(f"{BASE}/{partial}/complete")
        session = await alice.session(partial)
        await publish(app, graded_event(session, overall=40, discovery_score=0))
        await _settled(alice, partial, "graded")
        await publish(app, graded_event(await alice.session(a), overall=20))

        async def regraded() -> bool:
            return (await alice.session(a))["overall_score"] == 20

        await wait_until(regraded, message="the newer grade")
        await assert_matches(app, alice)
        # A regrade leaves the graded set until it lands; a delete leaves everything.
        await alice.post(f"{BASE}/{c}/regrade")
        assert (await assert_matches(app, alice))["best"]["session_id"] == b
        await alice.delete(f"{BASE}/{b}")
        await assert_matches(app, alice)
        # Sessions of a group deleted as a whole (cascade), assigned by a manager.
        manager = actor(Role.manager)
        group = (
            await manager.post(GROUPS, json={"sessions": [config(0, assignee_user_id=alice.id)]})
        ).json()
        assigned = group["sessions"][0]["id"]
        await graded_session(app, alice, 100, assigned)
        assert (await assert_matches(app, alice))["best"]["session_id"] == assigned
        await manager.delete(f"{GROUPS}/{group['group_id']}")
        me = await assert_matches(app, alice)
        assert me["session_count"] == 5
        assert me["graded_count"] == 2

    async def test_a_grade_without_a_grading_time_sorts_first(
        self, app: RunningApp, alice: Actor
    ) -> None:
        first = await graded_session(app, alice, 50)
        unknown = await graded_session(app, alice, 60)
        async with app.runtime.services[SERVICE].db.session() as db:
            await db.execute(
                text("UPDATE training_sessions SET graded_at = NULL WHERE id = :id"),
                {"id": unknown},
            )
        me = await assert_matches(app, alice)
        assert [p["session_id"] for p in me["trend"]] == [unknown, first]

    async def test_one_insert_of_any_sessions_is_counted(
        self, app: RunningApp, alice: Actor, bob: Actor
    ) -> None:
        # What an import or a bulk loader writes: several users, any status, grades
        # included, in one statement; and active sessions alone (what every create does).
        graded = "'graded', 80, 60, 70, NULL, 75"
        ungraded = "NULL, NULL, NULL, NULL, NULL, NULL"
        rows = {
            "mixed": [
                f"(:a, 'active', {ungraded})",
                f"(:a, 'completed', {graded})",
                "(:a, 'completed', 'pending', NULL, NULL, NULL, NULL, NULL)",
                f"(:b, 'failed', {ungraded})",
                "(:b, 'completed', 'graded', NULL, NULL, NULL, NULL, NULL)",
            ],
            "active": [f"(:a, 'active', {ungraded})", f"(:b, 'active', {ungraded})"] * 2,
            "active, one graded": [f"(:b, 'active', {ungraded})", f"(:b, 'active', {graded})"],
        }
        for values in rows.values():
            async with app.runtime.services[SERVICE].db.session() as db:
                await db.execute(
                    text(
                        "INSERT INTO training_sessions (user_id, status, grading_status, "
                        "rapport_score, discovery_score, closing_score, "
                        "objection_handling_score, overall_score, "
                        "title, scenario, persona, agent_name) "
                        "SELECT u, s, g, r::int, d::int, c::int, o::int, ov::int, "
                        "'T', 'S', 'P', 'A' "
                        "FROM (VALUES " + ", ".join(values) + ") AS v(u, s, g, r, d, c, o, ov)"
                    ),
                    {"a": alice.id, "b": bob.id},
                )
            await assert_matches(app, alice)
            await assert_matches(app, bob)
        me = (await alice.get("/api/analytics/me")).json()
        assert me["sessions_by_status"] == {"active": 3, "completed": 2, "failed": 0}
        assert me["graded_count"] == 1


class TestRebuildCommand:
    async def test_recounts_drifted_statistics(self, app: RunningApp, alice: Actor) -> None:
        await graded_session(app, alice, 80)
        await alice.start_session()
        async with app.runtime.services[SERVICE].db.session() as db:
            await db.execute(
                text(
                    "UPDATE user_session_stats SET graded = 7, overall_sum = 1, active = 40 "
                    "WHERE user_id = :u"
                ),
                {"u": alice.id},
            )
        drifted = (await alice.get("/api/analytics/me")).json()
        assert drifted != await recomputed(app, alice.id, 10)
        env = {
            "DATABASE_URL": DATABASE_URL,
            "SESSIONHUB_DB_SCHEMA_PREFIX": app.settings.db_schema_prefix,
        }
        # The command runs its own event loop, so it gets a thread of its own.
        result = await asyncio.to_thread(
            CliRunner().invoke, build_cli(), ["analytics-rebuild"], env=env
        )
        assert result.exit_code == 0, result.output
        assert "recounted the statistics of" in result.output
        await assert_matches(app, alice)
