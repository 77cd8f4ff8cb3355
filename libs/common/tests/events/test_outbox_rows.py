"""The outbox row of an event written by the statement that creates its subject."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, cast

import pytest

from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.sessions import (
    SessionCreatedV1,
    training_session_subject,
)
from sessionhub.common.events.envelope import Envelope

pytestmark = pytest.mark.unit


def test_a_row_holds_the_envelope_the_relay_publishes() -> None:
    db = cast(Any, SimpleNamespace(info={"source": "session-api"}))
    event = SessionCreatedV1(
        session_id=7,
        user_id="u-1",
        group_id=None,
        title="t",
        scenario="s",
        persona="p",
        agent_name="a",
        created_at=datetime.now(UTC),
    )
    event_id, event_type, body = outbox.render(db, event, subject=training_session_subject(7))
    assert event_type == "session.created"
    parsed = Envelope.from_bytes(body)
    assert parsed.id == str(event_id)
    assert parsed.correlationid == str(event_id)
    assert parsed.source == "session-api"
    assert parsed.subject == "training-session/7"
    assert parsed.payload() == event


@pytest.mark.parametrize("subject", [None, "training-session/7"])
@pytest.mark.parametrize("group_id", [None, uuid.uuid4()])
def test_a_row_is_byte_for_byte_the_envelope_the_relay_would_have_rendered(
    subject: str | None, group_id: uuid.UUID | None
) -> None:
    db = cast(Any, SimpleNamespace(info={"source": "session-api"}))
    event = SessionCreatedV1(
        session_id=7,
        user_id="u-1",
        group_id=group_id,
        title='quotes " and \\ backslash, a\nnew line, \x01, é, 漢字, \U0001f600',
        scenario="s\t",
        persona="p",
        agent_name="a",
        created_at=datetime(2026, 3, 2, 9, 15, tzinfo=UTC),
    )
    _, _, body = outbox.render(db, event, subject=subject, correlation_id="req-1")
    parsed = Envelope.from_bytes(body)
    envelope = Envelope.wrap(
        event, source="session-api", subject=subject, correlation_id="req-1"
    ).model_copy(update={"id": parsed.id, "time": parsed.time})
    assert body.encode() == envelope.to_bytes()


def test_a_row_around_an_id_takes_the_id_in_both_places() -> None:
    db = cast(Any, SimpleNamespace(info={"source": "session-api"}))
    event = SessionCreatedV1(
        session_id=0,
        user_id="u-1",
        title='a "quoted" title, "session_id":0 and "subject":"training-session/0" as text',
        scenario="s",
        persona="p",
        agent_name="a",
        created_at=datetime.now(UTC),
    )
    event_id, event_type, (before, between, after) = outbox.render_around_id(
        db, event, id_field="session_id", subject_prefix="training-session/"
    )
    parsed = Envelope.from_bytes(before + "7" + between + "7" + after)
    assert parsed.type == event_type == "session.created"
    assert parsed.id == parsed.correlationid == str(event_id)
    assert parsed.subject == "training-session/7"
    assert parsed.payload() == event.model_copy(update={"session_id": 7})
