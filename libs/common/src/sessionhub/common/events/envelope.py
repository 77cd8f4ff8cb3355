"""CloudEvents 1.0 structured-mode envelope with SessionHub extension attributes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from sessionhub.common.events.registry import Event, lookup
from sessionhub.common.timestamps import Timestamp


class Envelope(BaseModel):
    specversion: Literal["1.0"] = "1.0"
    id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    source: str
    type: str
    time: Timestamp = Field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = None
    datacontenttype: Literal["application/json"] = "application/json"
    # Extension attributes: CloudEvents allows only lowercase alphanumerics in names.
    schemaversion: int
    correlationid: str
    data: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        payload: Event,
        *,
        source: str,
        subject: str | None = None,
        correlation_id: str | None = None,
    ) -> Envelope:
        event_id = str(uuid.uuid4())
        return cls(
            id=event_id,
            source=source,
            type=payload.event_type,
            subject=subject,
            schemaversion=payload.event_version,
            correlationid=correlation_id or event_id,
            data=payload.model_dump(mode="json"),
        )

    def payload(self) -> Event:
        return lookup(self.type, self.schemaversion).model_validate(self.data)

    def to_bytes(self) -> bytes:
        return self.model_dump_json(exclude_none=True).encode()

    @classmethod
    def from_bytes(cls, body: bytes | str) -> Envelope:
        return cls.model_validate_json(body)
