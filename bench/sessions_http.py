"""session-api's hot path under wrk, against the limit: one INSERT behind FastAPI + asyncpg.

    uv run python bench/sessions_http.py        (needs `wrk`: apt-get install wrk)

Starts, on free loopback ports, ``sessionhub serve session-api`` (offline persona, embedded
event bus on the local PostgreSQL, local Redis, a fresh prefix removed at the end) and
bench/_limit_app.py (FastAPI + asyncpg, ``POST /items`` doing one INSERT, uvicorn with the
same defaults). wrk drives each with CONNECTIONS keep-alive connections for DURATION_S:

- limit:  ``POST /items`` on the minimal endpoint;
- create: ``POST /api/training-sessions`` (32 users' tokens in turn);
- append: ``PATCH /api/training-sessions/{id}`` with one transcript line, over 32 sessions.

Targets at 32 connections: create and append at least 50% of the limit's throughput, p99
under 50 ms. The three are measured in turn, ROUNDS times (BENCH_ROUNDS): on a shared
two-core machine the limit alone swung 2,800–5,400 req/s between runs, so each ratio is
taken within one round, against the limit measured seconds before it, and the figures
reported are the medians over the rounds (every round is in the JSON line). Also:
``POST /api/groups`` with 100 sessions (target < 1 s). The last line printed is one JSON
object with every figure. Each figure carries the served process's CPU per request and,
when PostgreSQL runs on this box, every postgres process's (the whole cluster's).
``BENCH_ONLY=create`` measures the limit and create alone (for A/B runs of one path).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from sessionhub.common.db import asyncpg_dsn
from sessionhub.sessions.service_spec import spec
from sessionhub.testing.plugin import (
    DATABASE_URL,
    REDIS_URL,
    Tokens,
    cleanup,
    isolated_settings,
    shipped_pools,
    tenant_env,
    wait_until,
)

BENCH = Path(__file__).resolve().parent
SESSIONHUB = Path(sys.executable).with_name("sessionhub")
CONNECTIONS = 32
DURATION_S = int(os.environ.get("BENCH_DURATION_S", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# BENCH_ONLY=create (or append): that path alone against the limit, for A/B runs of one path.
ONLY = [x for x in os.environ.get("BENCH_ONLY", "create,append").split(",") if x]
WARMUP_S = 2
GROUP_SIZE = 100
TARGET_RATIO = 0.5
TARGET_P99_MS = 50.0

# One JSON line from wrk's done() hook: throughput and latency percentiles in microseconds.
LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"socket_errors":%d,"non_2xx":%d,'
    .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal here


def lua_requests(method: str, requests: list[tuple[str, str, str]]) -> str:
    """A wrk script sending ``requests`` (path, token, body) round-robin."""
    rows = ",\n".join(
        f"  {{{lua_string(path)}, {lua_string(token)}, {lua_string(body)}}}"
        for path, token, body in requests
    )
    return f"""
