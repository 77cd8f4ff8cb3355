"""Opaque keyset cursors for every list endpoint.

A cursor is the sort key of the last row of a page, as a typed tuple::

    next_cursor = encode_cursor(row.created_at, row.id)
    created_at, ident = decode_cursor(cursor, datetime, uuid.UUID)

:func:`keyset_page` makes the page (and its ``next_cursor``) from ``limit + 1`` rows.

A cursor comes back from the client, so it is input like any other: anything that
is not exactly what :func:`encode_cursor` produced for those types (bad base64, wrong
arity or type, NaN/Infinity, ``1e400``, nested lists, integers past the column,
timestamps without a zone or out of range, unstorable text) is a 400 problem, never
a value a query could choke on.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Generic, NewType, TypeVar

from pydantic import BaseModel

from sessionhub.common.errors import BadRequest
from sessionhub.common.text import unstorable_reason

T = TypeVar("T")
R = TypeVar("R")

#: An ``integer`` (int4) column: decode with ``Int32`` instead of ``int`` (int8).
Int32 = NewType("Int32", int)

CursorType = type[int] | type[str] | type[float] | type[uuid.UUID] | type[datetime] | Any

#: A cursor is a few sort keys; anything longer was not made by us.
MAX_CURSOR_CHARS = 1024

_INT_RANGES: dict[Any, tuple[int, int]] = {
    int: (-(2**63), 2**63 - 1),
    Int32: (-(2**31), 2**31 - 1),
}


class Page(BaseModel, Generic[T]):
    data: list[T]
    next_cursor: str | None = None


def keyset_page(
    rows: Sequence[R], limit: int, item: Callable[[R], T], key: Callable[[R], tuple[Any, ...]]
) -> Page[T]:
    """The page of a query that fetched up to ``limit + 1`` rows in cursor order: the extra
    row is never shown, it only says a next page exists, whose cursor is the ``key`` (the
    sort key) of the last row shown."""
    shown = rows[:limit]
    more = len(rows) > limit
    return Page(
        data=[item(r) for r in shown],
        next_cursor=encode_cursor(*key(shown[-1])) if more else None,
    )


class InvalidCursor(BadRequest):
    code = "invalid-cursor"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The cursor is not valid ({reason}); use next_cursor from a previous page."
        )


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("cursor timestamps need a time zone")
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("cursor numbers must be finite")
    if value is None or isinstance(value, bool | dict | list | tuple):
        raise TypeError(f"a cursor holds int, str, float, UUID or datetime, not {value!r}")
    return value


def encode_cursor(*values: Any) -> str:
    """The opaque cursor for a row whose sort key is ``values``."""
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":"), allow_nan=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a cursor can hold")


def _decode_one(value: Any, kind: CursorType) -> Any:
    if kind in _INT_RANGES:
        low, high = _INT_RANGES[kind]
        if type(value) is not int or not low <= value <= high:
            raise InvalidCursor("an integer is out of range")
        return value
    if kind is float:
        if type(value) not in (int, float) or not math.isfinite(value):
            raise InvalidCursor("a number is not finite")
        return float(value)
    if not isinstance(value, str):
        raise InvalidCursor(f"expected a {getattr(kind, '__name__', kind)}")
    if kind is str:
        if unstorable_reason(value) is not None:
            raise InvalidCursor("the text cannot be stored")
        return value
    if kind is uuid.UUID:
        try:
            return uuid.UUID(value)
        except ValueError:
            raise InvalidCursor("an id is not a UUID") from None
    if kind is datetime:
        try:
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise InvalidCursor("a timestamp has no time zone")
            # The driver sends UTC; an offset that leaves the calendar would fail there.
            moment.astimezone(UTC)
        except (ValueError, OverflowError):
            raise InvalidCursor("a timestamp is out of range") from None
        return moment
    raise TypeError(f"cursors cannot hold {kind!r}")


def decode_cursor(cursor: str, *types: CursorType) -> tuple[Any, ...]:
    """The sort key in ``cursor``, one value per type of ``types``; 400 for anything else.

    Types: ``int`` (int8 range), :data:`Int32`, ``float`` (finite), ``str``,
    ``uuid.UUID``, ``datetime`` (with a zone).

    ``decode_cursor(cursor, 2)`` (a count instead of types) is the untyped form the
    services used before: JSON scalars only, still checked for NaN, nesting, int8
    range and unstorable text; callers move to the typed form.
    """
    if not types:
        raise TypeError("decode_cursor needs the type of every sort key")
    if len(types) == 1 and type(types[0]) is int:
        return tuple(_decode_scalar(v) for v in _values(cursor, types[0]))
    values = _values(cursor, len(types))
    return tuple(_decode_one(v, t) for v, t in zip(values, types, strict=True))


def _decode_scalar(value: Any) -> Any:
    if isinstance(value, str):
        return _decode_one(value, str)
    if type(value) is int:
        return _decode_one(value, int)
    if type(value) is float:
        return _decode_one(value, float)
    raise InvalidCursor("expected a number or a string")


def _values(cursor: str, arity: int) -> list[Any]:
    if len(cursor) > MAX_CURSOR_CHARS:
        raise InvalidCursor("too long")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, binascii.Error, RecursionError):
        # ValueError covers bad base64 text, bad UTF-8, bad JSON and 5,000-digit ints.
        raise InvalidCursor("not a cursor") from None
    if not isinstance(values, list) or len(values) != arity:
        raise InvalidCursor(f"expected {arity} values")
    return values
