"""Typed positions inside session-api's keyset cursors; anything else is a 400.

The cursor's transport (base64 JSON) is ``sessionhub.common.pagination``'s; these only
check that the decoded values are what a previous page could have produced, so a forged
cursor never reaches PostgreSQL (where ``[1e20]`` or ``["abc"]`` were 500s).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sessionhub.common.errors import BadRequest
from sessionhub.common.pagination import decode_cursor
from sessionhub.sessions.models import INT4_MAX

_INVALID = "The cursor is not valid; use next_cursor from a previous page."


def before_id(cursor: str | None) -> int | None:
    """The id a page of integer-keyed rows continues below."""
    if not cursor:
        return None
    (value,) = decode_cursor(cursor, 1)
    # bool is an int in Python; JSON true is not an id.
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= INT4_MAX:
        raise BadRequest(_INVALID)
    return value


def before_stamp_id(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    """The (created_at, id) a page of uuid-keyed rows continues below."""
    if not cursor:
        return None
    stamp, ident = decode_cursor(cursor, 2)
    try:
        return _aware(stamp), uuid.UUID(_text(ident))
    except (TypeError, ValueError, OverflowError) as exc:
        raise BadRequest(_INVALID) from exc


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _aware(value: Any) -> datetime:
    parsed = datetime.fromisoformat(_text(value))
    if parsed.tzinfo is None or not 1900 <= parsed.year <= 9000:
        raise ValueError("not a timestamp this service wrote")
    return parsed
