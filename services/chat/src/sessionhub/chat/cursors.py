"""Typed keyset cursors: anything that is not one of our own cursors is a 400.

A forged cursor (``["abc"]``, ``[1e400]``, ``[NaN]``, an out-of-range timestamp, a
number past bigint) must never reach PostgreSQL. The common team is landing a typed
cursor helper in ``sessionhub.common.pagination``; ``read_cursor`` then delegates to it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sessionhub.common.errors import BadRequest
from sessionhub.common.pagination import decode_cursor, encode_cursor

INVALID_CURSOR = "The cursor is not valid; use next_cursor from a previous page."
MAX_CURSOR_CHARS = 512
BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1

__all__ = ["INVALID_CURSOR", "encode_cursor", "read_cursor"]


def _typed(value: Any, kind: type) -> Any:
    if kind is int:
        if type(value) is not int or not BIGINT_MIN <= value <= BIGINT_MAX:
            raise ValueError
        return value
    if kind is float:
        if type(value) not in (int, float) or value != value or abs(value) == float("inf"):
            raise ValueError
        return float(value)
    if not isinstance(value, str):
        raise ValueError
    if kind is UUID:
        return UUID(value)
    if kind is datetime:
        at = datetime.fromisoformat(value)
        if at.tzinfo is None:
            raise ValueError
        at = at.astimezone(UTC)
        # PostgreSQL's timestamptz and Python's datetime both hold this range.
        if not 1 < at.year < 9999:
            raise ValueError
        return at
    raise TypeError(f"no cursor type {kind!r}")


def read_cursor(cursor: str, *kinds: type) -> tuple[Any, ...]:
    """The cursor's values as ``kinds`` (int = bigint, float, UUID, aware datetime)."""
    if len(cursor) > MAX_CURSOR_CHARS:
        raise BadRequest(INVALID_CURSOR)
    try:
        values = decode_cursor(cursor, len(kinds))
        return tuple(_typed(v, k) for v, k in zip(values, kinds, strict=True))
    except (ValueError, OverflowError, RecursionError) as exc:
        raise BadRequest(INVALID_CURSOR) from exc
