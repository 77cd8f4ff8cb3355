"""Search plans at realistic size (issue 13): the exact statement the repository sends,
explained (and run, to see which steps ran) with five users of 20,000 messages each.
Deterministic, no timings."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.chat.search import repository

from ..conftest import ChatApi
from ..plans import RARE, check_tenant_narrowed, executed_indexes, plans_of


async def search_plan(api: ChatApi, q: str) -> set[str]:
    """The indexes the search for ``q`` really scans; every scan of every statement it
    sends (run or not) is narrowed to the owner."""

    async def run(db: AsyncSession) -> object:
        return await repository.search(db, "alice", q, datetime.now(UTC), after=None, limit=21)

    used: set[str] = set()
    async with api.ctx.db.session() as db:
        for plan in await plans_of(db, run, analyze=True):
            check_tenant_narrowed(plan)
            used |= executed_indexes(plan)
    return used


class TestSearchPlans:
    async def test_a_common_word_walks_the_owners_newest_messages(self, planned: ChatApi) -> None:
        used = await search_plan(planned, "help")
        assert "ix_chat_messages_owner_recent" in used
        assert "ix_chat_messages_search" not in used
        # No title holds "help": titles go to the owner+term index, not a full walk.
        assert "ix_chat_sessions_search" in used

    async def test_a_rare_word_uses_the_owner_and_term_index(self, planned: ChatApi) -> None:
        used = await search_plan(planned, RARE)
        assert {"ix_chat_messages_search", "ix_chat_sessions_search"} <= used

    async def test_the_result_pages_stay_newest_first(self, planned: ChatApi) -> None:
        async with planned.ctx.db.session() as db:
            search = partial(repository.search, db, "alice", "help", datetime.now(UTC), limit=50)
            first = await search(after=None)
            second = await search(after=(first[-1]["at"], first[-1]["key_id"]))
        keys = [(r["at"], r["key_id"]) for r in [*first, *second]]
        assert keys == sorted(keys, reverse=True)
        assert len(set(keys)) == 100
