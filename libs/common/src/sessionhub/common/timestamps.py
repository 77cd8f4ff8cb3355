"""One timestamp format on every wire (REST bodies, SSE data, event envelopes).

RFC 3339 in UTC with a `Z` and always six fractional digits,
``2026-03-02T09:15:00.000000Z``: fixed width, so clients may parse it with one pattern
and compare strings; Pydantic alone drops the fraction when it is zero and writes naive
values without a zone. Declare fields as ``Timestamp`` instead of ``datetime``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import PlainSerializer

PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")


def format_timestamp(value: datetime) -> str:
    """``value`` in the one wire format; a naive value is taken as UTC (how it is stored)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


Timestamp = Annotated[
    datetime, PlainSerializer(format_timestamp, return_type=str, when_used="json")
]
