"""The outbox and the consumers against a broker that goes away and comes back."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from functools import partial

import aio_pika
import pytest

from sessionhub.common.db import Database
from sessionhub.common.events import outbox
from sessionhub.common.events.rabbit import RabbitBus
from sessionhub.common.events.relay import OutboxRelay
from sessionhub.common.runtime import Runtime
from sessionhub.testing.plugin import (
    DATABASE_URL,
    RABBITMQ_URL,
    cleanup,
    isolated_settings,
)

from ..fixtures_service.probe import Behaviour, ProbePinged, probe_spec
from .support import TcpProxy, effects, eventually, rabbit_vhost, rabbitmqctl, unpublished


@pytest.fixture(autouse=True)
def _reset_probe() -> None:
    Behaviour.reset()


async def _commit(runtime: Runtime, note: str) -> str:
    async with runtime.services["probe"].db.session() as s:
        return (await outbox.add(s, ProbePinged(note=note))).id


def _assert_each_once(rows: list[tuple[str, str]], expected: list[str]) -> None:
    counts = Counter(event_id for event_id, _ in rows)
    assert sorted(counts) == sorted(expected), "an event was lost or a stranger appeared"
    assert set(counts.values()) == {1}, f"an effect was applied twice: {counts.most_common(3)}"


async def test_events_committed_while_broker_unreachable_are_published_when_it_is_back() -> None:
    async with TcpProxy() as proxy:
        settings = isolated_settings(rabbitmq_url=proxy.url())
        spec = probe_spec()
        runtime = Runtime(settings, [spec])
        await runtime.start()
        try:
            before = await _commit(runtime, "before")
            await eventually(lambda: effects(runtime), message="the effect before the outage")

            await proxy.cut()
            relay = runtime.relays[0]
            errors = relay.errors
            during = [await _commit(runtime, f"during-{i}") for i in range(5)]
            # The relay really tried, failed and backed off; the rows are still pending.
            await eventually(lambda: _true(relay.errors >= errors + 2), message="relay retries")
            assert await unpublished(runtime) == 5

            await proxy.restore()
            rows = await eventually(
                lambda: _at_least(runtime, 6), message="the events from the outage"
            )
            _assert_each_once(rows, [before, *during])
            assert await unpublished(runtime) == 0
        finally:
            await runtime.stop()
            await cleanup(settings.model_copy(update={"rabbitmq_url": RABBITMQ_URL}), [spec])


@pytest.mark.parametrize("batch", [False, True], ids=["handler", "batch_handler"])
async def test_broker_closing_all_connections_loses_nothing(batch: bool) -> None:
    async with rabbit_vhost() as url:
        settings = isolated_settings(rabbitmq_url=url)
        spec = probe_spec(batch=batch)
        runtime = Runtime(settings, [spec])
        await runtime.start()
        vhost = url.rsplit("/", 1)[1]
        produced: list[str] = []
        stop_producing = asyncio.Event()

        async def produce() -> None:
            # Commits keep coming while the broker drops every connection: the relay
            # must be publishing (and consumers acking) at the moment they are cut.
            while not stop_producing.is_set():
                produced.append(await _commit(runtime, f"n{len(produced)}"))
                await asyncio.sleep(0.005)  # pacing of the load, not a wait for a condition

        producer = asyncio.create_task(produce())
        try:
            await eventually(lambda: _at_least(runtime, 20), message="traffic before the cut")
            for _ in range(2):
                out = await rabbitmqctl("close_all_connections", "-p", vhost, "test")
                closed = re.search(r"Closed (\d+) connections", out)
                assert closed is not None
                assert int(closed.group(1)) >= 1, out
                mark = len(produced)
                # Traffic committed after the cut flows again: both sides reconnected.
                await eventually(
                    partial(_at_least, runtime, mark + 20),
                    message="traffic after the reconnect",
                )
            stop_producing.set()
            await producer
            rows = await eventually(
                lambda: _at_least(runtime, len(produced)), message="every event"
            )
            _assert_each_once(rows, produced)
            assert await runtime.bus.dlq_list(runtime.services["probe"].queue("pings")) == []
        finally:
            stop_producing.set()
            await asyncio.gather(producer, return_exceptions=True)
            await runtime.stop()
            await cleanup(settings, [spec])


async def test_two_relays_draining_one_outbox_never_double_publish() -> None:
    settings = isolated_settings()
    spec = probe_spec()
    # Migrates the schema; no relay and no consumer of its own.
    runtime = Runtime(settings, [spec], consumers=False, relays=False)
    await runtime.start()
    schema = settings.db_schema_prefix + spec.schema
    buses = [
        RabbitBus(RABBITMQ_URL, exchange=settings.events_exchange, retry_delays_ms=[])
        for _ in range(2)
    ]
    dbs = [Database(DATABASE_URL, schema, source="probe", pool_size=2) for _ in range(2)]
    counter = await aio_pika.connect(RABBITMQ_URL)
    relays: list[OutboxRelay] = []
    try:
        channel = await counter.channel()
        exchange = await channel.get_exchange(settings.events_exchange)
        tap = await channel.declare_queue(f"{settings.queue_prefix}tap", exclusive=True)
        await tap.bind(exchange, routing_key=ProbePinged.event_type)

        total = 3000
        async with runtime.services["probe"].db.session() as s:
            await outbox.add_many(s, [(ProbePinged(note=str(i)), None) for i in range(total)])
        for bus in buses:
            await bus.start()
        # Small batches so the two relays interleave many times over the same rows.
        relays += [OutboxRelay(db, bus, batch_size=25) for db, bus in zip(dbs, buses, strict=True)]
        published = await asyncio.gather(*(relay.drain() for relay in relays))

        assert sum(published) == total
        assert all(n > 0 for n in published), f"one relay did all the work: {published}"
        assert await unpublished(runtime) == 0
        # Confirms came back before each batch was marked sent: all are in the queue now.
        declared = await tap.declare()
        assert declared.message_count == total
        ids: list[str] = []
        async with tap.iterator(no_ack=True) as messages:
            async for message in messages:
                ids.append(str(message.message_id))
                if len(ids) == total:
                    break
        assert len(set(ids)) == total
    finally:
        await counter.close()
        for relay in relays:
            await relay.close()
        for bus in buses:
            await bus.close()
        for db in dbs:
            await db.dispose()
        await runtime.stop()
        await cleanup(settings, [spec])


async def _at_least(runtime: Runtime, n: int) -> list[tuple[str, str]] | None:
    rows = await effects(runtime)
    return rows if len(rows) >= n else None


async def _true(value: bool) -> bool:
    return value
