"""/api/analytics/me with 20,000 sessions of the caller among 80,000 (issue 13): its
queries' plans, and its numbers against the full recomputation on the same data."""

from __future__ import annotations

import pytest

from sessionhub.sessions.analytics.repository import picks_statement, stats_statement
from sessionhub.testing.plugin import RunningApp

from ..scale import CALLER, CALLER_SESSIONS, assert_stays_on_indexes, index_names, plans
from ..support import SERVICE, Actor
from .test_aggregates import recomputed


async def test_statistics_are_one_primary_key_lookup(scale_app: RunningApp) -> None:
    database = scale_app.runtime.services[SERVICE].db
    for kind, nodes in (await plans(database, stats_statement(CALLER))).items():
        assert_stays_on_indexes(nodes, kind)
        assert index_names(nodes) == {"user_session_stats_pkey"}, (kind, nodes)


@pytest.mark.parametrize("trend", [1, 10, 100])
async def test_first_best_and_trend_are_index_range_scans(
    scale_app: RunningApp, trend: int
) -> None:
    database = scale_app.runtime.services[SERVICE].db
    for kind, nodes in (await plans(database, picks_statement(CALLER, trend))).items():
        assert_stays_on_indexes(nodes, kind)
        assert index_names(nodes) == {
            "ix_training_sessions_user_graded",
            "ix_training_sessions_user_best",
        }, (kind, nodes)
        # The indexes give the order: nothing is sorted, so no row past the limit is read.
        assert "Sort" not in [n["Node Type"] for n in nodes], kind


@pytest.mark.parametrize("last", [1, 10, 100])
async def test_numbers_equal_the_full_recomputation(scale_app: RunningApp, last: int) -> None:
    caller = Actor(scale_app, user_id=CALLER)
    me = (await caller.get("/api/analytics/me", params={"last": last})).json()
    assert me == await recomputed(scale_app, CALLER, last)
    assert me["session_count"] == CALLER_SESSIONS
