"""`sessionhub worker builder` processes competing for generations, and one SIGKILLed.

The API runs in this process without consumers; every generation is made by real
worker processes on RabbitMQ, pointed at this test's tenant and the scripted LLM.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from sessionhub.builder.service_spec import spec
from sessionhub.common.config import Settings
from sessionhub.common.testing.llm_server import Reply, ScriptedLLMServer
from sessionhub.common.testing.plugin import (
    isolated_settings,
    running_app,
    tenant_env,
    wait_until,
)

from .conftest import FULL_METADATA, BuilderApi
from .support import finished, generate, responder

SESSIONHUB = Path(sys.executable).with_name("sessionhub")
ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Worker:
    log: Path
    env: dict[str, str]
    process: asyncio.subprocess.Process | None = None

    async def start(self) -> Worker:
        with self.log.open("wb") as out:
            self.process = await asyncio.create_subprocess_exec(
                str(SESSIONHUB),
                "worker",
                "builder",
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
            )
        await wait_until(self._ready, timeout_s=60, interval_s=0.1, message=f"{self.log} ready")
        return self

    async def _ready(self) -> bool:
        assert self.process is not None
        if self.process.returncode is not None:
            raise AssertionError(f"worker exited early:\n{self.log.read_text()[-3000:]}")
        return b"worker_ready" in self.log.read_bytes()

    def generations(self) -> int:
        return self.log.read_bytes().count(b"builder.generation_finished")

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            with suppress(ProcessLookupError):
                self.process.kill()
            await self.process.wait()


@dataclass
class Tenant:
    settings: Settings
    api: BuilderApi
    logs: Path
    workers: list[Worker] = field(default_factory=list)

    async def worker(self, concurrency: int = 1) -> Worker:
        env = tenant_env(
            self.settings,
            SESSIONHUB_LOG_LEVEL="INFO",
            SESSIONHUB_DB_POOL_SIZE="4",
            SESSIONHUB_METRICS_PORT=str(_free_port()),
            SESSIONHUB_BUILDER_GENERATION_CONCURRENCY=str(concurrency),
        )
        worker = Worker(self.logs / f"worker-{len(self.workers) + 1}.log", env)
        self.workers.append(worker)
        return await worker.start()


@asynccontextmanager
async def tenant(llm: ScriptedLLMServer, logs: Path) -> AsyncIterator[Tenant]:
    settings = isolated_settings(openai_base_url=llm.url, openai_api_key="test")
    async with running_app([spec], settings, consumers=False) as app:
        t = Tenant(settings, BuilderApi(app), logs)
        try:
            yield t
        finally:
            await asyncio.gather(*(w.stop() for w in t.workers))


async def test_two_worker_processes_share_the_generations(
    llm_server: ScriptedLLMServer, tmp_path: Path
) -> None:
    llm_server.latency_s = 0.3
    llm_server.responder = responder()
    async with tenant(llm_server, tmp_path) as t:
        first, second = await asyncio.gather(t.worker(), t.worker())
        drafts = [await t.api.create(metadata=FULL_METADATA) for _ in range(6)]
        accepted = [await generate(t.api, d["id"]) for d in drafts]
        results = [await finished(t.api, a["id"], timeout_s=60) for a in accepted]
        assert all(r["status"] == "done" for r in results)
        assert all(len([v for v in r["variants"] if v["provider"] == "llm"]) == 4 for r in results)
        shares = [first.generations(), second.generations()]
    assert sum(shares) == 6
    assert min(shares) > 0, shares


async def test_a_generation_killed_mid_way_is_redone_once_by_another_worker(
    llm_server: ScriptedLLMServer, tmp_path: Path
) -> None:
    slow = Reply(content={"summary": "never used", "sections": []}, delay_s=120)
    llm_server.script(slow, slow, slow, slow)
    llm_server.responder = responder()
    async with tenant(llm_server, tmp_path) as t:
        doomed = await t.worker()
        draft = await t.api.create(metadata=FULL_METADATA)
        accepted = await generate(t.api, draft["id"])
        await llm_server.wait_for_requests(4, timeout_s=30)  # all four personas in flight
        assert doomed.process is not None
        doomed.process.kill()
        await doomed.process.wait()
        running = (await t.api.request("GET", f"/generations/{accepted['id']}")).json()
        assert running["status"] == "running"

        await t.worker()
        result = await finished(t.api, accepted["id"], timeout_s=60)
        assert result["status"] == "done"
        assert result["attempts"] == 2
        assert [v["persona"] for v in result["variants"]] == [
            "precision",
            "insight",
            "ignite",
            "connect",
        ]
        assert {v["provider"] for v in result["variants"]} == {"llm"}
        assert len(llm_server.chat_requests) == 8
