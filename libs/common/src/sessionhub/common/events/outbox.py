"""The transactional outbox and inbox, one pair of tables in every service schema."""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from pydantic_core import to_json
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import AsyncSession as SAAsyncSession

from sessionhub.common.db import Database, after_commit, database_of
from sessionhub.common.events.envelope import Envelope
from sessionhub.common.events.registry import Event
from sessionhub.common.logging import current_correlation_id
from sessionhub.common.timestamps import format_timestamp

metadata = sa.MetaData()

outbox_table = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    ),
    sa.Column("published_at", sa.DateTime(timezone=True)),
    sa.Index("ix_outbox_pending", "id", postgresql_where=sa.text("published_at IS NULL")),
)

inbox_table = sa.Table(
    "inbox",
    metadata,
    sa.Column("consumer", sa.Text, primary_key=True),
    sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
    sa.Column(
        "processed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    ),
)

idempotency_table = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("user_id", sa.Text, primary_key=True),
    sa.Column("scope", sa.Text, primary_key=True),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("fingerprint", sa.Text, nullable=False),
    sa.Column("status_code", sa.Integer),
    sa.Column("body", JSONB),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
    ),
)

# What the first revision of every service installed, and revisions since remove (see
# ``wake_relays``): a NOTIFY per writing statement.
NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
  RETURN NULL;
END $$;
"""
NOTIFY_TRIGGER = """
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
"""


def create_messaging_tables() -> None:
    """Create outbox, inbox and idempotency tables; call from a service's first migration."""
    from alembic import op

    bind = op.get_bind()
    metadata.create_all(bind)
    op.execute(NOTIFY_FUNCTION)
    op.execute(NOTIFY_TRIGGER)


def drop_notify_trigger() -> None:
    """Migration step: commits that write the outbox stop sending NOTIFY themselves."""
    from alembic import op

    op.execute("DROP TRIGGER IF EXISTS outbox_notify ON outbox")
    op.execute("DROP FUNCTION IF EXISTS outbox_notify()")


def restore_notify_trigger() -> None:
    """The downgrade of ``drop_notify_trigger``."""
    from alembic import op

    op.execute(NOTIFY_FUNCTION)
    op.execute(NOTIFY_TRIGGER)


def listen_channel(schema: str) -> str:
    return f"outbox_{schema}"


# This process's relays, by schema.
_relays: dict[str, list[Callable[[], None]]] = {}
_WAKE_QUEUED = "sessionhub.outbox_wake_queued"


def on_commit(schema: str, wake: Callable[[], None]) -> Callable[[], None]:
    """Call ``wake`` each time this process commits outbox rows in ``schema`` (a relay
    registers itself); returns the function that unregisters it."""
    wakes = _relays.setdefault(schema, [])
    wakes.append(wake)
    return lambda: wakes.remove(wake)


def wake_relays(db: SAAsyncSession) -> None:
    """Once ``db``'s unit of work commits, wake the relays of its schema.

    Why not a NOTIFY from a trigger in the writing transaction: PostgreSQL holds one
    cluster-wide lock from queueing a transaction's notifications until its commit is
    flushed, so every writing commit waited for the one before it, across replicas
    (create's statement alone: 2,275 a second with the trigger, 4,353 without, on a
    two-core machine). The writer's own process wakes its
    relay directly; only a process without a relay for the schema (an operator command)
    sends a NOTIFY, after its commit, for the relays of other processes.
    """
    database = database_of(db)
    if database is None or db.info.get(_WAKE_QUEUED):
        return
    db.info[_WAKE_QUEUED] = True
    after_commit(db, lambda: _committed(database))


async def _committed(database: Database) -> None:
    wakes = _relays.get(database.schema)
    if not wakes:
        await database.notify(listen_channel(database.schema))
        return
    for wake in wakes:
        wake()


# One statement for any number of rows: a fixed SQL text keeps a single prepared
# statement per connection, where a multi-row VALUES list would be compiled and
# prepared again for every distinct row count.
_INSERT_MANY = sa.text(
    """INSERT INTO outbox (event_id, event_type, body)
       SELECT * FROM unnest(
         CAST(:ids AS uuid[]), CAST(:types AS text[]), CAST(:bodies AS text[]))"""
)
_INSERT_ONE = sa.text("INSERT INTO outbox (event_id, event_type, body) VALUES (:id, :type, :body)")


