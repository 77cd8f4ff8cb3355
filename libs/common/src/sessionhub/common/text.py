"""The one boundary type for text that enters: what PostgreSQL and UTF-8 can hold.

PostgreSQL ``text`` refuses NUL, ``jsonb`` refuses ``\\u0000``, and a lone UTF-16
surrogate (``"\\ud800"``, which Python's JSON decoder lets through) cannot be encoded
as UTF-8 at all. A value carrying either is accepted by Pydantic and fails later,
far from the caller (a 500, a dead-lettered message). Declare text fields as
``SafeStr`` and free-form JSON as ``SafeJson`` so they are refused with a 422 that
names the field; the ASGI guard (``sessionhub.common.boundary``) checks every body,
query string and header the same way before a handler runs.
"""

from __future__ import annotations

import math
import re
from itertools import accumulate
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, JsonValue
from pydantic_core import PydanticCustomError

#: Nesting allowed inside one ``SafeJson`` value (a metadata object, a config).
SAFE_JSON_MAX_DEPTH = 32
#: The largest magnitude a free-form JSON number may have: every JSON reader holds the
#: integers up to it exactly (I-JSON, RFC 7493 section 2.2), where a JavaScript client
#: would read a larger one rounded. ``jsonb`` also writes a number without an exponent, so
#: ``1e300`` would come back as a 301-digit integer that no 64-bit writer can answer with.
SAFE_JSON_MAX_NUMBER = 2**53 - 1

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

Path = tuple[str | int, ...]


def _storable(value: str) -> bool:
    # ``isascii`` reads a flag CPython keeps on every string, no scan, and ASCII holds no
    # surrogate: only NUL is left to find (a memchr). The pattern's scan cost autosave a
    # microsecond per description, more than pydantic-core spent validating it.
    if value.isascii():
        return "\x00" not in value
    return _UNSTORABLE.search(value) is None


