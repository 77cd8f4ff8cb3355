"""Log processors: plain tracebacks, redacted credentials, bounded fields."""

from __future__ import annotations

import jwt
import pytest
import structlog

from sessionhub.common.logsafety import (
    MAX_FIELD_CHARS,
    MAX_TRACEBACK_CHARS,
    REDACTED,
    make_safe,
    safety_processors,
    scrub,
)

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers

TOKEN = jwt.encode({"sub": "u1"}, "s" * 32, algorithm="HS256")


def _run(event: dict) -> dict:
    for processor in safety_processors():
        event = processor(None, "error", event)  # type: ignore[assignment]
    return event


def test_bearer_tokens_and_jwts_are_redacted_anywhere() -> None:
    assert TOKEN not in scrub(f"header was Bearer {TOKEN} then")
    assert TOKEN[:12] not in scrub(f"token={TOKEN!r}")
    assert scrub("Basic dXNlcjpwYXNzd29yZA==") == f"Basic {REDACTED}"
    assert scrub("an ordinary line") == "an ordinary line"


def test_secret_keys_are_redacted_but_counts_kept() -> None:
    event = make_safe(
        None,
        "info",
        {"authorization": "x", "cookie": b"c", "prompt_tokens": 12, "nested": {"api_key": "k"}},
    )
    assert event == {
        "authorization": REDACTED,
        "cookie": REDACTED,
        "prompt_tokens": 12,
        "nested": {"api_key": REDACTED},
    }


def test_fields_are_capped() -> None:
    event = make_safe(None, "info", {"body": "x" * 10 * MAX_FIELD_CHARS, "obj": object()})
    assert len(event["body"]) < MAX_FIELD_CHARS + 100
    assert isinstance(event["obj"], str)


def _deep(level: int, secret: str, bulk: list[int]) -> None:
    if level == 0:
        raise RuntimeError("bottom")
    _deep(level - 1, secret, bulk)


def test_tracebacks_are_plain_and_bounded() -> None:
    try:
        _deep(900, f"Bearer {TOKEN}", list(range(100_000)))
    except RuntimeError as exc:
        event = _run({"event": "unhandled_error", "exc_info": exc})
    text = event["exception"]
    assert "RuntimeError: bottom" in text
    assert "_deep" in text
    assert "99999" not in text  # no locals
    assert TOKEN not in text
    assert len(text) <= MAX_TRACEBACK_CHARS + 100


def test_console_renderer_prints_the_plain_traceback() -> None:
    renderer = structlog.dev.ConsoleRenderer(
        colors=False, exception_formatter=structlog.dev.plain_traceback
    )
    try:
        raise ValueError("boom")
    except ValueError as exc:
        line = renderer(None, "error", _run({"event": "e", "exc_info": exc}))
    assert "ValueError: boom" in str(line)
