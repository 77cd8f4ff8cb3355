"""The unit of work and its after-commit hooks, on the real PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Field, SQLModel
from structlog.testing import capture_logs

from sessionhub.common.auth import Role, User
from sessionhub.common.db import Database, after_commit, execute_last, load_or_404
from sessionhub.common.errors import NotFound
from sessionhub.common.events.consumer import HandlerContext
from sessionhub.common.events.outbox import inbox_table
from sessionhub.testing.plugin import DATABASE_URL, wait_until


class Owned(SQLModel, table=True):
    __tablename__ = "owned_rows"
    id: int | None = Field(default=None, primary_key=True)
    user_id: str


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    database = Database(DATABASE_URL, f"t{uuid.uuid4().hex[:10]}_uow", source="test")
    async with database.engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{database.schema}"'))
        await conn.execute(text(f'CREATE TABLE "{database.schema}".rows (note text)'))
        await conn.run_sync(inbox_table.create)
        await conn.run_sync(Owned.__table__.create)  # type: ignore[attr-defined]
    try:
        yield database
    finally:
        await database.drop_schema()
        await database.dispose()


async def _count(database: Database) -> int:
    async with database.read_session() as s:
        return int((await s.execute(text("SELECT count(*) FROM rows"))).scalar_one())


class TestAfterCommit:
    async def test_runs_after_the_commit_and_sees_it(self, db: Database) -> None:
        seen: list[Any] = []

        async def hook() -> None:
            # A fresh connection sees the row: the transaction has committed.
            seen.append(await _count(db))

        async with db.session() as s:
            await s.execute(text("INSERT INTO rows VALUES ('a')"))
            after_commit(s, hook)
            after_commit(s, lambda: seen.append("sync"))
            assert seen == []
        assert seen == [1, "sync"]

    async def test_dropped_on_rollback(self, db: Database) -> None:
        seen: list[str] = []
        with pytest.raises(RuntimeError):
            async with db.session() as s:
                await s.execute(text("INSERT INTO rows VALUES ('a')"))
                after_commit(s, lambda: seen.append("ran"))
                raise RuntimeError("rolled back")
        assert seen == []
        assert await _count(db) == 0

    async def test_dropped_when_the_commit_fails(self, db: Database) -> None:
        async with db.engine.begin() as conn:
            await conn.execute(
                text(
                    "ALTER TABLE rows ADD CONSTRAINT one_note UNIQUE (note) "
                    "DEFERRABLE INITIALLY DEFERRED"
                )
            )
        seen: list[str] = []
        with pytest.raises(Exception, match="one_note"):
            async with db.session() as s:
                await s.execute(text("INSERT INTO rows VALUES ('a'), ('a')"))
                after_commit(s, lambda: seen.append("ran"))
        assert seen == []

    async def test_a_failing_hook_is_logged_and_keeps_the_commit(self, db: Database) -> None:
        seen: list[str] = []

        async def broken() -> None:
            raise ValueError("hook broke")

        with capture_logs() as logs:
            async with db.session() as s:
                await s.execute(text("INSERT INTO rows VALUES ('a')"))
                after_commit(s, broken)
                after_commit(s, lambda: seen.append("next"))
        assert await _count(db) == 1
        assert seen == ["next"]
        assert [e["event"] for e in logs] == ["after_commit_hook_failed"]

    async def test_each_unit_of_work_runs_only_its_own_hooks(self, db: Database) -> None:
        seen: list[int] = []
        for i in range(2):
            async with db.session() as s:
                after_commit(s, lambda i=i: seen.append(i))
        assert seen == [0, 1]

    async def test_handler_transaction_runs_hooks_after_its_inbox_commit(
        self, db: Database
    ) -> None:
        seen: list[int] = []

        async def hook() -> None:
            seen.append(await _count(db))

        ctx = HandlerContext(cast(Any, SimpleNamespace(db=db)), "q", uuid.uuid4())
        async with ctx.transaction() as s:
            await s.execute(text("INSERT INTO rows VALUES ('a')"))
            after_commit(s, hook)
        assert seen == [1]


async def _in_transaction(db: Any) -> bool:
    raw = await (await db.connection()).get_raw_connection()
    return bool(raw.driver_connection.is_in_transaction())


class TestExecuteLast:
    async def test_alone_it_commits_without_a_transaction_and_runs_the_hooks(
        self, db: Database
    ) -> None:
        seen: list[Any] = []

        async def hook() -> None:
            seen.append(await _count(db))

        async with db.session() as s:
            rows = await execute_last(s, "INSERT INTO rows VALUES ($1) RETURNING note", "a")
            # Sent alone: committed already, before the unit of work ends.
            assert await _count(db) == 1
            after_commit(s, hook)
        assert [r["note"] for r in rows] == ["a"]
        assert seen == [1]

    async def test_after_other_statements_it_joins_their_transaction(self, db: Database) -> None:
        with pytest.raises(RuntimeError):
            async with db.session() as s:
                await s.execute(text("INSERT INTO rows VALUES ('a')"))
                await execute_last(s, "INSERT INTO rows VALUES ($1)", "b")
                assert await _in_transaction(s)
                raise RuntimeError("rolled back")
        assert await _count(db) == 0

    async def test_a_session_holding_a_connection_but_no_transaction_runs_it_alone(
        self, db: Database
    ) -> None:
        async with db.session() as s:
            await s.connection()
            await execute_last(s, "INSERT INTO rows VALUES ($1)", "a")
            assert await _count(db) == 1
            with pytest.raises(RuntimeError, match="already committed"):
                await execute_last(s, "INSERT INTO rows VALUES ($1)", "b")

    async def test_a_second_one_after_one_ran_alone_is_refused(self, db: Database) -> None:
        async with db.session() as s:
            await execute_last(s, "INSERT INTO rows VALUES ($1)", "a")
            with pytest.raises(RuntimeError, match="already committed"):
                await execute_last(s, "INSERT INTO rows VALUES ($1)", "b")
        assert await _count(db) == 1

    async def test_a_database_error_is_sqlalchemys_and_stores_nothing(self, db: Database) -> None:
        with pytest.raises(DBAPIError):
            async with db.session() as s:
                await execute_last(s, "WITH a AS (INSERT INTO rows VALUES ('a')) SELECT 1 / $1", 0)
        assert await _count(db) == 0

    async def test_alone_it_leaves_no_connection_out_and_stays_within_the_ceiling(
        self, db: Database
    ) -> None:
        async def unit(note: str) -> None:
            async with db.session() as s:
                await execute_last(s, "INSERT INTO rows VALUES ($1)", note)

        await asyncio.gather(*(unit(str(n)) for n in range(3 * db.driver_pool_size)))
        pool = await db.driver_pool()
        assert await _count(db) == 3 * db.driver_pool_size
        assert pool.get_size() <= db.driver_pool_size
        assert pool.get_idle_size() == pool.get_size()
        assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]

    async def test_alone_it_has_its_own_ceiling_above_the_sessions_pool(self) -> None:
        # Sized for the request concurrency, not SQLAlchemy's pool: asyncpg's queue lets
        # a late statement overtake a woken waiter, so a pool smaller than the load puts
        # the wait, and its unfair tail, in front of PostgreSQL.
        database = Database(
            DATABASE_URL,
            f"t{uuid.uuid4().hex[:10]}_uow",
            source="test",
            pool_size=2,
            driver_pool_size=6,
        )
        try:

            async def held() -> None:
                async with database.session() as s:
                    await execute_last(s, "SELECT pg_sleep(0.3)")

            await asyncio.gather(*(held() for _ in range(6)))
            pool = await database.driver_pool()
            assert pool.get_max_size() == 6
            assert pool.get_size() == 6
        finally:
            await database.dispose()

    async def test_alone_it_recovers_from_a_connection_the_server_dropped(
        self, db: Database
    ) -> None:
        async with db.session() as s:
            [row] = await execute_last(s, "SELECT pg_backend_pid() AS pid")
        async with db.engine.connect() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": row["pid"]})

        async def inserted() -> bool:
            try:
                async with db.session() as s:
                    await execute_last(s, "INSERT INTO rows VALUES ($1)", "after")
            except Exception:
                return False  # the dead connection, met before the pool noticed it
            return True

        await wait_until(inserted, timeout_s=10, message="a statement after the kill")
        assert await _count(db) == 1
        # and the pool keeps no broken connection: every one of them works again
        pool = await db.driver_pool()
        async with asyncio.timeout(10):
            pids = await asyncio.gather(*(pool.fetchval("SELECT 1") for _ in range(8)))
        assert pids == [1] * 8

    async def test_json_reads_and_binds_alike_alone_and_joined(self, db: Database) -> None:
        sql = "SELECT $1::jsonb AS b, $2::json AS j, '[1, {\"a\": null}]'::jsonb AS lit"
        async with db.session() as s:
            [alone] = await execute_last(s, sql, '{"x": [1, 2]}', '"text"')
        with pytest.raises(RuntimeError):
            async with db.session() as s:
                await s.execute(text("SELECT 1"))
                [joined] = await execute_last(s, sql, '{"x": [1, 2]}', '"text"')
                raise RuntimeError("rolled back")
        assert (
            dict(alone)
            == dict(joined)
            == {"b": {"x": [1, 2]}, "j": "text", "lit": [1, {"a": None}]}
        )

    async def test_outside_a_unit_of_work_it_is_refused(self, db: Database) -> None:
        async with db.read_session() as s:
            with pytest.raises(RuntimeError, match="unit of work"):
                await execute_last(s, "INSERT INTO rows VALUES ($1)", "a")
        assert await _count(db) == 0


class TestUnitEnd:
    async def test_rows_it_loaded_are_detached_when_it_ends(self, db: Database) -> None:
        async with db.session() as s:
            s.add(Owned(user_id="u1"))
        async with db.session() as s:
            row = (await s.execute(text("SELECT id FROM owned_rows"))).scalar_one()
            loaded = await load_or_404(s, Owned, row)
            assert loaded in s
        assert loaded not in s
        assert len(s.identity_map) == 0

    async def test_a_cancelled_unit_gives_its_connection_back(self, db: Database) -> None:
        inside = asyncio.Event()

        async def unit() -> None:
            async with db.session() as s:
                await s.execute(text("INSERT INTO rows VALUES ('a')"))
                inside.set()
                await asyncio.Event().wait()  # until cancelled, in its transaction

        task = asyncio.create_task(unit())
        await asyncio.wait_for(inside.wait(), 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

        async def returned() -> bool:
            return db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]

        await wait_until(returned, timeout_s=10, message="the connection back in the pool")
        assert await _count(db) == 0


class TestReadSession:
    async def test_a_write_is_an_error_not_a_silent_rollback(self, db: Database) -> None:
        with pytest.raises(DBAPIError, match="read-only transaction"):
            async with db.read_session() as s:
                await s.execute(text("INSERT INTO rows VALUES ('a')"))
        assert await _count(db) == 0

    async def test_its_connection_goes_back_to_the_pool_writable(self, db: Database) -> None:
        probe = text("SELECT pg_backend_pid(), current_setting('transaction_read_only')")

        async with db.read_session() as s:
            reader, read_only = (await s.execute(probe)).one()
        async with db.session() as s:
            writer, writable = (await s.execute(probe)).one()
            await s.execute(text("INSERT INTO rows VALUES ('a')"))
        assert (read_only, writable) == ("on", "off")
        assert writer == reader  # the pooled connection the read used, reset
        assert await _count(db) == 1


class TestLoadOr404:
    async def test_missing_foreign_and_out_of_range_rows_are_404(self, db: Database) -> None:
        alice, bob = User("alice", Role.trainee), User("bob", Role.trainee)
        async with db.session() as s:
            row = Owned(user_id="alice")
            s.add(row)
            await s.flush()
            assert row.id is not None
            assert (await load_or_404(s, Owned, row.id, user=alice)).user_id == "alice"
            assert await load_or_404(s, Owned, row.id, user=User("root", Role.admin))
            assert await load_or_404(s, Owned, row.id, user=alice, for_update=True)
            for ident, who in [
                (row.id, bob),
                (row.id + 1, alice),
                (2**70, alice),
                (-(2**63) - 1, None),
            ]:
                with pytest.raises(NotFound, match="Owned"):
                    await load_or_404(s, Owned, ident, user=who)
            # The unit of work is still usable: nothing above reached PostgreSQL as an error.
            assert await load_or_404(s, Owned, row.id, kind="Row")
