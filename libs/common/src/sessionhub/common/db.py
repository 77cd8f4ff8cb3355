"""Async SQLModel/SQLAlchemy on asyncpg: one schema per service, unit-of-work sessions."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import asyncpg
import structlog
from fastapi import Depends, Request
from sqlalchemy import Connection, text
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as SAAsyncSession
from sqlmodel.ext.asyncio.session import AsyncSession

# Re-exported: callers import the DSN helpers from db, where they used to live.
from sessionhub.common.dsn import async_url
from sessionhub.common.dsn import asyncpg_dsn as asyncpg_dsn
from sessionhub.common.errors import NotFound
from sessionhub.common.logsafety import plain_traceback

if TYPE_CHECKING:
    from alembic.config import Config

    from sessionhub.common.auth import User

T = TypeVar("T")

log = structlog.get_logger()

_AFTER_COMMIT = "sessionhub.after_commit"
_RAN_ALONE = "sessionhub.ran_alone"
_DATABASE = "sessionhub.database"

AfterCommit = Callable[[], Any]


def after_commit(db: SAAsyncSession, callback: AfterCommit) -> None:
    """Run ``callback`` (sync, or async and awaited) once ``db``'s transaction commits.

    For effects outside PostgreSQL (Redis tombstones, cache trims, notifications):
    they must not happen for work that rolls back. Works on every unit of work the
    runtime commits: ``session_dep``, ``HandlerContext.transaction()``, a
    ``BatchContext``. Dropped on rollback; a failing hook is logged and cannot undo
    the commit, so hooks must tolerate being lost (the state in PostgreSQL is the truth).
    """
    db.info.setdefault(_AFTER_COMMIT, []).append(callback)


def database_of(db: SAAsyncSession) -> Database | None:
    """The ``Database`` whose unit of work ``db`` is (None for a Session made elsewhere)."""
    return db.info.get(_DATABASE)


async def _run_after_commit(db: AsyncSession) -> None:
    hooks: list[AfterCommit] = db.info.pop(_AFTER_COMMIT, [])
    for hook in hooks:
        try:
            result = hook()
            if inspect.isawaitable(result):
                await result
        except Exception as exc:
            log.error(
                "after_commit_hook_failed",
                hook=getattr(hook, "__qualname__", "?"),
                exception=plain_traceback(exc),
            )


async def execute_last(db: SAAsyncSession, sql: str, *args: Any) -> list[asyncpg.Record]:
    """Run the unit of work's last statement (raw asyncpg SQL, ``$1`` parameters); its rows.

    When it is also the unit's first statement it is sent alone, without BEGIN and
    COMMIT, on a pooled connection held only for its round trip: PostgreSQL runs a
    single statement, data-modifying CTEs, triggers and NOTIFYs included, atomically in
    its own transaction, so the unit costs one round trip instead of three. Write
    everything that must commit together into this one statement (e.g. the row and its
    outbox event as CTEs). When statements ran before it, it joins their transaction
    and commits with the unit as usual.

    Either way the unit of work commits with it: ``after_commit`` hooks still run once
    the unit ends, but nothing after it may write (a read to explain an empty result
    is fine). A second ``execute_last`` after one that ran alone is refused.

    The statement leaves nothing behind on its connection (no ``set_config(…, false)``,
    LISTEN, session advisory lock or cursor): sent alone, it runs on a pool that does
    not reset connections between statements (see ``Database.driver_pool``).
    """
    if db.info.get(_RAN_ALONE):
        raise RuntimeError("execute_last already committed this unit of work")
    if db.in_transaction():
        conn = await db.connection()
        joined: asyncpg.Connection = (await conn.get_raw_connection()).driver_connection
        # SQLAlchemy sends BEGIN lazily, with its first statement: a Session that holds
        # a connection but ran nothing yet has no transaction on the server to join.
        if not joined.is_in_transaction():
            db.info[_RAN_ALONE] = True
        return await _fetch(joined, sql, args)
    database = database_of(db)
    if database is None:
        raise RuntimeError("execute_last runs in a unit of work from Database.session()")
    db.info[_RAN_ALONE] = True
    return await database.fetch(sql, *args)


def _json_decode(data: bytes) -> Any:
    return json.loads(data.decode())


def _jsonb_encode(text: str) -> bytes:
    return b"\x01" + text.encode()  # jsonb's binary format: a version byte, then the text


def _jsonb_decode(data: bytes) -> Any:
    return json.loads(data[1:].decode())


async def _json_codecs(driver: asyncpg.Connection) -> None:
    """The codecs SQLAlchemy's asyncpg dialect gives its connections (JSON text in, Python
    values out), so that a statement reads and binds the same from either pool."""
    await driver.set_type_codec(
        "json", encoder=str.encode, decoder=_json_decode, schema="pg_catalog", format="binary"
    )
    await driver.set_type_codec(
        "jsonb", encoder=_jsonb_encode, decoder=_jsonb_decode, schema="pg_catalog", format="binary"
    )


async def _nothing_to_reset(driver: asyncpg.Connection) -> None:
    """The driver pool's connections run one statement at a time, outside any transaction,
    and never SET, LISTEN, lock or open a cursor: asyncpg's default reset (a round trip of
    RESET ALL and friends on every release) would undo nothing. A connection the server
    dropped needs no reset to be found out either: asyncpg closes it when the socket does,
    and the pool opens a new one on the next acquire."""


async def _fetch(driver: asyncpg.Connection, sql: str, args: tuple[Any, ...]) -> list[Any]:
    try:
        return await driver.fetch(sql, *args)
    except asyncpg.PostgresError as exc:
        # What SQLAlchemy raises for any other statement, so callers catch one type.
        raise DBAPIError.instance(sql, args, exc, asyncpg.PostgresError) from exc


class UnitOfWork:
    """``async with database.session() as session``: the session, committed when the block
    succeeds and rolled back otherwise, its ``after_commit`` hooks run after the commit.

    A class rather than a generator-based context manager: request dependencies enter
    and exit it directly (``session_dep``), once per request.
    """

    __slots__ = ("_database", "_session")

    def __init__(self, database: Database) -> None:
        self._database = database

    async def __aenter__(self) -> AsyncSession:
        database = self._database
        session = database._sessions()
        session.info["source"] = database.source
        session.info[_DATABASE] = database
        self._session = session
        return session

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: Any
    ) -> None:
        session = self._session
        try:
            if exc_type is not None:
                session.info.pop(_AFTER_COMMIT, None)
                await session.rollback()
                return
            try:
                # A unit that never reached the database (or whose one statement ran
                # alone, execute_last) has nothing to commit: committing would begin
                # and end an empty transaction object.
                if session.in_transaction() or session.new or session.dirty or session.deleted:
                    await session.commit()
            except BaseException:
                session.info.pop(_AFTER_COMMIT, None)
                await session.rollback()
                raise
            await _run_after_commit(session)
        finally:
            # Closing costs a task and a greenlet hop: only a unit still in a transaction
            # (its connection to give back) or holding rows has anything to close. Shielded,
            # as SQLAlchemy's own exit does, so a cancelled request still returns its
            # connection.
            if session.in_transaction() or session.identity_map:
                await asyncio.shield(session.close())


class Database:
    """A service's view of PostgreSQL: its own schema first on the search path."""

    def __init__(
        self,
        url: str,
        schema: str,
        *,
        source: str,
        pool_size: int = 10,
        driver_pool_size: int | None = None,
    ) -> None:
        self.url = url
        self.schema = schema
        self.source = source
        self.pool_size = pool_size
        self.driver_pool_size = driver_pool_size or pool_size
        self._pool: asyncpg.Pool | None = None
        self._pool_lock = asyncio.Lock()
        self.engine: AsyncEngine = create_async_engine(
            async_url(url),
            # pool_size here and driver_pool_size in the driver pool: the ceiling
            # of pool_size + pool_size overflow, but kept: an overflow connection is closed
            # on return, so under load every request past the pool paid a new connection
            # (TLS probe, type introspection, statements prepared again), a fifth of a
            # create's CPU.
            pool_size=pool_size,
            max_overflow=0,
            # No pre-ping: it costs round trips on every checkout of the hot path, and
            # SQLAlchemy already invalidates the pool on the first disconnect error.
            pool_recycle=1800,
            connect_args={"server_settings": self.server_settings},
        )
        self._sessions = async_sessionmaker(
            self.engine, class_=AsyncSession, expire_on_commit=False
        )
        # BEGIN READ ONLY costs what BEGIN costs (asyncpg sends it either way), and turns a
        # write that read_session() would silently roll back into an error.
        self._reads = async_sessionmaker(
            self.engine.execution_options(postgresql_readonly=True),
            class_=AsyncSession,
            expire_on_commit=False,
        )

    def session(self) -> UnitOfWork:
        """A unit of work: commits when the block succeeds, rolls back otherwise.

        Keep slow calls (an LLM, another service) out of it: the connection is held
        from the first statement to the commit. See ``read_session``.
        """
        return UnitOfWork(self)

    @asynccontextmanager
    async def read_session(self) -> AsyncIterator[AsyncSession]:
        """A short read-only unit (``BEGIN READ ONLY``; it never commits, and a write in
        it is an error): the connection goes back to the pool when the block ends.

        Work that waits on something slow takes three steps, so that no connection
        waits with it: read what the call needs here, make the call outside any unit,
        then write the outcome (and its outbox row) in one ``session()`` — which checks
        again what may have changed meanwhile (a row locked or filtered by state).
        """
        async with self._reads() as session:
            session.info["source"] = self.source
            yield session

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def migrate(self, script_location: str) -> None:
        """Bring the schema to the newest Alembic revision; safe from many replicas at once."""
        from alembic.config import Config  # Alembic is only needed to migrate

        cfg = Config()
        cfg.set_main_option("script_location", script_location)
        cfg.attributes["schema"] = self.schema
        async with self.engine.begin() as conn:
            await conn.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:s))"), {"s": self.schema}
            )
            await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'))
            await conn.run_sync(_upgrade, cfg)

    async def drop_schema(self) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))

    @property
    def server_settings(self) -> dict[str, str]:
        """What every connection of this service sets: its own schema first."""
        return {"search_path": f'"{self.schema}",public'}

    async def connect(self) -> asyncpg.Connection:
        """A raw asyncpg connection of its own, outside both pools (the outbox relay's)."""
        return await asyncpg.connect(asyncpg_dsn(self.url), server_settings=self.server_settings)

    async def driver_pool(self) -> asyncpg.Pool:
        """asyncpg's own pool, opened on first use, for the statements ``execute_last``
        sends alone: SQLAlchemy's pool costs a greenlet hop to check a connection out and
        another to return it, for a statement that needs neither a Session nor a
        transaction."""
        if self._pool is None:
            async with self._pool_lock:
                if self._pool is None:
                    self._pool = await asyncpg.create_pool(
                        asyncpg_dsn(self.url),
                        min_size=0,
                        max_size=self.driver_pool_size,
                        server_settings=self.server_settings,
                        reset=_nothing_to_reset,
                        init=_json_codecs,
                    )
        return self._pool

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        """The rows of one statement (raw asyncpg SQL, ``$1`` parameters) sent alone on the
        driver pool, atomic on its own: ``execute_last`` for a request that needs no unit
        of work at all, so it makes no Session. Straight from the driver's pool: no
        transaction to begin, commit and close, and no greenlet hop for the checkout and
        the return."""
        async with (await self.driver_pool()).acquire() as driver:
            return await _fetch(driver, sql, args)

    async def notify(self, channel: str) -> None:
        """``NOTIFY channel`` in a transaction of its own (LISTENers in other processes)."""
        await (await self.driver_pool()).execute("SELECT pg_notify($1, '')", channel)

    async def dispose(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()
        await self.engine.dispose()


def _upgrade(connection: Connection, cfg: Config) -> None:
    from alembic import command

    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")


def run_migrations_env() -> None:
    """Body of every service's Alembic ``env.py``: run inside the caller's connection."""
    from alembic import context

    config = context.config
    connection: Any = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=None,
        version_table_schema=config.attributes["schema"],
    )
    with context.begin_transaction():
        context.run_migrations()


