"""structlog processors that keep a log line cheap and free of credentials.

An unhandled error used to be rendered with every local variable of every frame
(the console renderer's default): one 500 on a deeply nested body wrote 31 MiB and
held the event loop for 40 s, and bearer tokens showed up in the locals. These
processors run in every log format, before the renderer:

- the traceback is formatted as plain text (no locals) — milliseconds, bounded;
- credentials are redacted by key (``authorization``, ``cookie``, ``token``…) and by
  shape (``Bearer …``, JWTs) wherever they appear, tracebacks included;
- every string field is capped, so no single line can grow without bound.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import MutableMapping
from typing import Any

import structlog

#: Longest string a log field keeps; tracebacks keep their head and tail.
MAX_FIELD_CHARS = 8_192
MAX_TRACEBACK_CHARS = 16_384

REDACTED = "[redacted]"

_SECRET_KEYS = re.compile(
    r"(authorization|cookie|token|secret|password|passwd|api[_-]?key|credential)", re.I
)
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")


def scrub(text: str) -> str:
    """``text`` with bearer credentials and anything shaped like a JWT replaced."""
    if "ey" not in text and "earer" not in text and "asic" not in text:
        return text  # the common case: nothing to look for
    return _JWT.sub(REDACTED, _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text))


def _cap(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}… [{len(text) - limit} chars cut] …{text[-half:]}"


#: Containers in a field are kept as structure this deep and this long.
_MAX_NESTING = 4
_MAX_ITEMS = 50


def _clean(key: str, value: Any, limit: int, depth: int = 0) -> Any:
    if isinstance(value, str | bytes):
        if _SECRET_KEYS.search(key):
            return REDACTED
        text = value if isinstance(value, str) else value.decode("utf-8", "replace")
        return scrub(_cap(text, limit))
    if isinstance(value, int | float | bool) or value is None:
        return value  # token counts and the like stay readable
    if isinstance(value, dict) and depth < _MAX_NESTING:
        items = list(value.items())[:_MAX_ITEMS]
        return {str(k): _clean(str(k), v, limit, depth + 1) for k, v in items}
    if isinstance(value, list | tuple) and depth < _MAX_NESTING:
        return [_clean(key, v, limit, depth + 1) for v in value[:_MAX_ITEMS]]
    # Anything else would be repr'd by the renderer at any size: bound it here.
    return _clean(key, repr(value), limit)


def make_safe(
    logger: Any, method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Redact credentials and cap every field (run after ``format_exc_info``)."""
    for key, value in list(event_dict.items()):
        limit = MAX_TRACEBACK_CHARS if key == "exception" else MAX_FIELD_CHARS
        event_dict[key] = _clean(key, value, limit)
    return event_dict


def plain_traceback(exc: BaseException) -> str:
    """``exc``'s traceback as bounded, scrubbed plain text (no locals).

    For call sites that must stay cheap whatever structlog is configured with (the
    default console renderer of an unconfigured process prints every local).
    """
    text = "".join(traceback.format_exception(exc))
    return scrub(_cap(text, MAX_TRACEBACK_CHARS))


def safety_processors() -> list[structlog.types.Processor]:
    """What every log format runs before its renderer: plain tracebacks, then scrubbing."""
    return [structlog.processors.format_exc_info, make_safe]
