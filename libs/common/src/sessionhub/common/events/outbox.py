"""The transactional outbox and inbox, one pair of tables in every service schema."""

from __future__ import annotations

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


def render_around_id(
    db: SAAsyncSession, payload: Event, *, id_field: str, subject_prefix: str
) -> tuple[uuid.UUID, str, tuple[str, str, str]]:
    """``render`` for an event written by the statement that creates its subject, which
    alone knows the subject's integer id: the body is ``a + id + b + id + c`` of the
    returned (a, b, c), the id being ``payload``'s ``id_field`` (rendered as 0) and the
    end of its subject, ``subject_prefix`` + id.

    The statement concatenates text instead of writing the id in with ``jsonb_set``,
    which made PostgreSQL parse and re-serialise every created session's event.
    """
    event_id, event_type, body = render(db, payload, subject=f"{subject_prefix}0")
    # In JSON a quote inside a string is escaped, so these two runs, with their quotes
    # bare, can only be the subject attribute and the data's id field themselves.
    subject = to_json("subject").decode() + ":" + to_json(f"{subject_prefix}0").decode()
    field = to_json(id_field).decode() + ":0"
    if body.count(subject) != 1 or body.count(field) != 1:
        raise ValueError(f"{event_type} is rendered without one {subject} and one {field}")
    # The envelope's attributes come before its data.
    before, rest = body.split(subject)
    between, after = rest.split(field)
    return (
        event_id,
        event_type,
        (before + subject[:-2], '"' + between + field[:-1], after),
    )


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
