"""The write path: seqs, durable publish, tail — and its recovery from a dropped link."""

from __future__ import annotations

import asyncio

import asyncpg

from sessionhub.common.db import asyncpg_dsn

from ..conftest import ChatApi


class TestSeqs:
    async def test_concurrent_posts_get_distinct_increasing_seqs(self, api: ChatApi) -> None:
        session = await api.create()
        posted = await asyncio.gather(
            *(api.say(session["id"], f"burst {i}", respond=False) for i in range(20))
        )
        seqs = sorted(p["message"]["seq"] for p in posted)
        assert seqs == list(range(1, 21))
        rows = await api.wait_stored(session["id"], 20)
        assert [seq for seq, _, _ in rows] == seqs


class TestPublisherConnection:
    async def test_a_database_connection_dropped_while_idle_is_replaced(self, api: ChatApi) -> None:
        session = await api.create()
        await api.say(session["id"], "before", respond=False)
        settings = api.app.settings
        assert settings.database_url
        conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
        try:
            killed = await conn.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE application_name = $1",
                f"chat-ingest:{settings.db_schema_prefix}chat",
            )
        finally:
            await conn.close()
        assert killed >= 1
        after = await api.post(session["id"], "after", respond=False)
        assert after.status_code == 201, after.text
        rows = await api.wait_stored(session["id"], 2)
        assert [content for _, _, content in rows] == ["before", "after"]
