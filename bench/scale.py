"""Reads at scale (issue 13): does a read's cost follow the caller's page or the table?

    uv run python bench/scale.py            # 1k, 10k, 100k, 1M rows per user
    SCALE_SIZES=1000,10000 uv run python bench/scale.py
    SCALE_PORT_BASE=18400 ...               # the servers on 18400 and 18401

For each size N it starts ``sessionhub serve chat`` and ``sessionhub serve session-api``
as real processes on loopback under a fresh prefix (schemas, keys; removed at the end),
loads the caller's data with COPY (secondary indexes dropped and built again after
it, row triggers off and what they maintain recounted by the services' own
``*_rebuild()`` functions) — N chat messages (realistic sentences, about 15% asking
for "help") in N/10 sessions, N chat sessions (40% tagged, none ``work``), N graded
training sessions — and measures, with one sequential client over HTTP:

- ``chat_search``:       ``GET /api/chat/search?q=help`` (a common word)
- ``chat_tag``:          ``GET /api/chat/sessions?tag=work`` (no match)
- ``analytics_me``:      ``GET /api/analytics/me``
- ``training_list``:     ``GET /api/training-sessions`` (first page)

then loads 10 other users (their rows newer than the caller's) and measures again.

Which read goes to which size (``LARGEST``): chat search, the read whose table grows
fastest (every message), goes to 1M messages; the other three stop at 100k rows, the
volume the issue measured them at, because loading 1M chat sessions and 1M training
sessions more would take the run well past its ~5 minute budget on this machine. A
size only loads the tables its reads need (1M messages come with their 100k sessions).

The other tenants: 10 users of the caller's size up to 100k (1M rows of theirs per
table); at 1M, 10 users of 100k each (10M rows would not load in the budget), so the
tenant factor at 1M is measured with the others holding as many rows as the caller.
``others_rows_per_user`` in each run says which.

It prints p50/p99 per read, size and phase, and the server's CPU per request (the
process's user+system time over the samples), the growth factor per 10x of data (p50
ratio between consecutive sizes, alone; the worst step is the figure) and the
other-tenant factor (p50 with the others / p50 alone; the worst size), and ends with
one JSON line whose keys end in ``growth_factor`` and ``tenant_factor``. Targets: p99 <
50 ms at the largest size, growth <= 1.5x per 10x, tenant factor <= 1.5x. The baseline
each figure is compared with is the same read measured in the same run (the smaller
size, or the caller alone); ``*_health`` is each server's floor, and the load average
is printed with every size (the machine is shared).
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
SIZES = [int(s) for s in os.environ.get("SCALE_SIZES", "1000,10000,100000,1000000").split(",")]
OTHERS = 10
# The others' rows per table stop here (see the docstring): 10 x 100k.
OTHERS_ROWS = 1_000_000
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
# The largest size each read is measured at (the others: every size).
LARGEST = {
    "chat_tag": 100_000,
    "analytics_me": 100_000,
    "training_list": 100_000,
}
# The tables each read needs loaded.
NEEDS = {
    "chat_search": {"chat.chat_sessions", "chat.chat_messages"},
    "chat_tag": {"chat.chat_sessions"},
    "analytics_me": {"sessions.training_sessions"},
    "training_list": {"sessions.training_sessions"},
}
MESSAGES_PER_SESSION = 10

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
    for u, user in enumerate(users):
        sessions = [session_id(user, i) for i in range(max(1, n // MESSAGES_PER_SESSION))]
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


# The table each table's row triggers maintain, recounted (``<name>_rebuild()``) after
# a load with them off.
REBUILDS = {
    "chat_sessions": "chat_session_tags",
    "training_sessions": "user_session_stats",
}


async def copy_table(
    settings: Settings, table: str, users: list[str], n: int, start: datetime
) -> None:
    schema, name = table.split(".")
    columns, rows = TABLES[table]
    assert settings.database_url
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    began = time.perf_counter()
    try:
        schema = f"{settings.db_schema_prefix}{schema}"
        await bulk.copy_rows(conn, schema, name, columns, rows(users, n, start))
        if name in REBUILDS:
            await conn.execute(f'SELECT "{schema}".{REBUILDS[name]}_rebuild()')
            await conn.execute(f'ANALYZE "{schema}".{REBUILDS[name]}')
        if os.environ.get("SCALE_VERBOSE"):
            print(f"    {table}: COPY, indexes and ANALYZE {time.perf_counter() - began:.1f} s")
    finally:
        await conn.close()


def tables_for(reads: list[str], n: int) -> dict[str, int]:
    """The rows per user of each table ``reads`` need at size ``n``."""
    rows: dict[str, int] = {}
    for read in reads:
        for table in NEEDS.get(read, ()):
            rows[table] = n
    if "chat.chat_messages" in rows and "chat_tag" not in reads:
        # Only the messages' own sessions: the session list is not measured at this size.
        rows["chat.chat_sessions"] = max(1, n // MESSAGES_PER_SESSION)
    return rows


async def load(
    settings: Settings, users: list[str], tables: dict[str, int], start: datetime
) -> float:
    """COPY ``tables`` (rows per user) for every user; returns the seconds it took."""
    started = time.perf_counter()

    async def chat() -> None:
        # Messages reference their sessions: those go first.
        for table in ("chat.chat_sessions", "chat.chat_messages"):
            if table in tables:
                await copy_table(settings, table, users, tables[table], start)

    async def training() -> None:
        if "sessions.training_sessions" in tables:
            await copy_table(
                settings, "sessions.training_sessions", users, tables["sessions.training_sessions"],
                start,
            )  # fmt: skip

    await asyncio.gather(chat(), training())
    return time.perf_counter() - started


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(
    clients: dict[str, httpx.AsyncClient],
    pids: dict[str, int],
    headers: dict[str, str],
    reads: list[str],
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for read in reads:
        service, path, params = READS[read]
        http = clients[service]
        for _ in range(2):  # warm: connection, caches, prepared statements
            (await http.get(path, params=params, headers=headers)).raise_for_status()
        latencies: list[float] = []
        cpu_before = cpu_seconds(pids[service])
        began = time.perf_counter()
        while len(latencies) < SAMPLES and (
            len(latencies) < MIN_SAMPLES or time.perf_counter() - began < BUDGET_S
        ):
            started = time.perf_counter()
            response = await http.get(path, params=params, headers=headers)
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()
        cpu = cpu_seconds(pids[service]) - cpu_before
        ordered = sorted(latencies)
        out[read] = {
            "n": len(ordered),
            "p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(ordered[max(0, int(len(ordered) * 0.99 + 0.5) - 1)] * 1000, 2),
            "server_cpu_ms": round(cpu * 1000 / len(ordered), 2),
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


def reads_at(n: int) -> list[str]:
    return [read for read in READS if LARGEST.get(read, n) >= n]


async def one_size(n: int) -> dict[str, Any]:
    settings = isolated_settings(rabbit=False)
    await migrate(settings)
    env = tenant_env(settings, SESSIONHUB_LOG_LEVEL="WARNING")
    # SCALE_PORT_BASE pins the two servers' ports (a shared machine's allotted range).
    base = os.environ.get("SCALE_PORT_BASE")
    ports = {
        service: int(base) + i if base else free_port()
        for i, service in enumerate(("chat", "session-api"))
    }
    servers = {
        service: subprocess.Popen(  # noqa: ASYNC220 - started once, before any measurement
            [str(SESSIONHUB), "serve", service, "--host", "127.0.0.1", "--port", str(port)],
            env=env,
        )
        for service, port in ports.items()
    }
    pids = {service: server.pid for service, server in servers.items()}
    clients = {
        service: httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120)
        for service, port in ports.items()
    }
    reads = reads_at(n)
    others_n = min(n, OTHERS_ROWS // OTHERS)
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
        load_alone = await load(settings, [CALLER], tables_for(reads, n), start)
        alone = await measure(clients, pids, headers, reads)
        others = [f"bench-other-{i}" for i in range(OTHERS)]
        load_others = await load(
            settings, others, tables_for(reads, others_n), start + timedelta(days=1)
        )
        crowded = await measure(clients, pids, headers, reads)
    finally:
        for http in clients.values():
            await http.aclose()
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            server.wait(timeout=30)
        await cleanup(settings, [chat_spec, sessions_spec])
    return {
        "rows": n,
        "others_rows_per_user": others_n,
        "load_avg": [round(x, 2) for x in os.getloadavg()],
        "load_s": round(load_alone, 1),
        "load_others_s": round(load_others, 1),
        "alone": alone,
        "others": crowded,
    }


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for read in READS:
        measured = [r for r in results if read in r["alone"]]
        if not measured:
            continue
        steps = [
            later["alone"][read]["p50_ms"] / earlier["alone"][read]["p50_ms"]
            for earlier, later in itertools.pairwise(measured)
            if later["rows"] == earlier["rows"] * 10
        ]
        tenants = [r["others"][read]["p50_ms"] / r["alone"][read]["p50_ms"] for r in measured]
        largest = measured[-1]
        summary[f"{read}_largest_rows"] = largest["rows"]
        summary[f"{read}_p99_ms_at_largest"] = max(
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
            f"--- {n:,} rows per user (COPY: caller {result['load_s']} s, {OTHERS} others of "
            f"{result['others_rows_per_user']:,} {result['load_others_s']} s; "
            f"load average {result['load_avg']})"
        )
        for read in result["alone"]:
            a, o = result["alone"][read], result["others"][read]
            print(
                f"  {read:<14} alone p50 {a['p50_ms']:>7} ms  p99 {a['p99_ms']:>7} ms  "
                f"cpu {a['server_cpu_ms']:>5} ms   with others p50 {o['p50_ms']:>7} ms  "
                f"p99 {o['p99_ms']:>7} ms  cpu {o['server_cpu_ms']:>5} ms"
            )
    summary = summarise(results)
    print("--- growth per 10x (p50, worst step; target <= 1.5) and tenant factor (<= 1.5)")
    for read in READS:
        if f"{read}_largest_rows" not in summary:
            continue
        print(
            f"  {read:<14} growth {summary[f'{read}_growth_steps']} -> "
            f"{summary[f'{read}_growth_factor']}   tenant {summary[f'{read}_tenant_factors']} "
            f"-> {summary[f'{read}_tenant_factor']}   p99 at "
            f"{summary[f'{read}_largest_rows']:,}: {summary[f'{read}_p99_ms_at_largest']} ms "
            "(target < 50)"
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
