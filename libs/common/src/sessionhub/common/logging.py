"""structlog set-up: JSON in production, console in dev, context bound per request/message.

Third-party libraries (uvicorn, aio-pika, aiormq, asyncio, SQLAlchemy...) log through the
standard library; their records go through the same processors and renderer, so a
production log is one JSON object per line with no plain-text traceback in between.
Credentials never reach the output: ``logsafety`` redacts secret fields, bearer tokens
and JWTs; this module adds the passwords inside connection URLs libraries log.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any, TextIO, cast

import orjson
import structlog

from sessionhub.common.config import Settings
from sessionhub.common.logsafety import REDACTED, safety_processors

log = structlog.get_logger()

# Loggers whose INFO lines an operator wants; every other library logs from WARNING.
_INFO_LOGGERS = ("uvicorn.error",)
_URL_PASSWORD = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)[^@\s]+(?=@)")


class _Stderr:
    """Resolves ``sys.stderr`` at each write: runners and tests swap it after set-up."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()

    def isatty(self) -> bool:
        return bool(getattr(sys.stderr, "isatty", lambda: False)())


def mask_url_passwords(text: str) -> str:
    """``amqp://user:pw@host`` → ``amqp://user:[redacted]@host``, anywhere in ``text``."""
    if "://" not in text:
        return text
    return _URL_PASSWORD.sub(r"\g<head>" + REDACTED, text)


def _mask_urls(_: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key, value in event_dict.items():
        if isinstance(value, str):
            event_dict[key] = mask_url_passwords(value)
    return event_dict


def _json(obj: Any, **_: Any) -> str:
    return orjson.dumps(obj, default=str).decode()


def configure_logging(settings: Settings) -> None:
    stream = _Stderr()
    level = logging.getLevelName(settings.log_level.upper())
    pre_chain: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    # Plain tracebacks (never locals), no credentials, bounded fields: a 500 must cost
    # milliseconds in every format (logsafety.py says why). Runs after tracebacks are
    # formatted, so URLs inside them are masked too.
    safety: list[structlog.types.Processor] = [*safety_processors(), _mask_urls]
    renderer: structlog.types.Processor
    if settings.json_logs:
        renderer = structlog.processors.JSONRenderer(serializer=_json)
    else:
        # Colours only for a person at a terminal, never in files, pipes or CI logs.
        renderer = structlog.dev.ConsoleRenderer(
            colors=stream.isatty(), exception_formatter=structlog.dev.plain_traceback
        )
    structlog.configure(
        processors=[*pre_chain, structlog.processors.StackInfoRenderer(), *safety, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(cast(TextIO, stream)),
        cache_logger_on_first_use=True,
    )

    handler = logging.StreamHandler(cast(TextIO, stream))
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*pre_chain, structlog.stdlib.add_logger_name],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                *safety,
                renderer,
            ],
        )
    )
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    # Libraries' INFO is noise (connection chatter); keep WARNING unless debugging.
    root.setLevel(max(level, logging.WARNING))
    for name in _INFO_LOGGERS:
        logging.getLogger(name).setLevel(level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        # uvicorn may have attached its own plain-text handlers; records go to root.
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True


def bind(**values: object) -> None:
    structlog.contextvars.bind_contextvars(**{k: v for k, v in values.items() if v is not None})


def current_correlation_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("correlation_id")
    return str(value) if value else None
