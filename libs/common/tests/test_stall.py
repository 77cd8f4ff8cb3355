"""One failing request never stalls the others, in either log format (a real server process)."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from sessionhub.testing.plugin import (
    Tokens,
    cleanup,
    isolated_settings,
    tenant_env,
    wait_until,
)

from .fixtures_service.probe import probe_spec

SERVER = Path(__file__).parent / "fixtures_service" / "stall_server.py"
HEALTH_BUDGET_S = 0.1
PROBES = 40
TOKEN_SECRET_PART = "not-a-real-signature-but-secret"


@contextlib.asynccontextmanager
async def stall_server(tmp_path: Path, log_format: str) -> AsyncIterator[tuple[str, Path, Tokens]]:
    settings = isolated_settings(
        rabbit=False, log_format=log_format, log_level="INFO", data_dir=tmp_path
    )
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log_file:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(SERVER),
            env=tenant_env(settings),
            stdout=asyncio.subprocess.PIPE,
            stderr=log_file,
        )
        try:
            assert proc.stdout is not None
            port = int(await asyncio.wait_for(proc.stdout.readline(), 60))
            url = f"http://127.0.0.1:{port}"

            async def healthy() -> bool:
                with contextlib.suppress(httpx.HTTPError):
                    async with httpx.AsyncClient() as client:
                        return (await client.get(f"{url}/ready")).status_code == 200
                return False

            await wait_until(healthy, timeout_s=60, message="stall server ready")
            yield url, log_path, Tokens(settings)
        finally:
            proc.terminate()
            await asyncio.wait_for(proc.wait(), 30)
            await cleanup(settings, [probe_spec()])


async def _timed_health(client: httpx.AsyncClient) -> float:
    started = time.perf_counter()
    r = await client.get("/health")
    assert r.status_code == 200
    return time.perf_counter() - started


@pytest.mark.parametrize("log_format", ["console", "json"])
async def test_health_answers_while_requests_fail_expensively(
    tmp_path: Path, log_format: str
) -> None:
    async with (
        stall_server(tmp_path, log_format) as (url, log_path, tokens),
        httpx.AsyncClient(base_url=url, timeout=120) as client,
    ):
        headers = tokens.headers("staller")
        # A second, bogus bearer credential rides along in a header the app ignores.
        headers["X-Forwarded-Authorization"] = f"Bearer {TOKEN_SECRET_PART}"
        failures: list[httpx.Response] = []

        async def fail_forever() -> None:
            # One failing request at a time, the costliest we have, back to back.
            body = b"x" * 900_000
            raw = {**headers, "content-type": "application/octet-stream"}
            while True:
                failures.append(await client.post("/api/stall/deep", content=body, headers=raw))
                failures.append(await client.get("/api/stall/db-error", headers=headers))

        # The same probes with nothing failing: what this machine gives right now.
        baseline = [await _timed_health(client) for _ in range(10)]
        failing = [asyncio.create_task(fail_forever())]
        latencies: list[float] = []
        try:
            await wait_until(
                lambda: asyncio.sleep(0, result=len(failures) >= 2),
                timeout_s=120,
                message="the failing requests to be under way",
            )
            while len(latencies) < PROBES:
                latencies.append(await _timed_health(client))
        finally:
            for task in failing:
                task.cancel()
            await asyncio.gather(*failing, return_exceptions=True)

    assert failures
    for r in failures:
        assert r.status_code == 500
        assert r.headers["content-type"] == "application/problem+json"
    # 100 ms, unless the shared machine is slower than that with nothing failing; a
    # stall (the renderer printing locals) costs seconds per failure, far past either.
    budget = max(HEALTH_BUDGET_S, 5 * statistics.median(baseline))
    late = [t for t in latencies if t > budget]
    assert len(late) <= PROBES // 10, f"late /health probes (budget {budget:.3f}s): {late}"
    assert statistics.median(latencies) < budget
    logged = log_path.read_text()
    assert "unhandled_error" in logged
    assert "no_such_table" in logged
    token = headers["Authorization"].removeprefix("Bearer ")
    assert token[:12] not in logged
    assert TOKEN_SECRET_PART not in logged
