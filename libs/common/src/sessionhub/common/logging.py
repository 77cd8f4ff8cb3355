"""structlog set-up: JSON in production, console in dev, context bound per request/message."""

from __future__ import annotations

import logging
import sys
from typing import TextIO, cast

import structlog

from sessionhub.common.config import Settings
from sessionhub.common.logsafety import safety_processors

log = structlog.get_logger()


class _Stderr:
    """Resolves ``sys.stderr`` at each write: runners and tests swap it after set-up."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(settings: Settings) -> None:
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        # Plain tracebacks (never locals), no credentials, bounded fields: a 500 must
        # cost milliseconds in every format (logsafety.py says why).
        *safety_processors(),
    ]
    renderer: structlog.types.Processor
    if settings.json_logs:
        renderer = structlog.processors.JSONRenderer()
    else:
        renderer = structlog.dev.ConsoleRenderer(exception_formatter=structlog.dev.plain_traceback)
    level = logging.getLevelName(settings.log_level.upper())
    structlog.configure(
        processors=[*shared, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(cast(TextIO, _Stderr())),
        cache_logger_on_first_use=True,
    )
    # Libraries log through stdlib; keep their noise at WARNING unless debugging.
    logging.basicConfig(level=max(level, logging.WARNING), stream=sys.stderr)


def bind(**values: object) -> None:
    structlog.contextvars.bind_contextvars(**{k: v for k, v in values.items() if v is not None})


def current_correlation_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("correlation_id")
    return str(value) if value else None
