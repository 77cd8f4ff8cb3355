"""Reads at scale (issue 13): does a read's cost follow the caller's page or the table?

    uv run python bench/scale.py            # 1k, 10k, 100k rows per user
    SCALE_SIZES=1000,10000 uv run python bench/scale.py

For each size N it starts ``sessionhub serve chat`` and ``sessionhub serve session-api``
as real processes on loopback under a fresh prefix (schemas, keys; removed at the end),
loads the caller's data with COPY (secondary indexes dropped and built again after
it, row triggers off and session-api's statistics recounted by its own
``user_session_stats_rebuild()``) — N chat messages (realistic sentences, about 15%
asking for "help"), N chat sessions (none tagged ``work``), N graded training sessions
— and measures, with one sequential client over HTTP:

- ``chat_search``:       ``GET /api/chat/search?q=help`` (a common word)
- ``chat_tag``:          ``GET /api/chat/sessions?tag=work`` (no match)
- ``analytics_me``:      ``GET /api/analytics/me``
- ``training_list``:     ``GET /api/training-sessions`` (first page)

then loads 10 other users of the same size (their training sessions newer than the
caller's) and measures again. It prints p50/p99 per read, size and phase, the growth
factor per 10x of data (p50 ratio between consecutive sizes, alone; the worst step is
the figure) and the other-tenant factor (p50 with the others / p50 alone; the worst
size), and ends with one JSON line whose keys end in ``growth_factor`` and
``tenant_factor``. Targets: p99 < 50 ms at the largest size, growth <= 1.5x per 10x,
tenant factor <= 1.5x. The baseline each figure is compared with is the same read
measured in the same run (the smaller size, or the caller alone).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from sessionhub.chat.service_spec import spec as chat_spec
from sessionhub.common.config import Settings
from sessionhub.common.db import Database, asyncpg_dsn
from sessionhub.sessions.service_spec import spec as sessions_spec
from sessionhub.testing import bulk
from sessionhub.testing.plugin import (
    Tokens,
    cleanup,
    isolated_settings,
    tenant_env,
    wait_until,
)
from sessionhub.testing.workers import free_port

SESSIONHUB = Path(sys.executable).with_name("sessionhub")
SIZES = [int(s) for s in os.environ.get("SCALE_SIZES", "1000,10000,100000").split(",")]
OTHERS = 10
CALLER = "bench-caller"
# Per read and phase: at least MIN_SAMPLES requests, then until SAMPLES or BUDGET_S.
MIN_SAMPLES, SAMPLES, BUDGET_S = 5, 60, 4.0
READS = {
    # The floor of each server on this box, measured alongside: the baseline.
    "chat_health": ("chat", "/health", {}),
    "api_health": ("session-api", "/health", {}),
    "chat_search": ("chat", "/api/chat/search", {"q": "help"}),
    "chat_tag": ("chat", "/api/chat/sessions", {"tag": "work"}),
    "analytics_me": ("session-api", "/api/analytics/me", {}),
    "training_list": ("session-api", "/api/training-sessions", {}),
}

WORDS = [
    *bulk.WORDS,
    "weekend",
    "morning",
    "question",
    "problem",
    "answer",
    "idea",
    "plan",
    "note",
    "file",
    "folder",
    "message",
    "reply",
    "thanks",
    "please",
    "today",
]
TAGS = ["personal", "drafts", "study", "later", "ideas"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 20))]
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), "help")
    return " ".join(words).capitalize() + "."


NS = uuid.UUID("5e55a0b1-0000-4000-8000-000000000000")


def session_id(user: str, i: int) -> uuid.UUID:
    return uuid.uuid5(NS, f"{user}:{i}")


def chat_sessions(users: list[str], n: int, start: datetime) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(f"sessions:{users[0]}:{n}")
    for u, user in enumerate(users):
        for i in range(n):
            # Later users' rows are newer: the others' sessions outrank the caller's.
            at = start + timedelta(days=u, seconds=i)
            tags = [rng.choice(TAGS)] if rng.random() < 0.4 else []
            title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}"
            yield (session_id(user, i), user, "default", title, "{}", tags, at, at, at)


def chat_messages(users: list[str], n: int, start: datetime) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(f"messages:{users[0]}:{n}")
    per_session = 10
    for u, user in enumerate(users):
        sessions = [session_id(user, i) for i in range(max(1, n // per_session))]
        for i in range(n):
            yield (
                uuid.uuid4(),
                sessions[i % len(sessions)],
                user,
                i // len(sessions) + 1,
                "user" if i % 2 == 0 else "assistant",
                sentence(rng),
                start + timedelta(days=u, seconds=i),
            )


def training_sessions(users: list[str], n: int, start: datetime) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(f"training:{users[0]}:{n}")
    for u, user in enumerate(users):
        for i in range(n):
            at = start + timedelta(days=u, seconds=i)
            scores = [rng.randint(30, 95) for _ in range(4)]
            yield (
                user,
                f"Call {i}",
                "A customer hesitates to renew",
                "skeptical",
                "Alex",
                "completed",
                at,
                at + timedelta(minutes=9),
                540,
                24,
                "graded",
                *scores,
                sum(scores) // 4,
                ["Open questions early."],
                ["Close with a next step."],
                "heuristic",
                at + timedelta(minutes=10),
                at,
            )


TABLES = {
    "chat.chat_sessions": (
        ["id", "user_id", "persona", "title", "metadata", "tags", "last_activity_at",
         "created_at", "updated_at"],
        chat_sessions,
    ),
    "chat.chat_messages": (
        ["id", "session_id", "user_id", "seq", "role", "content", "created_at"],
        chat_messages,
    ),
    "sessions.training_sessions": (
        ["user_id", "title", "scenario", "persona", "agent_name", "status", "started_at",
         "ended_at", "duration_seconds", "line_count", "grading_status", "rapport_score",
         "discovery_score", "objection_handling_score", "closing_score", "overall_score",
         "feedback_strengths", "feedback_improvements", "grader", "graded_at", "created_at"],
        training_sessions,
    ),
}  # fmt: skip


async def copy_table(
    settings: Settings, table: str, users: list[str], n: int, start: datetime
) -> None:
    schema, name = table.split(".")
    columns, rows = TABLES[table]
    assert settings.database_url
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    began = time.perf_counter()
    try:
        await bulk.copy_rows(
            conn, f"{settings.db_schema_prefix}{schema}", name, columns, rows(users, n, start)
        )
        # Row triggers (session-api's per-user statistics) were off for the bulk load:
        # the service's own recount brings them level.
        rebuild = f'"{settings.db_schema_prefix}{schema}".user_session_stats_rebuild'
        if name == "training_sessions" and await conn.fetchval(
            "SELECT to_regproc($1) IS NOT NULL", rebuild
        ):
            await conn.execute(f"SELECT {rebuild}()")
        if os.environ.get("SCALE_VERBOSE"):
            print(f"    {table}: COPY, indexes and ANALYZE {time.perf_counter() - began:.1f} s")
    finally:
        await conn.close()


async def load(settings: Settings, users: list[str], n: int, start: datetime) -> float:
    """COPY ``n`` rows of each kind for every user; returns the seconds it took."""
    started = time.perf_counter()

    async def chat() -> None:
        # Messages reference their sessions: those go first.
        await copy_table(settings, "chat.chat_sessions", users, n, start)
        await copy_table(settings, "chat.chat_messages", users, n, start)

    await asyncio.gather(
        chat(), copy_table(settings, "sessions.training_sessions", users, n, start)
    )
    return time.perf_counter() - started


async def measure(
    clients: dict[str, httpx.AsyncClient], headers: dict[str, str]
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for read, (service, path, params) in READS.items():
        http = clients[service]
        for _ in range(2):  # warm: connection, caches, prepared statements
            (await http.get(path, params=params, headers=headers)).raise_for_status()
        latencies: list[float] = []
        began = time.perf_counter()
        while len(latencies) < SAMPLES and (
            len(latencies) < MIN_SAMPLES or time.perf_counter() - began < BUDGET_S
        ):
            started = time.perf_counter()
            response = await http.get(path, params=params, headers=headers)
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()
        ordered = sorted(latencies)
        out[read] = {
            "n": len(ordered),
            "p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(ordered[max(0, int(len(ordered) * 0.99 + 0.5) - 1)] * 1000, 2),
        }
    return out


async def migrate(settings: Settings) -> None:
    assert settings.database_url
    for spec in (chat_spec, sessions_spec):
        db = Database(settings.database_url, settings.db_schema_prefix + spec.schema, source="b")
        try:
            await db.migrate(spec.migrations)
        finally:
            await db.dispose()


async def one_size(n: int) -> dict[str, Any]:
    settings = isolated_settings(rabbit=False)
    await migrate(settings)
    env = tenant_env(settings, SESSIONHUB_LOG_LEVEL="WARNING")
    ports = {"chat": free_port(), "session-api": free_port()}
    servers = [
        subprocess.Popen(  # noqa: ASYNC220 - started once, before any measurement
            [str(SESSIONHUB), "serve", service, "--host", "127.0.0.1", "--port", str(port)],
            env=env,
        )
        for service, port in ports.items()
    ]
    clients = {
        service: httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120)
        for service, port in ports.items()
    }
    try:
        for http in clients.values():

            async def up(http: httpx.AsyncClient = http) -> bool:
                try:
                    return (await http.get("/health")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_until(up, timeout_s=90, interval_s=0.2, message="the servers")
        headers = Tokens(settings).headers(CALLER)
        start = datetime(2026, 1, 1, tzinfo=UTC)
        load_alone = await load(settings, [CALLER], n, start)
        alone = await measure(clients, headers)
        others = [f"bench-other-{i}" for i in range(OTHERS)]
        load_others = await load(settings, others, n, start + timedelta(days=1))
        crowded = await measure(clients, headers)
    finally:
        for http in clients.values():
            await http.aclose()
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        await cleanup(settings, [chat_spec, sessions_spec])
    return {
        "rows": n,
        "load_s": round(load_alone, 1),
        "load_others_s": round(load_others, 1),
        "alone": alone,
        "others": crowded,
    }


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for read in READS:
        steps = [
            later["alone"][read]["p50_ms"] / earlier["alone"][read]["p50_ms"]
            for earlier, later in itertools.pairwise(results)
            if later["rows"] == earlier["rows"] * 10
        ]
        tenants = [r["others"][read]["p50_ms"] / r["alone"][read]["p50_ms"] for r in results]
        largest = results[-1]
        summary[f"{read}_p99_ms_at_{largest['rows']}"] = max(
            largest["alone"][read]["p99_ms"], largest["others"][read]["p99_ms"]
        )
        summary[f"{read}_growth_steps"] = [round(s, 2) for s in steps]
        summary[f"{read}_growth_factor"] = round(max(steps), 2) if steps else None
        summary[f"{read}_tenant_factors"] = [round(t, 2) for t in tenants]
        summary[f"{read}_tenant_factor"] = round(max(tenants), 2)
    return summary


async def main() -> None:
    began = time.perf_counter()
    results = []
    for n in SIZES:
        result = await one_size(n)
        results.append(result)
        print(
            f"--- {n:,} rows per user (COPY: caller {result['load_s']} s, "
            f"{OTHERS} others {result['load_others_s']} s)"
        )
        for read in READS:
            a, o = result["alone"][read], result["others"][read]
            print(
                f"  {read:<14} alone p50 {a['p50_ms']:>8} ms  p99 {a['p99_ms']:>8} ms   "
                f"with {OTHERS} others p50 {o['p50_ms']:>8} ms  p99 {o['p99_ms']:>8} ms"
            )
    summary = summarise(results)
    print("--- growth per 10x (p50, worst step; target <= 1.5) and tenant factor (<= 1.5)")
    for read in READS:
        print(
            f"  {read:<14} growth {summary[f'{read}_growth_steps']} -> "
            f"{summary[f'{read}_growth_factor']}   tenant {summary[f'{read}_tenant_factors']} "
            f"-> {summary[f'{read}_tenant_factor']}   p99 at {SIZES[-1]:,}: "
            f"{summary[f'{read}_p99_ms_at_{SIZES[-1]}']} ms (target < 50)"
        )
    elapsed = time.perf_counter() - began
    print(f"--- {elapsed:.0f} s in all")
    print(
        json.dumps(
            {
                "bench": "scale",
                "sizes": SIZES,
                "elapsed_s": round(elapsed),
                **summary,
                "runs": results,
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
