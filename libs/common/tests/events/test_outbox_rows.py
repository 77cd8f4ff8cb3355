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
    envelope = outbox.wrap(db, event, subject=training_session_subject(7))
    event_id, event_type, body = outbox.row(envelope)
    assert event_id == uuid.UUID(envelope.id)
    assert event_type == "session.created"
    parsed = Envelope.from_bytes(body)
    assert parsed == envelope
    assert parsed.source == "session-api"
    assert parsed.payload() == event
