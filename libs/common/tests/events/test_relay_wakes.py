"""How a commit that wrote the outbox reaches a relay: without a NOTIFY in the commit."""

from __future__ import annotations

import asyncio

import asyncpg
from sqlalchemy import text

from sessionhub.common.db import asyncpg_dsn
from sessionhub.common.events import outbox
from sessionhub.common.runtime import Runtime
from sessionhub.testing.plugin import DATABASE_URL, cleanup, isolated_settings

from ..fixtures_service.probe import Behaviour, ProbePinged, probe_spec
from .support import effects, eventually

OUTBOX_TRIGGERS = text("SELECT tgname FROM pg_trigger WHERE tgrelid = CAST(:table AS regclass)")


async def test_a_commit_wakes_the_relay_of_its_own_process_with_no_trigger_and_no_poll() -> None:
    Behaviour.reset()
    # A poll an hour apart: only the commit itself can wake the relay within the deadline.
    settings = isolated_settings(outbox_poll_interval_s=3600.0)
    spec = probe_spec()
    runtime = Runtime(settings, [spec])
    await runtime.start()
    try:
        db = runtime.services["probe"].db
        async with db.read_session() as s:
            triggers = await s.execute(OUTBOX_TRIGGERS, {"table": f'"{db.schema}".outbox'})
            assert triggers.all() == [], "a NOTIFY trigger would serialise every writing commit"
        for note in ("first", "second"):
            async with db.session() as s:
                await outbox.add(s, ProbePinged(note=note))
            await eventually(
                lambda note=note: _with_note(runtime, note), message=f"the {note} event relayed"
            )
    finally:
        await runtime.stop()
        await cleanup(settings, [spec])


async def test_a_process_without_a_relay_notifies_the_relays_of_others_after_its_commit() -> None:
    settings = isolated_settings()
    spec = probe_spec()
    # Migrates the schema and starts no relay: this process is an operator command.
    runtime = Runtime(settings, [spec], consumers=False, relays=False)
    await runtime.start()
    db = runtime.services["probe"].db
    listener = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
    seen: asyncio.Queue[int] = asyncio.Queue()

    def on_notify(*_: object) -> None:
        seen.put_nowait(0)

    try:
        await listener.add_listener(outbox.listen_channel(db.schema), on_notify)
        async with db.session() as s:
            await outbox.add(s, ProbePinged(note="from an operator"))
        await asyncio.wait_for(seen.get(), timeout=30)
        count = await listener.fetchval(f'SELECT count(*) FROM "{db.schema}".outbox')
        assert count == 1
    finally:
        await listener.close()
        await runtime.stop()
        await cleanup(settings, [spec])


async def _with_note(runtime: Runtime, note: str) -> bool:
    return any(n == note for _, n in await effects(runtime))
