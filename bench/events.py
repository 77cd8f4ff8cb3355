"""Event backbone benchmark: our outbox → relay → RabbitMQ → inbox pipeline vs raw aio-pika.

    uv run python bench/events.py [--events 8000] [--rounds 3] [--per-tx 10] [--producers 16]

Everything runs in this one asyncio process against the local RabbitMQ and PostgreSQL
(the test servers; TEST_DATABASE_URL / TEST_RABBITMQ_URL override them), in the same
run, alternating round by round so load from anything else on the machine hits every
variant alike; each figure is the median over the rounds.

- raw: aio-pika alone. Persistent messages with publisher confirms, pipelined in
  windows of 500 outstanding confirms, to a durable quorum queue bound to a topic
  exchange; a consumer (prefetch 500) acks each one. Events/s from the first publish
  to the last ack. Two ways of publishing are measured: ``Exchange.publish``, and the
  path our relay takes (frames queued on the channel under aio-pika without waiting
  for the socket to drain after each message). The faster one is the baseline.
- ours: concurrent producers committing transactions that add events to the outbox
  (``outbox.add_many``, ``--per-tx`` events per transaction: a service writing its
  state), the service's ``OutboxRelay`` publishing them (confirms, persistent,
  mandatory), and a ``batch_handler`` subscription writing one effect row per event
  plus the inbox rows in one transaction, acked after the commit. Events/s from the
  first producer transaction to the last effect committed. The same pipeline with one
  event per transaction (``outbox.add``) is reported too.

Every name (schema, exchange, queues) carries a fresh prefix and is removed at the end.
The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
import uuid
import warnings
from collections.abc import Callable
from typing import Any, cast

import aio_pika
import aiormq
from pamqp.commands import Basic
from sqlalchemy import event as sa_event
from sqlalchemy import text

from sessionhub.common.db import Database
from sessionhub.common.events import outbox
from sessionhub.common.events.consumer import BatchContext, Delivery, Subscription
from sessionhub.common.events.envelope import Envelope
from sessionhub.common.events.registry import Event, event
from sessionhub.common.logging import configure_logging
from sessionhub.common.runtime import Runtime
from sessionhub.common.service import ServiceSpec
from sessionhub.testing.plugin import RABBITMQ_URL, cleanup, isolated_settings

TARGET_RATIO = 0.40
RAW_WINDOW = 500
PREFETCH = 500


@event("bench.pinged", version=1, producer="bench")
class BenchPinged(Event):
    """Benchmark-only event, the size of a typical small domain event."""

    session_id: str
    seq: int
    note: str


def _payload(seq: int) -> BenchPinged:
    return BenchPinged(session_id=str(uuid.UUID(int=seq)), seq=seq, note="benchmark ping")


# --------------------------------------------------------------------------- raw


class Raw:
    """aio-pika alone: the ceiling our pipeline is measured against."""

    def __init__(self, prefix: str) -> None:
        self.exchange_name = f"{prefix}raw.events"
        self.queue_name = f"{prefix}raw.queue"
        self._pub: aio_pika.abc.AbstractConnection | None = None
        self._sub: aio_pika.abc.AbstractConnection | None = None
        self._on_count: Callable[[], None] = lambda: None

    async def start(self) -> None:
        self._pub = await aio_pika.connect(RABBITMQ_URL)
        self._sub = await aio_pika.connect(RABBITMQ_URL)
        self.publisher = pub = await self._pub.channel(publisher_confirms=True)
        self.exchange = await pub.declare_exchange(
            self.exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
        )
        sub = await self._sub.channel()
        await sub.set_qos(prefetch_count=PREFETCH)
        queue = await sub.declare_queue(
            self.queue_name, durable=True, arguments={"x-queue-type": "quorum"}
        )
        await queue.bind(self.exchange_name, routing_key=BenchPinged.event_type)
        self._queue = queue
        self._tag = await queue.consume(self._on_message)

    async def _on_message(self, message: aio_pika.abc.AbstractIncomingMessage) -> None:
        await message.ack()
        self._on_count()

    async def run(self, n: int, *, tuned: bool = False) -> float:
        """Publish ``n`` messages, pipelined, and wait until the consumer acked them all.

        ``tuned`` publishes the way our relay does (frames queued back to back on the
        channel under aio-pika, confirms awaited per window) instead of through
        ``Exchange.publish``, which waits for the socket to drain after every message.
        """
        # The same bytes our relay publishes: structured CloudEvents.
        bodies = [
            Envelope.wrap(_payload(i), source="bench").to_bytes() for i in range(min(n, 1000))
        ]
        done = asyncio.Event()
        received = 0

        def count() -> None:
            nonlocal received
            received += 1
            if received == n:
                done.set()

        self._on_count = count
        channel = cast(aiormq.Channel, await self.publisher.get_underlay_channel())
        started = time.perf_counter()
        for first in range(0, n, RAW_WINDOW):
            window = range(first, min(n, first + RAW_WINDOW))
            if tuned:
                await asyncio.gather(
                    *(
                        channel.basic_publish(
                            bodies[i % len(bodies)],
                            exchange=self.exchange_name,
                            routing_key=BenchPinged.event_type,
                            properties=Basic.Properties(
                                message_id=str(uuid.uuid4()),
                                message_type=BenchPinged.event_type,
                                content_type="application/cloudevents+json",
                                delivery_mode=2,
                            ),
                            mandatory=True,
                            wait=False,
                        )
                        for i in window
                    )
                )
                continue
            await asyncio.gather(
                *(
                    self.exchange.publish(
                        aio_pika.Message(
                            bodies[i % len(bodies)],
                            message_id=str(uuid.uuid4()),
                            type=BenchPinged.event_type,
                            content_type="application/cloudevents+json",
                            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                        ),
                        routing_key=BenchPinged.event_type,
                        mandatory=True,
                    )
                    for i in window
                )
            )
        await asyncio.wait_for(done.wait(), 300)
        return n / (time.perf_counter() - started)

    async def close(self) -> None:
        if self._sub is not None:
            await self._queue.cancel(self._tag)
            channel = await self._sub.channel()
            await channel.queue_delete(self.queue_name)
            await self._sub.close()
        if self._pub is not None:
            channel = await self._pub.channel()
            await channel.exchange_delete(self.exchange_name)
            await self._pub.close()


# --------------------------------------------------------------------------- ours


class Committed:
    """Counts effects as their transactions commit, and wakes the waiter at a target."""

    def __init__(self) -> None:
        self.count = 0
        self.target = 0
        self.reached = asyncio.Event()

    def add(self, n: int) -> None:
        self.count += n
        if self.count >= self.target:
            self.reached.set()


COMMITTED = Committed()


async def on_pinged(ctx: BatchContext, deliveries: list[Delivery[BenchPinged]]) -> None:
    await ctx.session.execute(
        text("INSERT INTO effects (event_id, seq) VALUES (:id, :seq)"),
        [{"id": d.envelope.id, "seq": d.event.seq} for d in deliveries],
    )
    n = len(deliveries)
    sa_event.listen(ctx.session.sync_session, "after_commit", lambda _s: COMMITTED.add(n))


SPEC = ServiceSpec(
    name="bench",
    schema="bench",
    migrations="(created by the benchmark)",
    subscriptions=(
        Subscription("pings", (BenchPinged,), batch_handler=on_pinged, batch_size=PREFETCH // 2),
    ),
)


async def create_schema(db: Database) -> None:
    """What a service's first migration does, without Alembic."""
    async with db.engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{db.schema}"'))
        await conn.run_sync(outbox.metadata.create_all)
        await conn.execute(text(outbox.NOTIFY_FUNCTION))
        await conn.execute(text(outbox.NOTIFY_TRIGGER))
        await conn.execute(text("CREATE TABLE effects (event_id uuid PRIMARY KEY, seq int)"))


