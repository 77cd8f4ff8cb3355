"""Grader worker processes competing on one queue, crashing and shutting down.

Each worker is the real ``sessionhub worker grader`` command in its own OS process,
pointed at this test's tenant (schemas, queues, exchange, Redis prefix) and at the
scripted LLM server. The test starts the venv's ``sessionhub`` entry point directly,
which is what ``uv run sessionhub`` executes: with ``uv`` in between, a SIGKILL would
hit ``uv`` and leave the worker running.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from sessionhub.common.config import Settings
from sessionhub.common.db import Database
from sessionhub.grader.service_spec import spec as grader_spec
from sessionhub.testing.llm_server import Reply, ScriptedLLMServer
from sessionhub.testing.plugin import cleanup, isolated_settings, running_app
from sessionhub.testing.workers import WorkerProcess

from .support import Harness, collector_spec, golden, llm_overrides, strong_grade

ROOT = Path(__file__).resolve().parents[3]


class Worker(WorkerProcess):
    async def graded(self) -> int:
        """Sessions this process graded, from its own Prometheus endpoint."""
        async with httpx.AsyncClient() as client:
            page = await client.get(f"http://127.0.0.1:{self.metrics_port}/metrics")
        return int(
            sum(
                sample.value
                for family in text_string_to_metric_families(page.text)
                for sample in family.samples
                if sample.name == "sessionhub_grader_gradings_total"
                and sample.labels.get("outcome") == "graded"
            )
        )


@dataclass
class Tenant:
    settings: Settings
    hub: Harness
    logs: Path
    workers: list[Worker] = field(default_factory=list)

    async def worker(self, *, concurrency: int, grace_s: float = 10) -> Worker:
        worker = Worker(
            "grader",
            self.settings,
            self.logs / f"worker-{len(self.workers) + 1}.log",
            {
                "SESSIONHUB_GRADER_CONCURRENCY": str(concurrency),
                "SESSIONHUB_SHUTDOWN_GRACE_S": str(grace_s),
            },
            cwd=ROOT,
        )
        self.workers.append(worker)
        return await worker.start()


@asynccontextmanager
async def tenant(llm: ScriptedLLMServer, logs: Path) -> AsyncIterator[Tenant]:
    """The collector in this process; grader workers are started by each test."""
    settings = isolated_settings(**llm_overrides(llm))
    assert settings.database_url
    grader_db = Database(
        settings.database_url, settings.db_schema_prefix + "grader", source="tests"
    )
    try:
        async with running_app([collector_spec()], settings) as app:
            hub = Harness(app.runtime.services["collector"], grader_db)
            t = Tenant(settings, hub, logs)
            try:
                yield t
            finally:
                await asyncio.gather(*(w.stop() for w in t.workers))
    finally:
        await grader_db.dispose()
        await cleanup(settings, [grader_spec])


def answer_with(grade: Any) -> Callable[[dict[str, Any]], Reply]:
    return lambda body: Reply(content=grade)


class TestCompetingWorkers:
    async def test_two_processes_share_the_load(
        self, llm_server: ScriptedLLMServer, tmp_path: Path
    ) -> None:
        llm_server.latency_s = 0.3
        llm_server.responder = answer_with(strong_grade())
        async with tenant(llm_server, tmp_path) as t:
            first, second = await asyncio.gather(t.worker(concurrency=2), t.worker(concurrency=2))
            for session_id in range(1, 13):
                await t.hub.complete(session_id, golden("strong"))
            await t.hub.wait_events(12, timeout_s=60)
            shares = [await first.graded(), await second.graded()]
            assert len(await t.hub.results()) == 12

        assert sum(shares) == 12
        assert min(shares) > 0, shares

    async def test_a_killed_worker_loses_nothing(
        self, llm_server: ScriptedLLMServer, tmp_path: Path
    ) -> None:
        llm_server.script(Reply(content=strong_grade(), delay_s=120))
        llm_server.responder = answer_with(strong_grade())
        async with tenant(llm_server, tmp_path) as t:
            doomed = await t.worker(concurrency=1)
            await t.hub.complete(7, golden("strong"))
            await llm_server.wait_for_requests(1, timeout_s=30)  # mid-grade now
            assert doomed.process is not None
            doomed.process.kill()
            assert await doomed.exit_code() != 0

            await t.worker(concurrency=1)
            (event,) = await t.hub.wait_events(1, session_id=7, timeout_s=30)
            assert len(await t.hub.results(7)) == 1

        assert event.grader == "llm"
        assert len(llm_server.chat_requests) == 2  # the lost attempt, then the redelivery

    async def test_sigterm_finishes_in_flight_and_returns_the_rest(
        self, llm_server: ScriptedLLMServer, tmp_path: Path
    ) -> None:
        llm_server.script(Reply(content=strong_grade(), delay_s=1.5))
        llm_server.responder = answer_with(strong_grade())
        async with tenant(llm_server, tmp_path) as t:
            stopping = await t.worker(concurrency=1, grace_s=20)
            await t.hub.complete(11, golden("strong"))
            await t.hub.complete(12, golden("strong"))
            await llm_server.wait_for_requests(1, timeout_s=30)
            assert stopping.process is not None
            stopping.process.terminate()
            assert await stopping.exit_code() == 0
            # The grading under way when SIGTERM arrived was finished and stored;
            # the queued one was never started.
            assert [r.outcome for r in await t.hub.results(11)] == ["graded"]
            assert await t.hub.results(12) == []
            assert len(llm_server.chat_requests) == 1

            await t.worker(concurrency=1)
            await t.hub.wait_events(1, session_id=12, timeout_s=30)
            await t.hub.wait_events(1, session_id=11, timeout_s=30)
