"""What PostgreSQL and JSON can hold, checked where text enters chat.

PostgreSQL refuses NUL in ``text`` and ``\\u0000`` in ``jsonb``, and a lone surrogate
cannot be encoded as UTF-8 at all: a message carrying either would be acknowledged and
then fail in the persister. ``SafeStr`` and ``SafeJson`` refuse them with a 422 naming
the field. The common team is landing the same types as ``sessionhub.common.text``;
once they are on ``main`` this module re-exports them instead (one import line).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

# Deeper than any real metadata; far below what JSON parsers and jsonb choke on.
MAX_JSON_DEPTH = 32


def check_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL (\\u0000) characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text (it has a lone surrogate)") from None
    return value


def check_json(value: Any) -> Any:
    """Every key and string at any depth is ``check_text``-clean; nesting is bounded."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            check_text(item)
        elif isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise ValueError(f"must not be nested deeper than {MAX_JSON_DEPTH} levels")
            if isinstance(item, dict):
                for key, child in item.items():
                    if isinstance(key, str):
                        check_text(key)
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)
    return value


def storable(text: str) -> str:
    """Text produced here (model output) made storable: NUL and lone surrogates replaced."""
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


SafeStr = Annotated[str, AfterValidator(check_text)]
# Checked before pydantic walks it, so a deeply nested value costs one bounded pass.
SafeJson = Annotated[dict[str, Any], BeforeValidator(check_json)]
