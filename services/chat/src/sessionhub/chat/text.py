"""Chat's uses of the shared storable-text types."""

from __future__ import annotations

from sessionhub.common.text import SafeJson, SafeStr, unstorable_reason

# Metadata is a JSON object: storable keys, storable values, bounded nesting.
SafeObject = dict[SafeStr, SafeJson]


def storable(text: str) -> str:
    """``text`` with NUL and lone surrogates replaced: a model may produce either, and
    PostgreSQL could hold neither (requests are refused instead, at the boundary)."""
    if unstorable_reason(text) is None:
        return text
    text = text.replace("\x00", "\ufffd")
    return text.encode("utf-8", "replace").decode("utf-8")