local rows = {{
{rows}
}}
local i = 0
request = function()
  i = (i % #rows) + 1
  local row = rows[i]
  return wrk.format({lua_string(method)}, row[1],
    {{["Content-Type"] = "application/json", ["Authorization"] = row[2]}}, row[3])
end
{LUA_DONE}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wrk(url: str, script: str, duration_s: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    try:
        run = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{duration_s}s",
                "--timeout",
                "10s",
                "-s",
                f.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(f.name)
    line = [x for x in run.stdout.splitlines() if x.startswith('{"requests"')][-1]
    raw = json.loads(line)
    seconds = raw["duration_us"] / 1e6
    return {
        "requests": raw["requests"],
        "rps": round(raw["requests"] / seconds, 1),
        "p50_ms": round(raw["p50_us"] / 1000, 2),
        "p90_ms": round(raw["p90_us"] / 1000, 2),
        "p99_ms": round(raw["p99_us"] / 1000, 2),
        "max_ms": round(raw["max_us"] / 1000, 2),
        "errors": raw["socket_errors"] + raw["non_2xx"],
    }


def cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used (independent of the box's load)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu_s() -> float | None:
    """CPU seconds of every postgres process on this box (backends, WAL writer, autovacuum):
    None when PostgreSQL does not run here (or runs as a user whose /proc we cannot read)."""
    total, seen = 0.0, False
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            total += cpu_s(int(entry.name))
        except OSError:
            continue
        seen = True
    return total if seen else None


def measure(url: str, script: str, pid: int) -> dict[str, Any]:
    wrk(url, script, WARMUP_S)
    before, pg_before = cpu_s(pid), postgres_cpu_s()
    result = wrk(url, script, DURATION_S)
    requests = max(1, result["requests"])
    result["server_cpu_ms_per_request"] = round((cpu_s(pid) - before) * 1000 / requests, 3)
    pg_after = postgres_cpu_s()
    if pg_before is not None and pg_after is not None:
        # The whole cluster's, so other work on the box counts too: compare within a run.
        result["postgres_cpu_ms_per_request"] = round((pg_after - pg_before) * 1000 / requests, 3)
    return result


async def up(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=5) as http:

        async def probe() -> bool:
            try:
                return (await http.get("/health")).status_code == 200
            except httpx.TransportError:
                return False

        await wait_until(probe, timeout_s=60, interval_s=0.2, message=base_url)


def group_body(run: int) -> dict[str, Any]:
    return {
        "group_name": f"Bench group {run}",
        "sessions": [
            {
                "title": f"Session {i}",
                "scenario": "A prospect compares us with a cheaper rival.",
                "persona": "Budget-conscious operations manager",
            }
            for i in range(GROUP_SIZE)
        ],
    }


async def run(
    api: str, limit: str, tokens: list[str], api_pid: int, limit_pid: int
) -> dict[str, Any]:
    create_body = json.dumps({"agent_name": "Riley"})
    async with httpx.AsyncClient(base_url=api, timeout=60) as http:
        sessions = []
        for token in tokens:
            r = await http.post(
                "/api/training-sessions",
                content=create_body,
                headers={"Authorization": token, "Content-Type": "application/json"},
            )
            assert r.status_code == 201, r.text
            sessions.append(r.json()["id"])
        line = json.dumps({"transcript_line": {"speaker": "trainee", "text": "What's the ROI?"}})
        scripts = {
            "limit": (f"{limit}/items", lua_requests("POST", [("/items", "", create_body)])),
            "create": (
                api,
                lua_requests("POST", [("/api/training-sessions", t, create_body) for t in tokens]),
            ),
            "append": (
                api,
                lua_requests(
                    "PATCH",
                    [
                        (f"/api/training-sessions/{s}", t, line)
                        for s, t in zip(sessions, tokens, strict=True)
                    ],
                ),
            ),
        }
        scripts = {name: scripts[name] for name in ("limit", *ONLY)}
        rounds = []
        for _ in range(ROUNDS):
            figures = {
                name: measure(url, script, limit_pid if name == "limit" else api_pid)
                for name, (url, script) in scripts.items()
            }
            for name in ONLY:
                figures[name]["ratio_to_limit"] = round(
                    figures[name]["rps"] / figures["limit"]["rps"], 3
                )
            rounds.append(figures)
        group_times = []
        for attempt in range(3):
            started = time.perf_counter()
            response = await http.post(
                "/api/groups", json=group_body(attempt), headers={"Authorization": tokens[0]}
            )
            group_times.append(round(time.perf_counter() - started, 3))
            assert response.status_code == 201, response.text
            assert response.json()["created_count"] == GROUP_SIZE, response.text
    result: dict[str, Any] = {name: median_of(rounds, name) for name in scripts}
    result["rounds"] = rounds
    result["group_100_runs_s"] = group_times
    return result


def pg_cpu(figures: dict[str, Any]) -> str:
    ms = figures.get("postgres_cpu_ms_per_request")
    return "" if ms is None else f" (PostgreSQL {ms} ms)"


def median_of(rounds: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """Each figure's median over the rounds (requests and errors: their sums)."""
    runs = [r[name] for r in rounds]
    figures: dict[str, Any] = {
        key: round(statistics.median(run[key] for run in runs), 3)
        for key in runs[0]
        if key not in ("requests", "errors")
    }
    figures["requests"] = sum(run["requests"] for run in runs)
    figures["errors"] = sum(run["errors"] for run in runs)
    return figures


async def main() -> None:
    if shutil.which("wrk") is None:
        sys.exit("bench/sessions_http.py needs wrk: apt-get install wrk")
    settings = isolated_settings(rabbit=False, **shipped_pools())
    env = {k: v for k, v in tenant_env(settings).items() if not k.startswith("OPENAI_")}
    env.update(
        {
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": REDIS_URL,
            "SESSIONHUB_LOG_LEVEL": "WARNING",
            "SESSIONHUB_SESSIONS_CREATES_PER_MINUTE": "1000000",
        }
    )
    api_port, limit_port = free_port(), free_port()
    limit_schema = f"{settings.db_schema_prefix}limit"
    servers = [
        subprocess.Popen(  # noqa: ASYNC220 - started once, before any measurement
            [
                str(SESSIONHUB),
                "serve",
                "session-api",
                "--host",
                "127.0.0.1",
                "--port",
                str(api_port),
            ],
            env=env,
        ),
        subprocess.Popen(  # noqa: ASYNC220
            [
                sys.executable,
                str(BENCH / "_limit_app.py"),
                "--dsn",
                asyncpg_dsn(DATABASE_URL),
                "--schema",
                limit_schema,
                "--port",
                str(limit_port),
                "--pool-size",
                str(settings.db_driver_pool_size),
            ],
            env=env,
        ),
    ]
    api, limit = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{limit_port}"
    try:
        await up(api)
        await up(limit)
        token_source = Tokens(settings)
        tokens = [token_source.headers(f"bench-{c}")["Authorization"] for c in range(CONNECTIONS)]
        result = await run(api, limit, tokens, servers[0].pid, servers[1].pid)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        await cleanup(settings, [spec])
        conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
        try:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{limit_schema}" CASCADE')
        finally:
            await conn.close()

    base = result["limit"]
    print(f"medians of {ROUNDS} rounds of {DURATION_S} s each")
    print(
        f"limit (FastAPI + asyncpg, one INSERT): {base['rps']} req/s, "
        f"p99 {base['p99_ms']} ms at {CONNECTIONS} connections, "
        f"{base['server_cpu_ms_per_request']} ms server CPU per request{pg_cpu(base)}"
    )
    met = True
    for name in ONLY:
        f = result[name]
        ratio = f["ratio_to_limit"]
        ok = ratio >= TARGET_RATIO and f["p99_ms"] < TARGET_P99_MS and f["errors"] == 0
        met = met and ok
        print(
            f"{name}: {f['rps']} req/s = {ratio:.2f}x the limit (target >= {TARGET_RATIO}), "
            f"p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms (target < {TARGET_P99_MS:.0f}), "
            f"errors {f['errors']}, {f['server_cpu_ms_per_request']} ms server CPU per request"
            f"{pg_cpu(f)} "
            f"-> {'met' if ok else 'MISSED'}; by round "
            f"{', '.join(str(r[name]['ratio_to_limit']) for r in result['rounds'])}x"
        )
    group_s = sorted(result["group_100_runs_s"])[1]
    print(f"group of {GROUP_SIZE}: median {group_s} s (target < 1 s)")
    result.update(
        {
            "bench": "sessions_http",
            "load_generator": "wrk",
            "connections": CONNECTIONS,
            "duration_s": DURATION_S,
            "round_count": ROUNDS,
            "group_100_s": group_s,
            "targets_met": met and group_s < 1.0,
        }
    )
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