_INT_RANGES = {
    "SMALLINT": 2**15,
    "INTEGER": 2**31,
    "BIGINT": 2**63,
}
# PostgreSQL's integer: a client's number bound for such a column is checked against it
# first (a 422), or the driver refuses it mid-request (a 500).
INT4_MAX = _INT_RANGES["INTEGER"] - 1


def _fits(model: type[Any], ident: Any) -> bool:
    """Whether ``ident`` can be compared with ``model``'s key without a database error.

    A path parameter typed ``int`` accepts 2**70; PostgreSQL would answer that with an
    error (a 500), where the truth is simply "no such row".
    """
    keys = sa_inspect(model).primary_key
    if len(keys) != 1 or type(ident) is not int:
        return True
    bound = _INT_RANGES.get(keys[0].type.compile(dialect=postgresql.dialect()))
    return bound is None or -bound <= ident < bound


async def load_or_404(
    db: AsyncSession,
    model: type[T],
    ident: Any,
    *,
    user: User | None = None,
    owner: str = "user_id",
    kind: str | None = None,
    for_update: bool = False,
) -> T:
    """The row of ``model`` with primary key ``ident``, or a 404 problem.

    With ``user``, a row whose ``owner`` attribute is another user's is a 404 too (ids
    reveal nothing), except for admins. ``for_update`` locks the row for the rest of
    the unit of work. ``kind`` names the resource in the message (default: the class).
    """
    name = kind or model.__name__
    if not _fits(model, ident):
        raise NotFound.resource(name, ident)
    row = await db.get(model, ident, with_for_update=for_update or None)
    if row is None:
        raise NotFound.resource(name, ident)
    if user is not None:
        from sessionhub.common.auth import ensure_visible  # the CLI imports db without auth

        ensure_visible(getattr(row, owner), user, kind=name, ident=ident)
    return row


def _session_dependency(service: str) -> Any:
    async def dependency(request: Request) -> AsyncSession:
        db: Database = request.app.state.runtime.services[service].db
        unit = db.session()
        session = await unit.__aenter__()
        # The exit stack FastAPI closes when the endpoint returns, before the response is
        # sent: what a ``yield`` dependency with scope="function" gets, without the
        # generator, the cancel scope and the three context managers FastAPI wraps
        # around one (a tenth of an append's CPU). An endpoint's exception reaches the
        # unit's exit, which rolls back.
        stack: AsyncExitStack = request.scope["fastapi_function_astack"]
        stack.push_async_exit(unit)
        return session

    return dependency


def session_dep(service: str) -> Any:
    """``Annotated`` alias for a request-scoped unit of work of ``service``.

    It commits before the response is sent, so a client that got a 2xx can read its
    own write from any replica.
    """
    return Annotated[AsyncSession, Depends(_session_dependency(service))]