async def ours(runtime: Runtime, n: int, *, per_tx: int, producers: int) -> float:
    db = runtime.services["bench"].db
    transactions = iter(range(0, n, per_tx))

    async def produce() -> None:
        for first in transactions:
            async with db.session() as session:
                if per_tx == 1:
                    await outbox.add(session, _payload(first))
                else:
                    await outbox.add_many(
                        session, [(_payload(first + i), None) for i in range(per_tx)]
                    )

    COMMITTED.count = 0
    COMMITTED.target = n
    COMMITTED.reached.clear()
    started = time.perf_counter()
    await asyncio.gather(*(produce() for _ in range(producers)))
    await asyncio.wait_for(COMMITTED.reached.wait(), 300)
    rate = n / (time.perf_counter() - started)
    assert COMMITTED.count == n, f"{COMMITTED.count} effects for {n} events"
    return rate


# --------------------------------------------------------------------------- main


async def main(args: argparse.Namespace) -> dict[str, Any]:
    prefix = f"bench{uuid.uuid4().hex[:8]}_"
    settings = isolated_settings(
        prefix,
        migrate_on_start=False,
        log_level="WARNING",
        # Every producer holds a connection, plus the relay and the consumer: a pool
        # smaller than that churns overflow connections (a reconnect per transaction).
        db_pool_size=args.producers + 4,
        outbox_batch_size=500,
    )
    assert settings.database_url
    configure_logging(settings)
    raw = Raw(prefix)
    runtime = Runtime(settings, [SPEC])
    rates: dict[str, list[float]] = {"raw": [], "raw_tuned": [], "ours": [], "ours_1": []}
    try:
        schema_db = Database(settings.database_url, prefix + SPEC.schema, source="bench")
        await create_schema(schema_db)
        await schema_db.dispose()
        await raw.start()
        await runtime.start()
        # Warm-up: connections, prepared statements, compiled SQL, pydantic validators.
        await raw.run(1000)
        await raw.run(1000, tuned=True)
        await ours(runtime, 1000, per_tx=args.per_tx, producers=args.producers)
        await ours(runtime, 200, per_tx=1, producers=args.producers)
        for r in range(args.rounds):
            rates["raw"].append(await raw.run(args.events))
            rates["raw_tuned"].append(await raw.run(args.events, tuned=True))
            rates["ours"].append(
                await ours(runtime, args.events, per_tx=args.per_tx, producers=args.producers)
            )
            rates["ours_1"].append(
                await ours(runtime, args.events // 4, per_tx=1, producers=args.producers)
            )
            print(
                f"round {r + 1}: "
                + "   ".join(f"{name} {values[-1]:5.0f}/s" for name, values in rates.items()),
                flush=True,
            )
    finally:
        await runtime.stop()
        await raw.close()
        await cleanup(settings, [SPEC])

    median = {name: statistics.median(values) for name, values in rates.items()}
    # Measured against the faster way of driving aio-pika, whichever it was this run.
    baseline = max(median["raw"], median["raw_tuned"])
    ratio = median["ours"] / baseline
    print(f"raw aio-pika, Exchange.publish:            {median['raw']:6.0f} events/s")
    print(f"raw aio-pika, relay's publish path:        {median['raw_tuned']:6.0f} events/s")
    print(
        f"ours, {args.per_tx} events per transaction:         {median['ours']:6.0f} events/s"
        f"  = {ratio:.0%} of raw (target >= {TARGET_RATIO:.0%})"
    )
    print(
        f"ours, 1 event per transaction:             {median['ours_1']:6.0f} events/s"
        f"  = {median['ours_1'] / baseline:.0%} of raw"
    )
    return {
        "bench": "events",
        "events_per_round": args.events,
        "rounds": args.rounds,
        "events_per_transaction": args.per_tx,
        "producers": args.producers,
        "raw_events_per_s": round(baseline),
        "raw_exchange_publish_events_per_s": round(median["raw"]),
        "raw_tuned_events_per_s": round(median["raw_tuned"]),
        "ours_events_per_s": round(median["ours"]),
        "ratio": round(ratio, 3),
        "ours_1_per_tx_events_per_s": round(median["ours_1"]),
        "ratio_1_per_tx": round(median["ours_1"] / baseline, 3),
        "rounds_events_per_s": {name: [round(v) for v in values] for name, values in rates.items()},
        "target_ratio": TARGET_RATIO,
        "target_met": ratio >= TARGET_RATIO,
    }


if __name__ == "__main__":
    # Core statements through AsyncSession.execute on purpose (as in the services).
    warnings.filterwarnings("ignore", category=DeprecationWarning, module="sqlmodel")
    warnings.filterwarnings("ignore", message=r"(?s).*session\.exec\(\)")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=8_000, help="events per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--per-tx", type=int, default=10, help="events per producer transaction")
    parser.add_argument("--producers", type=int, default=16, help="concurrent producer tasks")
    figures = asyncio.run(main(parser.parse_args()))
    print(json.dumps(figures))
