"""Outbox → bus → consumer with inbox, on both transports."""

from __future__ import annotations

import uuid

import pytest

from sessionhub.common.events import outbox
from sessionhub.common.runtime import Runtime
from sessionhub.testing.plugin import cleanup, isolated_settings

from ..fixtures_service.probe import Behaviour, ProbePinged, probe_spec
from .support import effects, eventually


@pytest.fixture
async def probe(bus_kind: str):
    settings = isolated_settings(rabbit=bus_kind == "rabbit")
    spec = probe_spec()
    Behaviour.reset()
    runtime = Runtime(settings, [spec])
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()
        await cleanup(settings, [spec])


class TestOutboxDelivery:
    async def test_committed_event_is_handled_once(self, probe: Runtime) -> None:
        async with probe.services["probe"].db.session() as s:
            env = await outbox.add(s, ProbePinged(note="hello"))
        rows = await eventually(lambda: effects(probe), message="the effect")
        assert rows == [(env.id, "hello")]

    async def test_rolled_back_transaction_publishes_nothing(self, probe: Runtime) -> None:
        db = probe.services["probe"].db
        with pytest.raises(RuntimeError):
            async with db.session() as s:
                await outbox.add(s, ProbePinged(note="never"))
                raise RuntimeError("abort")
        async with db.session() as s:
            await outbox.add(s, ProbePinged(note="after"))
        rows = await eventually(lambda: effects(probe), message="the later effect")
        assert [note for _, note in rows] == ["after"]

    async def test_same_event_delivered_twice_has_one_effect(self, probe: Runtime) -> None:
        db = probe.services["probe"].db
        async with db.session() as s:
            env = await outbox.add(s, ProbePinged(note="dup"))
        await eventually(lambda: effects(probe), message="the first effect")
        # Re-insert the very same envelope as a new outbox row: a redelivery.
        async with db.session() as s:
            await s.execute(
                outbox.outbox_table.insert().values(
                    event_id=uuid.uuid4(), event_type=env.type, body=env.to_bytes().decode()
                )
            )
            marker = await outbox.add(s, ProbePinged(note="marker"))
        rows = await eventually(
            lambda: _has(probe, marker.id), message="the marker after the duplicate"
        )
        assert [note for _, note in rows].count("dup") == 1

    async def test_failing_handler_is_retried_then_succeeds(self, probe: Runtime) -> None:
        async with probe.services["probe"].db.session() as s:
            env = await outbox.add(s, ProbePinged(note="flaky", fail_times=2))
        rows = await eventually(lambda: effects(probe), message="the effect after retries")
        assert rows == [(env.id, "flaky")]
        assert Behaviour.failures[env.id] == 2

    async def test_always_failing_handler_lands_in_dlq_and_replays(self, probe: Runtime) -> None:
        Behaviour.always_fail = True
        ctx = probe.services["probe"]
        queue = ctx.queue("pings")
        async with ctx.db.session() as s:
            env = await outbox.add(s, ProbePinged(note="poison"))
        letters = await eventually(lambda: probe.bus.dlq_list(queue), message="a dead letter")
        assert letters[0].event_id == env.id
        assert "probe failure" in (letters[0].error or "")
        assert letters[0].attempts == 3  # first try + two retries
        assert Behaviour.failures[env.id] == 3
        Behaviour.always_fail = False
        assert await probe.bus.dlq_replay(queue) == 1
        rows = await eventually(lambda: effects(probe), message="the replayed effect")
        assert rows == [(env.id, "poison")]
        assert await probe.bus.dlq_list(queue) == []

    async def test_malformed_message_is_dead_lettered(self, probe: Runtime) -> None:
        ctx = probe.services["probe"]
        async with ctx.db.session() as s:
            await s.execute(
                outbox.outbox_table.insert().values(
                    event_id=uuid.uuid4(), event_type="probe.pinged", body='{"not": "an envelope"'
                )
            )
        letters = await eventually(
            lambda: probe.bus.dlq_list(ctx.queue("pings")), message="the poison message parked"
        )
        assert "ValidationError" in (letters[0].error or "")


async def _has(runtime: Runtime, event_id: str) -> list[tuple[str, str]] | None:
    rows = await effects(runtime)
    return rows if any(eid == event_id for eid, _ in rows) else None
