"""The training list's plan with 80,000 sessions, the caller's the oldest (issue 13)."""

from __future__ import annotations

import pytest

from sessionhub.sessions.training.repository import page_statement
from sessionhub.testing.plugin import RunningApp

from ..scale import CALLER, assert_stays_on_indexes, index_names, plans
from ..support import SERVICE


@pytest.mark.parametrize(
    ("status", "before_id"),
    [(None, None), ("completed", None), (None, 15_000)],
    ids=["first-page", "status-filter", "next-page"],
)
async def test_the_callers_page_stays_on_the_user_index(
    scale_app: RunningApp, status: str | None, before_id: int | None
) -> None:
    stmt = page_statement(owner=CALLER, group_id=None, status=status, before_id=before_id, limit=21)
    for kind, nodes in (await plans(scale_app.runtime.services[SERVICE].db, stmt)).items():
        assert_stays_on_indexes(nodes, kind)
        assert index_names(nodes) == {"ix_training_sessions_user"}, (kind, nodes)
        assert "Sort" not in [n["Node Type"] for n in nodes], kind
