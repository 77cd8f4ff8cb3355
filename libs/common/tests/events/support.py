"""What the event-backbone tests share: a breakable link to RabbitMQ, vhosts, counters."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

import aio_pika
import asyncpg
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import text
from yarl import URL

from sessionhub.common.config import Settings
from sessionhub.common.db import asyncpg_dsn
from sessionhub.common.runtime import Runtime
from sessionhub.testing.plugin import DATABASE_URL, RABBITMQ_URL, wait_until

T = TypeVar("T")

# Two cores shared with other test runs and a broker that reconnects: be patient.
WAIT_S = 60.0


async def eventually(
    probe: Callable[[], Awaitable[T | None]], *, message: str, timeout_s: float = WAIT_S
) -> T:
    """``wait_until`` with a generous deadline; returns the first truthy value."""
    value = await wait_until(probe, timeout_s=timeout_s, message=message)
    assert value is not None
    return value


async def effects(runtime: Runtime) -> list[tuple[str, str]]:
    async with runtime.services["probe"].db.read_session() as s:
        rows = (await s.execute(text("SELECT event_id::text, note FROM effects ORDER BY id"))).all()
        return [(r[0], r[1]) for r in rows]


async def inbox(runtime: Runtime) -> list[tuple[str, str]]:
    async with runtime.services["probe"].db.read_session() as s:
        rows = (await s.execute(text("SELECT consumer, event_id::text FROM inbox"))).all()
        return [(r[0], r[1]) for r in rows]


async def unpublished(runtime: Runtime) -> int:
    async with runtime.services["probe"].db.read_session() as s:
        query = text("SELECT count(*) FROM outbox WHERE published_at IS NULL")
        return int((await s.execute(query)).scalar_one())


def consumed(queue: str, outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "sessionhub_events_consumed_total", {"queue": queue, "outcome": outcome}
    )
    return value or 0.0


async def waiting(settings: Settings, queue: str) -> int:
    """Deliveries of ``queue`` waiting for a consumer (ready, not handed out)."""
    if settings.rabbitmq_url:
        connection = await aio_pika.connect(settings.rabbitmq_url)
        try:
            channel = await connection.channel()
            declared = await channel.declare_queue(queue, passive=True)
            assert declared.declaration_result.message_count is not None
            return declared.declaration_result.message_count
        finally:
            await connection.close()
    conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
    try:
        count = await conn.fetchval(
            f"""SELECT count(*) FROM "{settings.db_schema_prefix}sessionhub_bus".deliveries
                WHERE queue = $1 AND dead_at IS NULL""",
            queue,
        )
        return int(count)
    finally:
        await conn.close()


class TcpProxy:
    """A TCP forwarder in front of RabbitMQ that a test can cut and restore.

    Cutting closes the listening socket (new connections are refused) and aborts
    every open connection, which is what a broker restart or a network partition
    looks like to the client.
    """

    def __init__(self, target: str = RABBITMQ_URL) -> None:
        self._target = URL(target)
        self._server: asyncio.Server | None = None
        self._transports: set[asyncio.WriteTransport] = set()
        self.port = 0

    def url(self) -> str:
        return str(self._target.with_host("127.0.0.1").with_port(self.port))

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        for transport in list(self._transports):
            transport.abort()
        self._transports.clear()
        await self._server.wait_closed()
        self._server = None

    async def restore(self) -> None:
        await self.start()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(
                self._target.host, self._target.port
            )
        except OSError:
            writer.transport.abort()
            return
        pair = (writer.transport, up_writer.transport)
        self._transports.update(pair)
        try:
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        finally:
            for transport in pair:
                transport.abort()
                self._transports.discard(transport)

    async def __aenter__(self) -> TcpProxy:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            await self.cut()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    writer.transport.abort()


async def rabbitmqctl(*args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        "rabbitmqctl",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    if process.returncode != 0:
        raise RuntimeError(f"rabbitmqctl {' '.join(args)} failed: {err.decode()}")
    return out.decode()


@asynccontextmanager
async def rabbit_vhost() -> AsyncIterator[str]:
    """A vhost of its own, so closing its connections disturbs no other test run."""
    if shutil.which("rabbitmqctl") is None:
        pytest.skip("rabbitmqctl is not installed next to the test RabbitMQ")
    name = f"t{uuid.uuid4().hex[:10]}"
    base = URL(RABBITMQ_URL)
    await rabbitmqctl("add_vhost", name)
    try:
        await rabbitmqctl("set_permissions", "-p", name, base.user or "guest", ".*", ".*", ".*")
        # yarl would encode a path of "/name" as the default vhost; give it explicitly.
        yield str(base.with_path(f"/{name}"))
    finally:
        await rabbitmqctl("delete_vhost", name)
