"""The write path: seqs, durable publish, tail — and its recovery from a dropped link."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import asyncpg
import httpx

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.common.db import asyncpg_dsn
from sessionhub.common.errors import UnprocessableEntity
from sessionhub.testing.plugin import isolated_settings

from ..conftest import AppFactory, ChatApi


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


class TestPoisonInGroupCommit:
    async def test_one_unstorable_message_fails_alone(
        self, chat_app: AppFactory, bus_kind: str
    ) -> None:
        settings = isolated_settings(rabbit=bus_kind == "rabbit")
        async with chat_app(settings) as api:
            users = ["alice", "bob", "carol", "dave"]
            sessions = {user: (await api.as_user(user).create())["id"] for user in users}
            state = api.ctx.state["chat"]
            poison = ChatMessagePublic(
                id=uuid.uuid4(),
                session_id=uuid.UUID(sessions["bob"]),
                seq=0,
                role="assistant",
                content="half \ud800 a surrogate",
                created_at=datetime.now(UTC),
            )

            async def reseed() -> int:
                return 0

            def draft(user: str, i: int) -> ChatMessagePublic:
                return poison.model_copy(
                    update={
                        "id": uuid.uuid4(),
                        "session_id": uuid.UUID(sessions[user]),
                        "content": f"{user} {i}",
                    }
                )

            async def post(user: str, i: int) -> httpx.Response:
                return await api.as_user(user).post(sessions[user], f"{user} {i}", respond=False)

            # Handed to the write path in one tick, so the poison shares their batch.
            direct = [
                state.ingest.accept(draft(user, i), user_id=user, reseed=reseed)
                for i in range(10, 15)
                for user in users
            ]
            direct.insert(7, state.ingest.accept(poison, user_id="bob", reseed=reseed))
            results = await asyncio.gather(
                *direct,
                *(post(user, i) for i in range(10) for user in users),
                return_exceptions=True,
            )
            refused = results.pop(7)
            assert isinstance(refused, UnprocessableEntity)
            accepted, responses = results[:20], results[20:]
            assert all(isinstance(m, ChatMessagePublic) for m in accepted)
            assert all(isinstance(r, httpx.Response) for r in responses)
            assert [r.status_code for r in responses if isinstance(r, httpx.Response)] == [201] * 40
            # NUL through the API is refused at the boundary, naming the field.
            nul = await api.as_user("carol").post(sessions["carol"], "a \x00 b")
            assert nul.status_code == 422
            assert "content" in nul.text

            for user in users:
                rows = await api.as_user(user).wait_stored(sessions[user], 15)
                assert sorted(content for _, _, content in rows) == sorted(
                    f"{user} {i}" for i in range(15)
                )
                session = await api.as_user(user).wait_count(sessions[user], 15)
                assert session["message_count"] == 15
                # No seq was spent on the refused message.
                assert [seq for seq, _, _ in rows] == list(range(1, 16))
