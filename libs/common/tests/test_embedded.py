"""The embedded topology's servers, as a newcomer meets them: real processes and signals.

- operator commands (``dlq``, ``sessions import-legacy``) find the PostgreSQL the running
  ``sessionhub run`` uses, or start one for their own duration;
- stopping ``sessionhub run`` (SIGTERM, Ctrl-C, ``make run`` killed) stops PostgreSQL and
  Redis; ``sessionhub stop`` cleans up after a SIGKILL.

Every test uses one private data directory (one initdb), never a shared server.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from sessionhub.common.db import asyncpg_dsn
from sessionhub.common.embedded import EmbeddedServers, stop_leftovers
from sessionhub.testing.plugin import DATABASE_URL

from .test_topologies import Process, free_port, poll, sessionhub_executable

REPO = Path(__file__).resolve().parents[3]
_CONNECTIONS = ("DATABASE_URL", "REDIS_URL", "RABBITMQ_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL")

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    # Not tmp_path: pgserver runs PostgreSQL as its own user when we are root, and it
    # must traverse the directory.
    path = Path(tempfile.mkdtemp(prefix="sessionhub-embedded-"))
    path.chmod(0o755)
    try:
        yield path / "data"
    finally:
        stop_leftovers(path / "data")
        shutil.rmtree(path, ignore_errors=True)


def embedded_env(data_dir: Path) -> dict[str, str]:
    """No server configured: everything embedded under ``data_dir``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SESSIONHUB_", "DIST_")) and k not in _CONNECTIONS
    }
    return env | {"SESSIONHUB_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}


def postgres_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "postgres" / "postmaster.pid").read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None


