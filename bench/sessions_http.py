"""session-api over HTTP: create and append p99 with 32 concurrent clients, group creation.

    uv run python bench/sessions_http.py

Starts ``sessionhub serve session-api`` as a real process on loopback (offline opening
messages, embedded event bus on the local PostgreSQL, local Redis), under a fresh prefix
for schemas and keys that is removed at the end. Measures:

- baseline: ``GET /health`` p99 with 32 concurrent clients (the HTTP floor of this box);
- create: ``POST /api/training-sessions`` p99 with 32 concurrent clients (target < 50 ms);
- append: ``PATCH /api/training-sessions/{id}`` p99 with 32 concurrent clients, one
  session each (target < 50 ms);
- group: ``POST /api/groups`` with 100 sessions, wall time (target < 1 s), against 100
  single creations one after another.

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from sessionhub.common.testing.plugin import (
    DATABASE_URL,
    REDIS_URL,
    Tokens,
    cleanup,
    isolated_settings,
    wait_until,
)
from sessionhub.sessions.service_spec import spec

SESSIONHUB = Path(sys.executable).with_name("sessionhub")
PORT = 8731
CLIENTS = 32
CREATES_PER_CLIENT = 20
APPENDS_PER_CLIENT = 40
HEALTH_PER_CLIENT = 30
GROUP_SIZE = 100
GROUP_RUNS = 3


def p(latencies: list[float], q: float) -> float:
    ordered = sorted(latencies)
    return round(ordered[max(0, int(len(ordered) * q) - 1)] * 1000, 2)


def figures(latencies: list[float]) -> dict[str, float]:
    return {"n": len(latencies), "p50_ms": p(latencies, 0.5), "p99_ms": p(latencies, 0.99)}


async def concurrently(per_client: int, call: Callable[[int, int], Awaitable[None]]) -> list[float]:
    """Run ``call(client, i)`` from CLIENTS clients at once; returns every latency."""
    latencies: list[float] = []

    async def client(c: int) -> None:
        for i in range(per_client):
            started = time.perf_counter()
            await call(c, i)
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(client(c) for c in range(CLIENTS)))
    return latencies


def group_body(run: int) -> dict[str, Any]:
    return {
        "group_name": f"Bench group {run}",
        "sessions": [
            {
                "title": f"Session {i}",
                "scenario": "A prospect is comparing us with a cheaper competitor.",
                "persona": "Budget-conscious operations manager",
            }
            for i in range(GROUP_SIZE)
        ],
    }


async def run(http: httpx.AsyncClient, tokens: Tokens) -> dict[str, Any]:
    headers = [tokens.headers(f"bench-{c}") for c in range(CLIENTS)]

    async def health(c: int, i: int) -> None:
        (await http.get("/health")).raise_for_status()

    async def create(c: int, i: int) -> None:
        response = await http.post(
            "/api/training-sessions", json={"agent_name": "Riley"}, headers=headers[c]
        )
        assert response.status_code == 201, response.text

    await concurrently(5, health)  # warm the connection pool
    await concurrently(2, create)
    baseline = await concurrently(HEALTH_PER_CLIENT, health)
    creates = await concurrently(CREATES_PER_CLIENT, create)

    sessions = []
    for c in range(CLIENTS):
        response = await http.post(
            "/api/training-sessions", json={"agent_name": "Riley"}, headers=headers[c]
        )
        sessions.append(response.json()["id"])

    async def append(c: int, i: int) -> None:
        response = await http.patch(
            f"/api/training-sessions/{sessions[c]}",
            json={"transcript_line": {"speaker": "trainee", "text": f"Line {i}: what's the ROI?"}},
            headers=headers[c],
        )
        assert response.status_code == 200, response.text

    appends = await concurrently(APPENDS_PER_CLIENT, append)

    sequential_started = time.perf_counter()
    for _ in range(GROUP_SIZE):
        await create(0, 0)
    sequential_s = time.perf_counter() - sequential_started
    group_times = []
    for r in range(GROUP_RUNS):
        started = time.perf_counter()
        response = await http.post("/api/groups", json=group_body(r), headers=headers[1])
        group_times.append(time.perf_counter() - started)
        assert response.status_code == 201, response.text
        assert response.json()["created_count"] == GROUP_SIZE
    return {
        "baseline_health": figures(baseline),
        "create": figures(creates),
        "append": figures(appends),
        "group_100_s": round(statistics.median(group_times), 3),
        "group_100_runs_s": [round(t, 3) for t in group_times],
        "sequential_100_creates_s": round(sequential_s, 3),
    }


async def main() -> None:
    settings = isolated_settings(rabbit=False)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update(
        {
            "DATABASE_URL": DATABASE_URL,
            "REDIS_URL": REDIS_URL,
            "SESSIONHUB_DB_SCHEMA_PREFIX": settings.db_schema_prefix,
            "SESSIONHUB_REDIS_PREFIX": settings.redis_prefix,
            "SESSIONHUB_JWT_SECRET": settings.jwt_secret or "",
            "SESSIONHUB_LOG_LEVEL": "WARNING",
            "SESSIONHUB_DB_POOL_SIZE": "10",
            "SESSIONHUB_SESSIONS_CREATES_PER_MINUTE": "100000",
        }
    )
    server = subprocess.Popen(  # noqa: ASYNC220 - started once, before any measurement
        [str(SESSIONHUB), "serve", "session-api", "--host", "127.0.0.1", "--port", str(PORT)],
        env=env,
    )
    try:
        limits = httpx.Limits(max_connections=CLIENTS * 2, max_keepalive_connections=CLIENTS * 2)
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{PORT}", limits=limits, timeout=60
        ) as http:

            async def up() -> bool:
                try:
                    return (await http.get("/health")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_until(up, timeout_s=60, interval_s=0.2, message="the server")
            result = await run(http, Tokens(settings))
    finally:
        server.terminate()
        server.wait(timeout=30)
        await cleanup(settings, [spec])

    base = result["baseline_health"]["p99_ms"]
    print(f"baseline GET /health p99 {base} ms with {CLIENTS} clients")
    for name in ("create", "append"):
        f = result[name]
        print(
            f"{name}: p50 {f['p50_ms']} ms, p99 {f['p99_ms']} ms "
            f"({f['p99_ms'] / base:.1f}x baseline p99; target p99 < 50 ms)"
        )
    ratio = result["group_100_s"] / result["sequential_100_creates_s"]
    print(
        f"group of {GROUP_SIZE}: {result['group_100_s']} s (target < 1 s); "
        f"{ratio:.2f}x the time of {GROUP_SIZE} sequential single creates "
        f"({result['sequential_100_creates_s']} s)"
    )
    result.update(
        {
            "bench": "sessions_http",
            "clients": CLIENTS,
            "create_p99_over_baseline": round(result["create"]["p99_ms"] / base, 2),
            "append_p99_over_baseline": round(result["append"]["p99_ms"] / base, 2),
            "group_over_sequential": round(ratio, 3),
            "targets_met": result["create"]["p99_ms"] < 50
            and result["append"]["p99_ms"] < 50
            and result["group_100_s"] < 1.0,
        }
    )
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
