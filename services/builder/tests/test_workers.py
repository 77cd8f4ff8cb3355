"""`sessionhub worker builder` processes competing for generations, and one SIGKILLed.

The API runs in this process without consumers; every generation is made by real
worker processes on RabbitMQ, pointed at this test's tenant and the scripted LLM.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sessionhub.builder.service_spec import spec
from sessionhub.common.config import Settings
from sessionhub.testing.llm_server import Reply, ScriptedLLMServer
from sessionhub.testing.plugin import isolated_settings, running_app
from sessionhub.testing.workers import WorkerProcess

from .conftest import FULL_METADATA, BuilderApi
from .support import finished, generate, responder

ROOT = Path(__file__).resolve().parents[3]


class Worker(WorkerProcess):
    def generations(self) -> int:
        return self.log.read_bytes().count(b"builder.generation_finished")


@dataclass
class Tenant:
    settings: Settings
    api: BuilderApi
    logs: Path
    workers: list[Worker] = field(default_factory=list)

    async def worker(self, concurrency: int = 1) -> Worker:
        worker = Worker(
            "builder",
            self.settings,
            self.logs / f"worker-{len(self.workers) + 1}.log",
            {"SESSIONHUB_BUILDER_GENERATION_CONCURRENCY": str(concurrency)},
            cwd=ROOT,
        )
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