def redis_pid(data_dir: Path) -> int | None:
    try:
        registry = json.loads((data_dir / "redis" / "sessionhub.rdb.settings").read_text())
        return int(Path(registry["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError):
        return None


def alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


async def gone(pids: list[int | None], timeout_s: float = 30) -> bool:
    deadline = time.monotonic() + timeout_s
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    return not any(alive(p) for p in pids)


async def start_app(data_dir: Path, log: Path, *, via_make: bool = False) -> tuple[Process, int]:
    port = free_port()
    if via_make:
        args = ["make", "-s", "-C", str(REPO), "run", f"PORT={port}", f"VENV={sys.prefix}"]
    else:
        args = [sessionhub_executable(), "run", "--port", str(port)]
    process = Process(args, embedded_env(data_dir), log)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:

        async def healthy() -> bool:
            return (await client.get("/health")).status_code == 200

        await poll(healthy, timeout_s=120, what="/health", process=process, interval_s=0.2)
    return process, port


async def sessionhub(
    data_dir: Path, *args: str, unset: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in embedded_env(data_dir).items() if k not in unset}
    return await asyncio.to_thread(
        subprocess.run,
        [sessionhub_executable(), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="class")
async def running_app(data_dir: Path) -> AsyncIterator[Process]:
    process, _ = await start_app(data_dir, data_dir.parent / "app.log")
    try:
        yield process
    finally:
        await process.stop(timeout_s=60)


async def park_dead_letter(data_dir: Path, queue: str, error: str) -> None:
    """A delivery the embedded bus has given up on, as its consumer would leave it."""
    servers = EmbeddedServers(data_dir)
    try:
        conn = await asyncpg.connect(asyncpg_dsn(servers.postgres_url()))
        try:
            await conn.execute(
                """INSERT INTO sessionhub_bus.deliveries
                     (queue, event_id, routing_key, body, attempts, last_error, dead_at)
                   VALUES ($1, $2, 'session.completed', '{}', 4, $3, now())""",
                queue,
                uuid.uuid4().hex,
                error,
            )
        finally:
            await conn.close()
    finally:
        servers.close()


class TestOperatorCommandsUseTheAppsServers:
    async def test_dlq_list_replay_and_purge(self, running_app: Process, data_dir: Path) -> None:
        queue = "grader.grading"
        empty = await sessionhub(data_dir, "dlq", "list", queue)
        assert empty.returncode == 0, empty.stderr
        assert f"0 dead-lettered event(s) in {queue}" in empty.stdout

        await park_dead_letter(data_dir, queue, "boom: parked by the test")
        listed = await sessionhub(data_dir, "dlq", "list", queue)
        assert "boom: parked by the test" in listed.stdout
        assert f"1 dead-lettered event(s) in {queue}" in listed.stdout

        purged = await sessionhub(data_dir, "dlq", "purge", queue)
        assert f"purged 1 event(s) from {queue}" in purged.stdout

        await park_dead_letter(data_dir, "session-api.grades", "boom")
        replayed = await sessionhub(data_dir, "dlq", "replay", "session-api.grades")
        assert "replayed 1 event(s) to session-api.grades" in replayed.stdout
        # The commands attached to the app's server; they did not stop it.
        assert running_app.alive()
        assert alive(postgres_pid(data_dir))

    async def test_no_library_warnings_without_a_runtime_dir(
        self, running_app: Process, data_dir: Path
    ) -> None:
        """Root in a container or CI has no XDG_RUNTIME_DIR: an operator command prints its
        answer, not a third-party library's warning about it."""
        result = await sessionhub(
            data_dir, "dlq", "list", "grader.grading", unset=("XDG_RUNTIME_DIR",)
        )
        assert result.returncode == 0, result.stderr
        assert "Warning:" not in result.stderr, result.stderr

    async def test_dlq_of_an_unknown_queue_says_so(
        self, running_app: Process, data_dir: Path
    ) -> None:
        result = await sessionhub(data_dir, "dlq", "list", "grader.gradnig")
        assert result.returncode == 1
        assert "queue grader.gradnig does not exist" in result.stderr
        assert "grader.grading" in result.stderr  # the known queues are listed
        assert result.stdout == ""

    async def test_import_legacy_into_the_embedded_database(
        self, running_app: Process, data_dir: Path
    ) -> None:
        schema = f"legacy_{uuid.uuid4().hex[:10]}"
        conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
        try:
            await conn.execute(f"CREATE SCHEMA {schema}")
            await conn.execute(
                f"""CREATE TABLE {schema}.live_sessions (
                    id uuid PRIMARY KEY, user_id uuid NOT NULL, agent_name text,
                    started_at timestamptz, ended_at timestamptz, full_transcript jsonb,
                    rapport_score integer, overall_score integer, virtual_earnings numeric)"""
            )
            await conn.execute(
                f"""INSERT INTO {schema}.live_sessions VALUES ($1, $2, 'Jordan',
                    '2024-05-01T10:00:00Z', '2024-05-01T10:05:00Z', $3::jsonb, 70, 72, 1.5)""",
                uuid.uuid4(),
                uuid.uuid4(),
                json.dumps([{"speaker": "agent", "text": "Hi, what do you need?"}]),
            )
            args = ["--source-dsn", DATABASE_URL, "--table", f"{schema}.live_sessions"]
            result = await sessionhub(data_dir, "sessions", "import-legacy", *args)
            assert result.returncode == 0, result.stderr
            assert "imported 1," in result.stdout
            again = await sessionhub(data_dir, "sessions", "import-legacy", *args)
            assert "imported 0, already imported 1" in again.stdout
        finally:
            await conn.execute(f"DROP SCHEMA {schema} CASCADE")
            await conn.close()
        assert running_app.alive()


class TestStoppingStopsTheEmbeddedServers:
    @pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
    async def test_signal_to_sessionhub_run(self, data_dir: Path, sig: signal.Signals) -> None:
        process, _ = await start_app(data_dir, data_dir.parent / f"run-{sig.name}.log")
        try:
            servers = [postgres_pid(data_dir), redis_pid(data_dir)]
            assert all(alive(p) for p in servers), servers
            process.popen.send_signal(sig)
            assert await asyncio.to_thread(process.popen.wait, 60) is not None
            assert await gone(servers), f"still running: {servers}\n{process.tail()}"
        finally:
            await process.stop(timeout_s=30)

    async def test_sigterm_to_make_run(self, data_dir: Path) -> None:
        make, _ = await start_app(data_dir, data_dir.parent / "make-run.log", via_make=True)
        try:
            servers = [postgres_pid(data_dir), redis_pid(data_dir)]
            assert all(alive(p) for p in servers), servers
            # Only make gets the signal, as with `kill <pid of make>`.
            os.kill(make.popen.pid, signal.SIGTERM)
            await asyncio.to_thread(make.popen.wait, 60)
            assert await gone(servers), f"still running: {servers}\n{make.tail()}"
            assert await gone_group(make), make.tail()
        finally:
            await make.stop(timeout_s=30)

    async def test_sessionhub_stop_after_sigkill(self, data_dir: Path) -> None:
        process, _ = await start_app(data_dir, data_dir.parent / "run-kill.log")
        servers = [postgres_pid(data_dir), redis_pid(data_dir)]
        process.popen.kill()
        await asyncio.to_thread(process.popen.wait, 30)
        assert all(alive(p) for p in servers), "SIGKILL should leave them running"

        stopped = await sessionhub(data_dir, "stop")
        assert stopped.returncode == 0, stopped.stderr
        assert "stopped postgresql" in stopped.stdout
        assert "stopped redis" in stopped.stdout
        assert await gone(servers)

        # The killed app's pid no longer holds PostgreSQL: a command that has to start
        # the server stops it again when it is done.
        listed = await sessionhub(data_dir, "dlq", "list", "grader.grading")
        assert listed.returncode == 0, listed.stderr
        assert await gone([postgres_pid(data_dir)])

        nothing = await sessionhub(data_dir, "stop")
        assert "nothing running" in nothing.stdout


async def gone_group(process: Process, timeout_s: float = 30) -> bool:
    deadline = time.monotonic() + timeout_s
    while process.group_alive() and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    return not process.group_alive()