def unstorable_reason(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or ``None`` when it can."""
    if _storable(value):
        return None
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "contains a NUL character (\\u0000), which text cannot hold"
    return f"contains a lone surrogate (\\u{ord(found.group()):04x}), which is not valid Unicode"


def check_text(value: str) -> str:
    # One check and no further call on the path every string of every request takes.
    if _storable(value):
        return value
    reason = unstorable_reason(value)
    raise PydanticCustomError("unstorable_text", "The text {reason}.", {"reason": reason})


def find_unstorable(value: Any, *, max_depth: int | None = None) -> tuple[Path, str] | None:
    """The first place in a decoded JSON value that cannot be stored, and why.

    Checks keys and strings at any depth, non-finite numbers (``jsonb`` has no NaN or
    Infinity; ``1e400`` decodes to infinity), numbers past ``SAFE_JSON_MAX_NUMBER`` and,
    with ``max_depth``, the nesting.
    Iterative, so a deep value cannot exhaust the interpreter's stack; paths are
    linked back to their parents and only spelled out for the answer.
    """
    stack: list[tuple[int, _Trail, Any]] = [(0, None, value)]
    while stack:
        depth, trail, item = stack.pop()
        if isinstance(item, str):
            reason = unstorable_reason(item)
            if reason is not None:
                return _spell(trail), reason
        elif isinstance(item, float) and not math.isfinite(item):
            return _spell(trail), "is not a finite number"
        elif isinstance(item, int | float) and abs(item) > SAFE_JSON_MAX_NUMBER:
            return _spell(trail), "is a number beyond ±(2^53 - 1), which JSON readers may round"
        elif isinstance(item, dict):
            if max_depth is not None and depth >= max_depth:
                return _spell(trail), f"nests deeper than {max_depth} levels"
            for key, child in item.items():
                if isinstance(key, str) and (reason := unstorable_reason(key)) is not None:
                    return _spell((key, trail)), f"has a key that {reason}"
                stack.append((depth + 1, (key, trail), child))
        elif isinstance(item, list):
            if max_depth is not None and depth >= max_depth:
                return _spell(trail), f"nests deeper than {max_depth} levels"
            stack.extend((depth + 1, (i, trail), child) for i, child in enumerate(item))
    return None


_Trail = tuple[str | int, Any] | None


def _spell(trail: _Trail) -> Path:
    parts: list[str | int] = []
    while trail is not None:
        key, trail = trail
        parts.append(key)
    return tuple(reversed(parts))


def dotted(path: Path) -> str:
    """``("metadata", "tags", 3)`` → ``metadata.tags.3`` (how 422 problems name fields).

    A key is the client's own text and may be the very thing refused: NUL and lone
    surrogates are spelled as ``\\u`` escapes, or the problem naming them could not
    be encoded as UTF-8 and the refusal itself would become a 500.
    """
    return ".".join(_UNSTORABLE.sub(_escape, str(part)) for part in path)


def _escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def _check_json(value: Any) -> Any:
    found = find_unstorable(value, max_depth=SAFE_JSON_MAX_DEPTH)
    if found is not None:
        path, reason = found
        where = f"at {dotted(path)} " if path else ""
        raise PydanticCustomError(
            "unstorable_json", "The value {where}{reason}.", {"where": where, "reason": reason}
        )
    return value


#: A string PostgreSQL can store and UTF-8 can encode; use it for every text field
#: of a request model (``title: SafeStr = Field(max_length=200)``).
SafeStr = Annotated[str, AfterValidator(check_text)]

#: Any JSON value whose keys and strings are storable, numbers finite and within
#: ``SAFE_JSON_MAX_NUMBER`` and nesting at most ``SAFE_JSON_MAX_DEPTH`` deep: free-form
#: metadata headed for ``jsonb``.
SafeJson = Annotated[JsonValue, BeforeValidator(_check_json)]


_NOT_SYNTAX = bytes(c for c in range(256) if c not in b'"[]{}')
_STEP = [0] * 256
for _c in b"[{":
    _STEP[_c] = 1
for _c in b"]}":
    _STEP[_c] = -1


def json_too_deep(body: bytes, max_depth: int) -> bool:
    """Whether the JSON text ``body`` nests containers deeper than ``max_depth``.

    Reads bytes without decoding anything, so a hostile body costs a linear scan
    instead of a recursive parse, and every pass runs in C (autosave bodies of tens
    of kilobytes go through here on every request): skipped outright when there are
    too few brackets to reach the limit; otherwise escapes are dropped, the quotes
    then left delimit the strings, whose brackets are not structure.
    """
    # One pass keeps only quotes and brackets; the brackets are counted on what is left,
    # a few hundred bytes of a 20 KB autosave, not twice more over the whole body.
    syntax = body.translate(None, _NOT_SYNTAX)
    if len(syntax) - syntax.count(b'"') <= max_depth:
        return False
    if b"\\" in body:
        # Escapes pair backslashes from the left: with the ``\\`` pairs gone, every
        # ``\"`` left is an escaped quote. Outside strings a backslash is invalid JSON,
        # which the parser refuses before going any deeper.
        body = body.replace(b"\\\\", b"").replace(b'\\"', b"")
        syntax = body.translate(None, _NOT_SYNTAX)
    structure = b"".join(syntax.split(b'"')[::2])
    return max(accumulate(map(_STEP.__getitem__, structure)), default=0) > max_depth


# ``\u0000`` or any surrogate escape (paired ones are fine but need decoding to tell).
_RISKY_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")


def needs_text_check(body: bytes) -> bool:
    """Whether a JSON body could decode to unstorable text (cheap, no decoding).

    A raw NUL byte is invalid JSON (the parser refuses it); only ``\\u`` escapes of
    NUL or surrogates, and raw bytes that are not UTF-8 (encoded surrogates) can
    smuggle one in.
    """
    if _RISKY_ESCAPE.search(body) is not None:
        return True
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