def render(
    db: SAAsyncSession,
    payload: Event,
    *,
    subject: str | None = None,
    correlation_id: str | None = None,
) -> tuple[uuid.UUID, str, str]:
    """The outbox columns (event_id, event_type, body) of ``payload`` in the envelope the
    relay will publish from ``db``'s service; the relay is woken when ``db`` commits.

    The body is ``Envelope.to_bytes`` of that envelope, rendered without building one:
    ``payload`` was validated when it was made, so its JSON is its own serialiser's and
    the envelope's attributes, all strings and one integer, go through pydantic-core's
    encoder (the one ``to_bytes`` uses, so the escaping is the same). What a create pays
    per event otherwise: the envelope validated, the payload dumped to a dict and that
    dict encoded, the event id parsed back into a UUID.
    """
    wake_relays(db)
    event_id = uuid.uuid4()
    text_id = str(event_id)
    head: dict[str, object] = {
        "specversion": "1.0",
        "id": text_id,
        "source": db.info.get("source", "sessionhub"),
        "type": payload.event_type,
        "time": format_timestamp(datetime.now(UTC)),
    }
    if subject is not None:
        head["subject"] = subject
    head["datacontenttype"] = "application/json"
    head["schemaversion"] = payload.event_version
    head["correlationid"] = correlation_id or current_correlation_id() or text_id
    body = (
        to_json(head)[:-1] + b',"data":' + payload.__pydantic_serializer__.to_json(payload) + b"}"
    )
    return event_id, payload.event_type, body.decode()


# What stands where the id goes in ``render_around_id``'s text: a string of one NUL, which
# json writes as ``"\u0000"``. Its opening quote makes the escape a real one (text that
# holds a backslash and "u0000" is written ``\\u0000``), and no text of an event holds a
# NUL: PostgreSQL's text cannot, and the API refuses it.
_HOLE = "\x00"
_WRITTEN_HOLE = '"\\u0000"'


def _jsonb_order(key: str) -> tuple[int, str]:
    return len(key.encode()), key


@functools.lru_cache(maxsize=256)
def _jsonb_keys(names: tuple[str, ...]) -> list[str]:
    return sorted(names, key=_jsonb_order)


def _as_jsonb(value: object) -> object:
    """``value`` (JSON-mode data) with every object's keys in jsonb's order: shorter keys
    first, then bytewise."""
    if type(value) is dict:
        return {
            k: _as_jsonb(v) if type(v := value[k]) in _NESTED else v
            for k in _jsonb_keys(tuple(value))
        }
    if type(value) is list:
        return [_as_jsonb(v) if type(v) in _NESTED else v for v in value]
    raise TypeError("jsonb writes numbers its own way; events rendered here hold none")


_NESTED = (dict, list, float)


def render_around_id(
    db: SAAsyncSession, payload: Event, *, id_field: str, subject_prefix: str
) -> tuple[uuid.UUID, str, tuple[str, str, str]]:
    """``render`` for an event written by the statement that creates its subject, which
    alone knows the subject's integer id: the body is ``a + id + b + id + c`` of the
    returned (a, b, c), the id being ``payload``'s ``id_field`` and the end of its
    subject, ``subject_prefix`` + id.

    The text is PostgreSQL's jsonb rendering (keys shorter first, then bytewise;
    ``", "`` and ``": "``; the same escapes as ``json.dumps``), the bytes the statement
    published when it wrote the id in with ``jsonb_set``: it now concatenates, and
    PostgreSQL no longer parses and re-serialises the body per row.
    """
    wake_relays(db)
    event_id = uuid.uuid4()
    text_id = str(event_id)
    data = payload.model_dump(mode="json")
    data[id_field] = _HOLE
    # The envelope's attributes, written in jsonb's order.
    envelope = {
        "id": text_id,
        "data": _as_jsonb(data),
        "time": format_timestamp(datetime.now(UTC)),
        "type": payload.event_type,
        "source": db.info.get("source", "sessionhub"),
        "subject": _HOLE,
        "specversion": "1.0",
        "correlationid": current_correlation_id() or text_id,
        "schemaversion": payload.event_version,
        "datacontenttype": "application/json",
    }
    pieces = json.dumps(envelope, ensure_ascii=False).split(_WRITTEN_HOLE)
    if len(pieces) != 3:
        raise ValueError("an event's text holds a NUL")
    # jsonb's order puts "data" before "subject".
    before, between, after = pieces
    prefix = json.dumps(subject_prefix, ensure_ascii=False)[:-1]
    return event_id, payload.event_type, (before, between + prefix, '"' + after)


async def add(
    session: SAAsyncSession,
    payload: Event,
    *,
    subject: str | None = None,
    correlation_id: str | None = None,
) -> Envelope:
    """Queue ``payload`` for publication when ``session``'s transaction commits."""
    wake_relays(session)
    envelope = Envelope.wrap(
        payload,
        source=session.info.get("source", "sessionhub"),
        subject=subject,
        correlation_id=correlation_id or current_correlation_id(),
    )
    await session.execute(
        _INSERT_ONE,
        {"id": uuid.UUID(envelope.id), "type": envelope.type, "body": envelope.to_bytes().decode()},
    )
    return envelope


async def add_many(session: SAAsyncSession, payloads: list[tuple[Event, str | None]]) -> None:
    """Queue several events with one statement (bulk operations)."""
    if not payloads:
        return
    rows = [render(session, payload, subject=subject) for payload, subject in payloads]
    await session.execute(
        _INSERT_MANY,
        {
            "ids": [event_id for event_id, _, _ in rows],
            "types": [event_type for _, event_type, _ in rows],
            "bodies": [body for _, _, body in rows],
        },
    )
