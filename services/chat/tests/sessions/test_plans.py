"""Session-list plans at realistic size (issue 13): every filter stays on an index led
by the owner, whatever the other four users hold. Deterministic, no timings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.chat.sessions import repository
from sessionhub.chat.sessions.repository import ChatSessionFilters

from ..conftest import ChatApi
from ..plans import check_tenant_narrowed, nodes, plan_of


async def list_plan(api: ChatApi, filters: ChatSessionFilters) -> set[str]:
    async def run(db: AsyncSession) -> object:
        return await repository.list_sessions(
            db, "alice", datetime.now(UTC), filters, after=None, limit=21
        )

    async with api.ctx.db.session() as db:
        return check_tenant_narrowed(await plan_of(db, run))


class TestSessionListPlans:
    @pytest.mark.parametrize(
        ("filters", "index"),
        [
            (ChatSessionFilters(), "ix_chat_sessions_activity"),
            (ChatSessionFilters(tag="personal"), "ix_chat_session_tags_page"),
            (ChatSessionFilters(tag="rare-tag"), "ix_chat_session_tags_page"),
            (ChatSessionFilters(tag="work"), "ix_chat_session_tags_page"),
            (ChatSessionFilters(helper="nurse-helper"), "ix_chat_sessions_helper"),
            (ChatSessionFilters(project_id="p-7"), "ix_chat_sessions_project_id"),
            (ChatSessionFilters(archived=True), "ix_chat_sessions_archived"),
        ],
    )
    async def test_each_filter_has_its_index(
        self, planned: ChatApi, filters: ChatSessionFilters, index: str
    ) -> None:
        assert index in await list_plan(planned, filters)

    async def test_common_filters_stay_within_the_owner(self, planned: ChatApi) -> None:
        for filters in (
            ChatSessionFilters(archived=False),
            ChatSessionFilters(pinned=False),
            ChatSessionFilters(tag="personal"),
            ChatSessionFilters(archived=False, tag="personal", project_id="p-3"),
        ):
            await list_plan(planned, filters)

    @pytest.mark.parametrize("tag", ["personal", "rare-tag", "work"])
    async def test_a_tagged_page_reads_only_its_entries(self, planned: ChatApi, tag: str) -> None:
        """Common (30%), rare (0.5%) or absent, a tag's first page reads at most a page of
        index entries: its cost follows the page, not the owner's sessions."""

        async def run(db: AsyncSession) -> object:
            return await repository.list_sessions(
                db, "alice", datetime.now(UTC), ChatSessionFilters(tag=tag), after=None, limit=21
            )

        async with planned.ctx.db.session() as db:
            plan = await plan_of(db, run, analyze=True)
        scans = [n for n in nodes(plan) if n.get("Index Name") == "ix_chat_session_tags_page"]
        assert len(scans) == 1, plan
        assert scans[0]["Node Type"] in ("Index Scan", "Index Only Scan"), plan
        assert scans[0]["Actual Rows"] <= 21, plan
        assert not any(n["Node Type"] in ("Sort", "Bitmap Heap Scan") for n in nodes(plan)), plan
