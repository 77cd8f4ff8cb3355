"""The probe service: publishes ``probe.pinged`` and records each handled one."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from sqlalchemy import text

from sessionhub.common.events.consumer import BatchContext, Delivery, HandlerContext, Subscription
from sessionhub.common.events.registry import Event, event
from sessionhub.common.service import ServiceSpec


@event("probe.pinged", version=1, producer="probe")
class ProbePinged(Event):
    """Test-only event."""

    note: str
    fail_times: int = 0


class Behaviour:
    """Knobs a test turns to make handlers fail, stall or die."""

    always_fail = False
    failures: dict[str, int] = {}
    #: Event ids whose handling has started, in order.
    started: list[str] = []
    #: When set, handlers wait for it before their transaction (a slow handler).
    gate: asyncio.Event | None = None
    #: When set, the process exits with this code right after the handler committed.
    exit_after_commit: int | None = None

    @classmethod
    def reset(cls) -> None:
        cls.always_fail = False
        cls.failures = {}
        cls.started = []
        cls.gate = None
        cls.exit_after_commit = None


def _died_after_commit() -> None:
    if Behaviour.exit_after_commit is not None:
        # No cleanup, no ack: what a SIGKILL or an OOM kill leaves behind.
        os._exit(Behaviour.exit_after_commit)


async def on_pinged(ctx: HandlerContext, delivery: Delivery[ProbePinged]) -> None:
    Behaviour.started.append(delivery.envelope.id)
    seen = Behaviour.failures.get(delivery.envelope.id, 0)
    if Behaviour.always_fail or seen < delivery.event.fail_times:
        Behaviour.failures[delivery.envelope.id] = seen + 1
        raise RuntimeError(f"probe failure #{seen + 1}")
    if Behaviour.gate is not None:
        await Behaviour.gate.wait()
    async with ctx.transaction() as session:
        await session.execute(
            text("INSERT INTO effects (event_id, note) VALUES (:id, :note)"),
            {"id": delivery.envelope.id, "note": delivery.event.note},
        )
    _died_after_commit()


async def on_pinged_batch(ctx: BatchContext, deliveries: list[Delivery[ProbePinged]]) -> None:
    Behaviour.started.extend(d.envelope.id for d in deliveries)
    if Behaviour.gate is not None:
        await Behaviour.gate.wait()
    await ctx.session.execute(
        text("INSERT INTO effects (event_id, note) VALUES (:id, :note)"),
        [{"id": d.envelope.id, "note": d.event.note} for d in deliveries],
    )


MIGRATIONS = str(Path(__file__).parent / "migrations")


def probe_spec(*, batch: bool = False, concurrency: int = 4) -> ServiceSpec:
    sub = (
        Subscription("pings", (ProbePinged,), batch_handler=on_pinged_batch, batch_size=100)
        if batch
        else Subscription("pings", (ProbePinged,), handler=on_pinged, concurrency=concurrency)
    )
    return ServiceSpec(name="probe", schema="probe", migrations=MIGRATIONS, subscriptions=(sub,))
