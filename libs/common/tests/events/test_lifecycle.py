"""Consumers and relays across crashes, restarts and graceful shutdowns, on both transports."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

import pytest

from sessionhub.common.config import Settings
from sessionhub.common.events import outbox
from sessionhub.common.runtime import Runtime
from sessionhub.testing.plugin import cleanup, isolated_settings

from ..fixtures_service.probe import Behaviour, ProbePinged, probe_spec
from .support import consumed, effects, eventually, inbox, unpublished, waiting

CRASH_CONSUMER = Path(__file__).parents[1] / "fixtures_service" / "crash_consumer.py"


@pytest.fixture(autouse=True)
def _reset_probe() -> None:
    Behaviour.reset()


async def _commit(runtime: Runtime, note: str) -> str:
    async with runtime.services["probe"].db.session() as s:
        return (await outbox.add(s, ProbePinged(note=note))).id


async def _count_at_least(runtime: Runtime, n: int) -> list[tuple[str, str]] | None:
    rows = await effects(runtime)
    return rows if len(rows) >= n else None


async def _is(value: bool) -> bool:
    return value


async def _ready(child: asyncio.subprocess.Process) -> None:
    """Wait for the child's ``ready`` line; its log lines come first."""
    assert child.stdout is not None
    while line := await child.stdout.readline():
        if line.strip() == b"ready":
            return
    raise AssertionError(f"the consumer process exited early with code {await child.wait()}")


async def test_handler_killed_after_commit_before_ack_is_redelivered_and_applied_once(
    bus_kind: str,
) -> None:
    settings = isolated_settings(rabbit=bus_kind == "rabbit")
    spec = probe_spec(concurrency=1)
    # This process only relays (and declares the queue); the child consumes.
    producer = Runtime(settings, [spec], consumers=False)
    await producer.start()
    queue = producer.services["probe"].queue("pings")
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        str(CRASH_CONSUMER),
        settings.db_schema_prefix,
        bus_kind,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        await asyncio.wait_for(_ready(child), 60)

        event_id = await _commit(producer, "once")
        code = await asyncio.wait_for(child.wait(), 60)
        assert code == 17, "the child should have died right after its commit"
        assert await effects(producer) == [(event_id, "once")]
        assert await inbox(producer) == [(queue, event_id)]

        duplicates = consumed(queue, "duplicate")
        consumer = Runtime(settings, [spec], relays=False)
        await consumer.start()
        try:
            # The delivery the child never acked comes back; the inbox makes it a no-op.
            await eventually(
                lambda: _is(consumed(queue, "duplicate") > duplicates), message="the redelivery"
            )
        finally:
            await consumer.stop()
        assert await waiting(settings, queue) == 0, "the redelivery was not acked"
        assert await effects(producer) == [(event_id, "once")]
        assert await inbox(producer) == [(queue, event_id)]
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
        await producer.stop()
        await cleanup(settings, [spec])


async def test_events_committed_before_a_stop_are_delivered_after_restart(bus_kind: str) -> None:
    settings = isolated_settings(rabbit=bus_kind == "rabbit")
    spec = probe_spec()
    queue = f"{settings.queue_prefix}probe.pings"
    try:
        # 1. Committed, then the process stops before its relay ever ran.
        first = Runtime(settings, [spec], consumers=False, relays=False)
        await first.start()
        unrelayed = await _commit(first, "unrelayed")
        await first.stop()

        # 2. Relayed (to RabbitMQ, or to the embedded deliveries table), then the process
        #    stops before any consumer took it.
        second = Runtime(settings, [spec], consumers=False)
        await second.start()
        try:
            undispatched = await _commit(second, "undispatched")
            await eventually(lambda: _waiting_is(settings, queue, 2), message="both events queued")
            # The broker confirms before the relay's transaction marks the rows sent.
            await eventually(lambda: _all_relayed(second), message="both rows marked sent")
        finally:
            await second.stop()

        # 3. Restarted with consumers: both are delivered, once.
        third = Runtime(settings, [spec])
        await third.start()
        try:
            rows = await eventually(lambda: _count_at_least(third, 2), message="both effects")
            assert sorted(rows) == sorted(
                [(unrelayed, "unrelayed"), (undispatched, "undispatched")]
            )
        finally:
            await third.stop()
        assert await waiting(settings, queue) == 0
    finally:
        await cleanup(settings, [spec])


async def _waiting_is(settings: Settings, queue: str, n: int) -> bool:
    return await waiting(settings, queue) == n


async def _all_relayed(runtime: Runtime) -> bool:
    return await unpublished(runtime) == 0


@pytest.mark.parametrize("batch", [False, True], ids=["handler", "batch_handler"])
async def test_graceful_shutdown_finishes_inflight_and_returns_unstarted(
    bus_kind: str, batch: bool
) -> None:
    settings = isolated_settings(rabbit=bus_kind == "rabbit")
    spec = probe_spec(batch=batch, concurrency=1)
    queue = f"{settings.queue_prefix}probe.pings"
    runtime = Runtime(settings, [spec])
    await runtime.start()
    stopping: asyncio.Task[None] | None = None
    try:
        Behaviour.gate = asyncio.Event()
        slow = await _commit(runtime, "slow")
        await eventually(lambda: _is(bool(Behaviour.started)), message="the slow handler")
        later = [await _commit(runtime, f"later-{i}") for i in range(3)]
        await eventually(lambda: _all_relayed(runtime), message="the later ones relayed")
        if bus_kind == "rabbit" and batch:
            # The batch consumer prefetches: wait until they sit in its local buffer.
            await eventually(lambda: _waiting_is(settings, queue, 0), message="prefetched")

        stopping = asyncio.create_task(runtime.stop())
        await eventually(
            lambda: _is(all(c.stopping for c in runtime.consumers)), message="stop begun"
        )
        assert not stopping.done(), "stop() returned with a handler still running"
        Behaviour.gate.set()
        await asyncio.wait_for(stopping, 60)

        assert Behaviour.started == [slow], "a delivery started after the stop began"
        assert await effects(runtime) == [(slow, "slow")]
        await eventually(
            lambda: _waiting_is(settings, queue, 3), message="the unstarted ones back in the queue"
        )
    finally:
        if Behaviour.gate is not None:
            Behaviour.gate.set()
        if stopping is None:
            await runtime.stop()
        else:
            with contextlib.suppress(Exception):
                await stopping

    Behaviour.reset()
    again = Runtime(settings, [spec])
    await again.start()
    try:
        rows = await eventually(lambda: _count_at_least(again, 4), message="all four effects")
        assert sorted(rows) == sorted(
            [(slow, "slow")] + [(e, f"later-{i}") for i, e in enumerate(later)]
        )
    finally:
        await again.stop()
        await cleanup(settings, [spec])
