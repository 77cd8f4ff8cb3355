"""pytest plugin the services reuse: real servers, isolated names, clean teardown.

Every runtime a test starts gets a fresh prefix, so its PostgreSQL schemas,
RabbitMQ exchange and queues and Redis keys are its own, and are removed when
the test ends: the suite runs twice in a row, in any order, against shared servers.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import aio_pika
import asyncpg
import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from sessionhub.common.app import create_app
from sessionhub.common.auth import Role, TokenVerifier
from sessionhub.common.config import Settings
from sessionhub.common.db import asyncpg_dsn
from sessionhub.common.events.rabbit import dlq, retry_queue
from sessionhub.common.redis import create_redis
from sessionhub.common.runtime import Runtime
from sessionhub.common.service import ServiceSpec, queue_name
from sessionhub.testing.llm_server import ScriptedLLMServer

T = TypeVar("T")

DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
JWT_SECRET = "test-secret-" + "x" * 32


def isolated_settings(
    prefix: str | None = None, *, rabbit: bool = True, **overrides: Any
) -> Settings:
    """Settings for one isolated tenant of the shared test servers."""
    prefix = prefix or f"t{uuid.uuid4().hex[:10]}_"
    values: dict[str, Any] = {
        "env": "test",
        "database_url": DATABASE_URL,
        "redis_url": REDIS_URL,
        "rabbitmq_url": RABBITMQ_URL if rabbit else None,
        "openai_api_key": None,
        "openai_base_url": None,
        "db_schema_prefix": prefix,
        "db_pool_size": 5,
        "db_driver_pool_size": 5,
        "redis_prefix": f"{prefix}:",
        "events_exchange": f"{prefix}sessionhub.events",
        "queue_prefix": prefix,
        "retry_delays_ms": [100, 300],
        "outbox_poll_interval_s": 0.5,
        "shutdown_grace_s": 5.0,
        "jwt_secret": JWT_SECRET,
        "log_level": "WARNING",
    }
    values.update(overrides)
    return Settings.model_validate(values)


# Settings read from standard names rather than SESSIONHUB_<FIELD> (see config.py).
_STANDARD_VARS = {
    "database_url": "DATABASE_URL",
    "redis_url": "REDIS_URL",
    "rabbitmq_url": "RABBITMQ_URL",
    "openai_api_key": "OPENAI_API_KEY",
    "openai_base_url": "OPENAI_BASE_URL",
}


def shipped_pools() -> dict[str, int]:
    """The pool sizes a served replica runs with unless told otherwise: overrides for
    ``isolated_settings`` where a benchmark measures the product as shipped, not the
    small pools that let many test tenants share one server."""
    fields = Settings.model_fields
    return {name: int(fields[name].default) for name in ("db_pool_size", "db_driver_pool_size")}


def tenant_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment that makes a ``sessionhub`` child process read exactly ``settings``.

    Derived from every field, so a child can never miss a tenant prefix (and leave
    queues or schemas its test's cleanup does not know). ``extra`` adds or overrides.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SESSIONHUB_") and k not in _STANDARD_VARS.values()
    }
    for name, value in settings.model_dump(mode="json").items():
        if value is None:
            continue
        var = _STANDARD_VARS.get(name, f"SESSIONHUB_{name.upper()}")
        if isinstance(value, bool):
            env[var] = "true" if value else "false"
        elif isinstance(value, list):
            env[var] = ",".join(map(str, value))
        else:
            env[var] = str(value)
    env.update(extra)
    return env


async def cleanup(settings: Settings, specs: list[ServiceSpec]) -> None:
    """Remove every schema, queue, exchange and key a test tenant created."""
    prefix = settings.db_schema_prefix
    conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
    try:
        schemas = await conn.fetch(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1",
            prefix.replace("_", r"\_") + "%",
        )
        for row in schemas:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{row["nspname"]}" CASCADE')
    finally:
        await conn.close()
    if settings.rabbitmq_url:
        connection = await aio_pika.connect(settings.rabbitmq_url)
        try:
            for spec in specs:
                for sub in spec.subscriptions:
                    queue = queue_name(settings, spec.name, sub.purpose)
                    names = [
                        queue,
                        dlq(queue),
                        *(retry_queue(queue, d) for d in settings.retry_delays_ms),
                    ]
                    for name in names:
                        channel = await connection.channel()
                        with contextlib.suppress(Exception):
                            await channel.queue_delete(name)
                        with contextlib.suppress(Exception):
                            await channel.close()
            channel = await connection.channel()
            with contextlib.suppress(Exception):
                await channel.exchange_delete(settings.events_exchange)
        finally:
            await connection.close()
    redis = create_redis(REDIS_URL)
    try:
        keys = [key async for key in redis.scan_iter(match=f"{settings.redis_prefix}*", count=500)]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()


async def wait_until(
    probe: Callable[[], Awaitable[T]],
    *,
    timeout_s: float = 15.0,
    interval_s: float = 0.02,
    message: str = "condition",
) -> T:
    """Poll ``probe`` until it returns something truthy, or fail at the deadline."""
    deadline = time.monotonic() + timeout_s
    last: T | None = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval_s)
    raise AssertionError(
        f"timed out after {timeout_s}s waiting for {message}; last value: {last!r}"
    )


class Tokens:
    def __init__(self, settings: Settings) -> None:
        self._verifier = TokenVerifier(settings)

    def headers(self, user: str, role: Role | str = Role.trainee) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._verifier.issue(user, Role(role))}"}


class RunningApp:
    def __init__(self, app: FastAPI, client: httpx.AsyncClient, settings: Settings) -> None:
        self.app = app
        self.client = client
        self.settings = settings
        self.tokens = Tokens(settings)

    @property
    def runtime(self) -> Runtime:
        runtime: Runtime = self.app.state.runtime
        return runtime


@asynccontextmanager
async def running_app(
    specs: list[ServiceSpec], settings: Settings, *, consumers: bool = True, keep: bool = False
) -> AsyncIterator[RunningApp]:
    """The real app with its lifespan, behind an in-process httpx client."""
    app = create_app(settings, specs, consumers=consumers)
    try:
        async with app.router.lifespan_context(app):
            # Starlette re-raises after sending a 500 so servers can log it; the client
            # should see the response, as a real one would.
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://testserver"
            ) as client:
                yield RunningApp(app, client, settings)
    finally:
        if not keep:
            await cleanup(settings, specs)


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[str]:
    """Serve an already started app over real HTTP on a free loopback port; yields its URL.

    For what the in-process transport cannot show: streams, chunked bodies, raw bytes.
    """
    # IPPROTO_TCP, not 0: asyncio disables Nagle only on such sockets (see llm_server).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        await wait_until(lambda: _started(server, task), timeout_s=10, message="uvicorn started")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        server.force_exit = True
        await asyncio.wait_for(task, 10)
        sock.close()


async def _started(server: uvicorn.Server, task: asyncio.Task[None]) -> bool:
    if task.done():
        task.result()
    return bool(server.started)


@pytest.fixture
async def llm_server() -> AsyncIterator[ScriptedLLMServer]:
    async with ScriptedLLMServer() as server:
        yield server


@pytest.fixture(params=["rabbit", "embedded"])
def bus_kind(request: pytest.FixtureRequest) -> str:
    """Run a test once per topology's transport."""
    return str(request.param)
