"""The persister and the no-loss promises: a message acknowledged to the client survives a
persister killed mid-batch, a lost Redis, and redelivery — without duplicates."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
from sqlalchemy import text

from sessionhub.common.config import Settings
from sessionhub.common.db import asyncpg_dsn
from sessionhub.common.events.bus import DeadLetter, OutgoingMessage
from sessionhub.common.events.catalog.chat import ChatMessagePostedV1
from sessionhub.common.events.envelope import Envelope
from sessionhub.common.service import queue_name
from sessionhub.testing.plugin import isolated_settings, tenant_env, wait_until

from ..conftest import AppFactory, ChatApi


@asynccontextmanager
async def session_row_locked(settings: Settings, session_id: str) -> AsyncIterator[None]:
    """Hold the session row: a persister reaching it blocks mid-batch until released."""
    assert settings.database_url
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        transaction = conn.transaction()
        await transaction.start()
        await conn.execute(
            f'SELECT 1 FROM "{settings.db_schema_prefix}chat".chat_sessions '
            "WHERE id = $1 FOR UPDATE",
            uuid.UUID(session_id),
        )
        yield
        await transaction.rollback()
    finally:
        await conn.close()


async def persister_blocked(settings: Settings) -> bool:
    assert settings.database_url
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        waiting = await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND query ILIKE '%chat_sessions%'"
        )
        return bool(waiting)
    finally:
        await conn.close()


@asynccontextmanager
async def worker_process(settings: Settings) -> AsyncIterator[asyncio.subprocess.Process]:
    """``sessionhub worker chat`` in its own process, for this test's tenant."""
    env = tenant_env(settings, SESSIONHUB_LOG_LEVEL="INFO", SESSIONHUB_LOG_FORMAT="console")
    command = Path(sys.executable).parent / "sessionhub"
    process = await asyncio.create_subprocess_exec(
        str(command),
        "worker",
        "chat",
        "--metrics-port",
        "0",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stderr is not None
        async with asyncio.timeout(60):
            while b"worker_ready" not in (line := await process.stderr.readline()):
                assert line, "the worker exited before it was ready"
        # Keep draining its logs so the pipe never fills up and stalls it.
        drain = asyncio.create_task(process.stderr.read())
        yield process
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()
        with contextlib.suppress(Exception):
            drain.cancel()


class TestPersisterKilledMidBatch:
    async def test_a_fresh_persister_stores_everything_once(
        self, chat_app: AppFactory, bus_kind: str
    ) -> None:
        settings = isolated_settings(rabbit=bus_kind == "rabbit")
        async with chat_app(settings, consumers=False, keep=True) as api:
            session = await api.create(title="No loss")
            sid = session["id"]
            async with worker_process(settings) as worker:
                async with session_row_locked(settings, sid):
                    for i in range(20):
                        await api.say(sid, f"message {i}", respond=False)
                    await wait_until(
                        lambda: persister_blocked(settings), message="the persister mid-batch"
                    )
                    worker.send_signal(signal.SIGKILL)
                    await worker.wait()
                assert await api.stored(sid) == []

        # A new persister replica takes over the redelivered batch.
        async with chat_app(settings) as api:
            rows = await api.wait_stored(sid, 20)
            assert [content for _, _, content in rows] == [f"message {i}" for i in range(20)]
            assert [seq for seq, _, _ in rows] == list(range(1, 21))
            session = await api.wait_count(sid, 20)
            assert session["last_message_preview"] == "message 19"
            assert len(await api.history(sid)) == 20


class TestRedisLoss:
    async def test_acknowledged_messages_are_read_back_once_persisted(
        self, chat_app: AppFactory, bus_kind: str
    ) -> None:
        settings = isolated_settings(rabbit=bus_kind == "rabbit")
        async with chat_app(settings) as api:
            session = await api.create(title="Redis goes away")
            sid = session["id"]
            async with session_row_locked(settings, sid):
                for i in range(5):
                    await api.say(sid, f"before {i}", respond=False)
                assert len(await api.history(sid)) == 5  # from the tail only
                await flush_tenant(api)
                after = await api.say(sid, "after the loss", respond=False)
                # The counter restarts past anything that may still be in flight.
                assert after["message"]["seq"] > 5
            rows = await api.wait_stored(sid, 6)
            assert [content for _, _, content in rows] == [
                *(f"before {i}" for i in range(5)),
                "after the loss",
            ]
            history = await api.history(sid)
            assert [m["content"] for m in history] == [content for _, _, content in rows]
            assert len({m["id"] for m in history}) == 6
            assert (await api.wait_count(sid, 6))["last_message_preview"] == "after the loss"


async def flush_tenant(api: ChatApi) -> None:
    redis = api.ctx.redis
    keys = [k async for k in redis.scan_iter(match=f"{api.app.settings.redis_prefix}*")]
    if keys:
        await redis.delete(*keys)


class TestRedelivery:
    async def test_the_same_event_twice_changes_nothing(self, api: ChatApi) -> None:
        session = await api.create()
        posted = await api.say(session["id"], "just once", respond=False)
        await api.wait_count(session["id"], 1)
        # The very same event again, as a broker redelivers after a lost ack.
        message = posted["message"]
        event = ChatMessagePostedV1(
            message_id=message["id"],
            session_id=message["session_id"],
            user_id="alice",
            seq=message["seq"],
            role="user",
            content=message["content"],
            created_at=message["created_at"],
        )
        envelope = Envelope.wrap(event, source="chat")
        async with (await api.ctx.db.driver_pool()).acquire() as conn:
            await api.ctx.bus.publish(
                conn, [OutgoingMessage(envelope.id, envelope.type, envelope.to_bytes())]
            )
        marker = await api.say(session["id"], "marker", respond=False)
        rows = await api.wait_stored(session["id"], 2)
        assert [content for _, _, content in rows] == ["just once", "marker"]
        assert (await api.wait_count(session["id"], 2))["message_count"] == 2
        assert marker["message"]["seq"] == 2


class TestPoisonInPersisterBatch:
    async def test_a_poison_event_is_dead_lettered_alone_with_its_reason(
        self, chat_app: AppFactory, bus_kind: str
    ) -> None:
        settings = isolated_settings(rabbit=bus_kind == "rabbit")
        async with chat_app(settings) as api:
            users = ["alice", "bob", "carol"]
            sessions = {user: (await api.as_user(user).create())["id"] for user in users}
            events = [
                ChatMessagePostedV1(
                    message_id=uuid.uuid4(),
                    session_id=sessions[user],
                    user_id=user,
                    seq=i + 1,
                    role="user",
                    # Past the API's checks (as from an older producer): NUL in one text.
                    content="poison \x00" if (user, i) == ("bob", 3) else f"{user} {i}",
                    created_at=datetime.now(UTC),
                )
                for user in users
                for i in range(8)
            ]
            outgoing = []
            poison_id = None
            for event in events:
                envelope = Envelope.wrap(event, source="chat")
                outgoing.append(OutgoingMessage(envelope.id, envelope.type, envelope.to_bytes()))
                if "\x00" in event.content:
                    poison_id = envelope.id
            # One publish: the persister receives them together, as one batch.
            async with (await api.ctx.db.driver_pool()).acquire() as conn:
                await api.ctx.bus.publish(conn, outgoing)

            for user in users:
                expected = 7 if user == "bob" else 8
                rows = await api.as_user(user).wait_stored(sessions[user], expected)
                assert len(rows) == expected
                assert all("\x00" not in content for _, _, content in rows)
                assert (await api.as_user(user).wait_count(sessions[user], expected))[
                    "message_count"
                ] == expected

            queue = queue_name(settings, "chat", "persister")

            async def dead() -> list[DeadLetter] | None:
                letters = await api.ctx.bus.dlq_list(queue)
                return letters or None

            (letter,) = await wait_until(dead, timeout_s=30, message="the poison dead-lettered")
            assert letter.event_id == poison_id
            assert letter.error is not None
            assert "0x00" in letter.error


class TestEventSubjects:
    async def test_chat_events_carry_the_chat_session_subject(self, chat_app: AppFactory) -> None:
        async with chat_app(consumers=False) as api:
            session = await api.create()
            await api.say(session["id"], "subject check", respond=False)
            prefix = api.app.settings.db_schema_prefix
            async with api.ctx.db.engine.connect() as conn:
                created = (await conn.execute(text("SELECT body FROM outbox"))).scalars().all()
                posted = (
                    (
                        await conn.execute(
                            text(f'SELECT body FROM "{prefix}sessionhub_bus".deliveries')
                        )
                    )
                    .scalars()
                    .all()
                )
            subjects = {
                json.loads(body)["type"]: json.loads(body)["subject"]
                for body in [*created, *posted]
            }
            expected = f"chat-session/{session['id']}"
            assert subjects == {
                "chat.session.created": expected,
                "chat.message.posted": expected,
            }
