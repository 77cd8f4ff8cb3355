"""Real ``sessionhub worker <service>`` processes for tests and benchmarks.

Each is its own OS process pointed at one tenant (``tenant_env``). The venv's
``sessionhub`` entry point is started directly, which is what ``uv run sessionhub``
executes: with ``uv`` in between, a SIGKILL would hit ``uv`` and leave the worker running.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from sessionhub.common.config import Settings
from sessionhub.testing.plugin import tenant_env, wait_until

SESSIONHUB = Path(sys.executable).with_name("sessionhub")


def free_port() -> int:
    """A port nothing listens on now (the OS picks it), for a child process to bind."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class WorkerProcess:
    """``sessionhub worker <service>`` logging to ``log``; ``extra`` adds environment."""

    service: str
    settings: Settings
    log: Path
    extra: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    metrics_port: int = field(default_factory=free_port)
    process: asyncio.subprocess.Process | None = None

    @property
    def name(self) -> str:
        return self.log.stem

    def env(self) -> dict[str, str]:
        """The environment ops would set, pointing at this tenant."""
        return tenant_env(
            self.settings,
            **{
                "SESSIONHUB_LOG_LEVEL": "INFO",
                "SESSIONHUB_DB_POOL_SIZE": "4",
                "SESSIONHUB_METRICS_PORT": str(self.metrics_port),
                **self.extra,
            },
        )

    async def start(self) -> Self:
        """Start it and return once it logs ``worker_ready``."""
        with self.log.open("wb") as out:
            self.process = await asyncio.create_subprocess_exec(
                str(SESSIONHUB),
                "worker",
                self.service,
                cwd=self.cwd,
                env=self.env(),
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
            )
        await wait_until(self._ready, timeout_s=60, interval_s=0.1, message=f"{self.name} ready")
        return self

    async def _ready(self) -> bool:
        assert self.process is not None
        if self.process.returncode is not None:
            raise AssertionError(f"{self.name} exited early:\n{self.log.read_text()[-3000:]}")
        return b"worker_ready" in await asyncio.to_thread(self.log.read_bytes)

    async def exit_code(self, timeout_s: float = 30) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), timeout_s)

    async def stop(self, *, graceful: bool = False) -> None:
        """SIGKILL (or SIGTERM when ``graceful``) unless it has exited, then reap it."""
        if self.process is not None and self.process.returncode is None:
            with suppress(ProcessLookupError):
                if graceful:
                    self.process.terminate()
                else:
                    self.process.kill()
            await self.process.wait()
