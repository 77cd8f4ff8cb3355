"""Chat persistence benchmark against langchain-postgres, in one run on one PostgreSQL.

    uv run python bench/chat.py [--quick]

For a 500- and a 5,000-message session:

- ingest: 128 concurrent writers hand messages to the chat persistence path
  (``MessageIngest.accept``: seq, confirmed publish, Redis tail — what a POST does after
  its checks) until every one is acknowledged, and until a persister running as its own
  ``sessionhub worker chat`` process has stored every one in PostgreSQL; on the embedded
  bus and on RabbitMQ. The peer, ``PostgresChatMessageHistory.aadd_messages`` with one
  message per call, gets the same 128 writers over a pool of 16 connections. The HTTP
  API's own rate (16 clients, in-process ASGI client) is printed too, for scale.
- history read: the latest page (50 messages, ``direction=backward``) through the HTTP
  API, against the peer's full read (``aget_messages``).

Then the session list (20 per page, with preview and count) for a user with 1,000
sessions, p50/p99. The peer works in a schema of its own, dropped at the end; the chat
tenants' schemas, queues and keys are removed too. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import psycopg
from langchain_core.messages import AIMessage, HumanMessage
from langchain_postgres import PostgresChatMessageHistory

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.service_spec import spec
from sessionhub.chat.state import chat_state
from sessionhub.common.config import Settings
from sessionhub.common.db import asyncpg_dsn
from sessionhub.testing.plugin import (
    DATABASE_URL,
    RunningApp,
    isolated_settings,
    running_app,
    tenant_env,
)

WRITERS = 128  # concurrent writers, for both sides
PEER_POOL = 16  # the peer's connections (PostgreSQL allows 100 here)
HTTP_CLIENTS = 16
PAGE = 50
PEER_TABLE = "chat_history"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def timed(fn: Callable[[], Awaitable[Any]], rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        started = time.perf_counter()
        await fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def text_for(i: int) -> str:
    return f"Message {i}: how do I keep my sourdough starter alive while travelling? " * 2


# --------------------------------------------------------------------------- ours


@asynccontextmanager
async def persister(settings: Settings) -> AsyncIterator[None]:
    """``sessionhub worker chat`` as its own process, as in the distributed topology."""
    env = tenant_env(settings, SESSIONHUB_LOG_LEVEL="INFO", SESSIONHUB_LOG_FORMAT="console")
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "sessionhub"),
        "worker",
        "chat",
        "--metrics-port",
        "0",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    async with asyncio.timeout(60):
        while b"worker_ready" not in (line := await process.stderr.readline()):
            if not line:
                raise RuntimeError("the chat worker exited during start-up")
    drain = asyncio.create_task(process.stderr.read())
    try:
        yield
    finally:
        process.terminate()
        await process.wait()
        drain.cancel()


async def stored_count(app: RunningApp, session_id: str) -> int:
    db = app.runtime.services["chat"].db
    async with db.engine.connect() as conn:
        row = await conn.exec_driver_sql(
            "SELECT count(*) FROM chat_messages WHERE session_id = $1", (uuid.UUID(session_id),)
        )
        return int(row.scalar_one())


async def new_session(app: RunningApp, headers: dict[str, str]) -> str:
    created = await app.client.post(
        "/api/chat/sessions", json={"persona": "default", "title": "bench"}, headers=headers
    )
    return str(created.json()["id"])


async def wait_stored(app: RunningApp, session_id: str, n: int) -> None:
    while True:
        if await stored_count(app, session_id) >= n:
            return
        await asyncio.sleep(0.01)


async def ours_ingest(app: RunningApp, headers: dict[str, str], n: int) -> dict[str, Any]:
    """The persistence path itself: seq, confirmed publish, tail; then the persister."""
    session_id = await new_session(app, headers)
    ingest = chat_state(app.runtime.services["chat"]).ingest
    sid = uuid.UUID(session_id)

    async def reseed() -> int:
        return 0

    async def writer(k: int) -> None:
        for i in range(k, n, WRITERS):
            draft = ChatMessagePublic(
                id=uuid.uuid4(),
                session_id=sid,
                seq=0,
                role="user" if i % 2 == 0 else "assistant",
                content=text_for(i),
                tool_call_id=None,
                created_at=datetime.now(UTC),
            )
            await ingest.accept(draft, user_id="bench-user", reseed=reseed)

    started = time.perf_counter()
    await asyncio.gather(*(writer(k) for k in range(WRITERS)))
    acked = time.perf_counter() - started
    await wait_stored(app, session_id, n)
    stored = time.perf_counter() - started
    return {"session_id": session_id, "ack_per_s": n / acked, "stored_per_s": n / stored}


async def ours_http_ingest(app: RunningApp, headers: dict[str, str], n: int) -> float:
    """The same through the HTTP API (auth, validation, rate limit, session lookup)."""
    session_id = await new_session(app, headers)
    url = f"/api/chat/sessions/{session_id}/messages"

    async def poster(k: int) -> None:
        for i in range(k, n, HTTP_CLIENTS):
            response = await app.client.post(
                url, json={"content": text_for(i), "respond": False}, headers=headers
            )
            assert response.status_code == 201, response.text

    started = time.perf_counter()
    await asyncio.gather(*(poster(k) for k in range(HTTP_CLIENTS)))
    return n / (time.perf_counter() - started)


async def ours_latest_page(
    app: RunningApp, headers: dict[str, str], session_id: str, rounds: int
) -> list[float]:
    url = f"/api/chat/sessions/{session_id}/messages"

    async def read() -> None:
        response = await app.client.get(
            url, params={"direction": "backward", "limit": PAGE}, headers=headers
        )
        assert len(response.json()["data"]) == PAGE

    await timed(read, 5)
    return await timed(read, rounds)


async def seed_sessions(settings: Settings, user_id: str, count: int) -> None:
    """A user with ``count`` sessions with previews and counts, written directly."""
    conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
    try:
        now = datetime.now(UTC)
        rows = [
            (
                uuid.uuid4(),
                user_id,
                "default",
                f"Session {i}",
                f"Last thing said in session {i}",
                i % 40,
                now - timedelta(minutes=i),
            )
            for i in range(count)
        ]
        await conn.executemany(
            f"""INSERT INTO "{settings.db_schema_prefix}chat".chat_sessions
                  (id, user_id, persona, title, last_message_preview, message_count,
                   last_activity_at, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $7)""",
            rows,
        )
        await conn.execute(f'ANALYZE "{settings.db_schema_prefix}chat".chat_sessions')
    finally:
        await conn.close()


async def ours_session_list(app: RunningApp, headers: dict[str, str], rounds: int) -> list[float]:
    async def read() -> None:
        response = await app.client.get("/api/chat/sessions", params={"limit": 20}, headers=headers)
        page = response.json()["data"]
        assert len(page) == 20
        assert page[0]["last_message_preview"]

    await timed(read, 10)
    return await timed(read, rounds)


# --------------------------------------------------------------------------- peer


class Peer:
    """langchain-postgres in a schema of its own on the same server."""

    def __init__(self, schema: str) -> None:
        self.schema = schema
        self.connections: list[psycopg.AsyncConnection[Any]] = []

    async def __aenter__(self) -> Peer:
        async with await psycopg.AsyncConnection.connect(DATABASE_URL, autocommit=True) as c:
            await c.execute(f'CREATE SCHEMA "{self.schema}"')
        for _ in range(PEER_POOL):
            self.connections.append(
                await psycopg.AsyncConnection.connect(
                    DATABASE_URL, options=f"-c search_path={self.schema}"
                )
            )
        await PostgresChatMessageHistory.acreate_tables(self.connections[0], PEER_TABLE)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for conn in self.connections:
            await conn.close()
        async with await psycopg.AsyncConnection.connect(DATABASE_URL, autocommit=True) as c:
            await c.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    def history(self, session_id: str, k: int = 0) -> PostgresChatMessageHistory:
        return PostgresChatMessageHistory(
            PEER_TABLE, session_id, async_connection=self.connections[k]
        )

    async def ingest(self, n: int) -> tuple[str, float]:
        session_id = str(uuid.uuid4())
        pool: asyncio.Queue[PostgresChatMessageHistory] = asyncio.Queue()
        for k in range(PEER_POOL):
            pool.put_nowait(self.history(session_id, k))

        async def writer(k: int) -> None:
            for i in range(k, n, WRITERS):
                message = HumanMessage(text_for(i)) if i % 2 == 0 else AIMessage(text_for(i))
                history = await pool.get()
                try:
                    await history.aadd_messages([message])
                finally:
                    pool.put_nowait(history)

        started = time.perf_counter()
        await asyncio.gather(*(writer(k) for k in range(WRITERS)))
        return session_id, n / (time.perf_counter() - started)

    async def full_read(self, session_id: str, n: int, rounds: int) -> list[float]:
        history = self.history(session_id)
        conn = self.connections[0]

        async def read() -> None:
            assert len(await history.aget_messages()) == n
            await conn.commit()  # end the read transaction psycopg opened

        await timed(read, 3)
        return await timed(read, rounds)


# --------------------------------------------------------------------------- main


@asynccontextmanager
async def chat_tenant(bus: str) -> AsyncIterator[RunningApp]:
    """The chat API in this process and its persister in another, on ``bus``."""
    settings = isolated_settings(
        f"bench{uuid.uuid4().hex[:8]}_", rabbit=bus == "rabbit", log_level="ERROR"
    )
    async with running_app([spec], settings, consumers=False) as app, persister(settings):
        yield app


def ingest_figures(ours: dict[str, Any], peer_rate: float) -> dict[str, Any]:
    return {
        "ours_ack_per_s": round(ours["ack_per_s"]),
        "ours_stored_per_s": round(ours["stored_per_s"]),
        "peer_per_s": round(peer_rate),
        "ratio_ack": round(ours["ack_per_s"] / peer_rate, 2),
        "ratio_stored": round(ours["stored_per_s"] / peer_rate, 2),
    }


async def main(quick: bool) -> dict[str, Any]:
    os.environ.update(
        {
            "SESSIONHUB_CHAT_MESSAGE_LIMIT": "10000000",
            "SESSIONHUB_CHAT_SESSION_CREATE_LIMIT": "10000000",
            "SESSIONHUB_CHAT_SESSION_QUOTA": "100000",
        }
    )
    sizes = [100, 500] if quick else [500, 5000]
    rounds = 30 if quick else 200
    figures: dict[str, Any] = {"writers": WRITERS, "peer_pool": PEER_POOL, "page": PAGE}
    async with Peer(f"bench_peer_{uuid.uuid4().hex[:8]}") as peer:
        peer_sessions: dict[int, str] = {}
        for n in sizes:
            peer_sessions[n], rate = await peer.ingest(n)
            figures[f"peer_ingest_{n}_per_s"] = round(rate)

        # The embedded bus (``sessionhub run``) also serves the reads and the session list.
        async with chat_tenant("embedded") as app:
            headers = app.tokens.headers("bench-user")
            for n in sizes:
                ours = await ours_ingest(app, headers, n)
                figures[f"embedded_ingest_{n}"] = ingest_figures(
                    ours, figures[f"peer_ingest_{n}_per_s"]
                )
                print(f"embedded bus  {n:>5} messages  ingest {figures[f'embedded_ingest_{n}']}")
                ours_read = await ours_latest_page(app, headers, ours["session_id"], rounds)
                peer_read = await peer.full_read(peer_sessions[n], n, max(10, rounds // 10))
                figures[f"read_{n}"] = {
                    "ours_latest_page_p50_ms": round(statistics.median(ours_read), 2),
                    "ours_latest_page_p99_ms": round(percentile(ours_read, 0.99), 2),
                    "peer_full_read_p50_ms": round(statistics.median(peer_read), 2),
                    "ratio_p50": round(
                        statistics.median(peer_read) / statistics.median(ours_read), 1
                    ),
                }
                print(f"              {n:>5} messages  read   {figures[f'read_{n}']}")
            http_rate = await ours_http_ingest(app, headers, sizes[0])
            figures["http_ingest_per_s"] = round(http_rate)
            print(f"HTTP API ingest ({HTTP_CLIENTS} clients): {http_rate:.0f} messages/s")
            await seed_sessions(app.settings, "list-user", 1000)
            listing = await ours_session_list(app, app.tokens.headers("list-user"), rounds * 2)
            figures["session_list_1000"] = {
                "p50_ms": round(statistics.median(listing), 2),
                "p99_ms": round(percentile(listing, 0.99), 2),
            }
            print(f"session list (1,000 sessions) {figures['session_list_1000']}")

        async with chat_tenant("rabbit") as app:
            headers = app.tokens.headers("bench-user")
            for n in sizes:
                ours = await ours_ingest(app, headers, n)
                figures[f"rabbit_ingest_{n}"] = ingest_figures(
                    ours, figures[f"peer_ingest_{n}_per_s"]
                )
                print(f"RabbitMQ      {n:>5} messages  ingest {figures[f'rabbit_ingest_{n}']}")

    n = sizes[-1]
    print(
        f"vs langchain-postgres at {n} messages: ingest (acked / stored) "
        f"embedded {figures[f'embedded_ingest_{n}']['ratio_ack']}x / "
        f"{figures[f'embedded_ingest_{n}']['ratio_stored']}x, RabbitMQ "
        f"{figures[f'rabbit_ingest_{n}']['ratio_ack']}x / "
        f"{figures[f'rabbit_ingest_{n}']['ratio_stored']}x (target 2x); latest page "
        f"{figures[f'read_{n}']['ratio_p50']}x faster than the full read (target 5x); "
        f"session list p99 {figures['session_list_1000']['p99_ms']} ms (target < 20 ms)"
    )
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = parser.parse_args()
    result = asyncio.run(main(args.quick))
    print(json.dumps(result, separators=(",", ":")))
