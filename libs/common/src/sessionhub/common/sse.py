"""One way to answer with Server-Sent Events.

``sse_response(events())`` where ``events`` yields :func:`sse_event` frames gives every
stream the same behaviour:

- ``retry:`` comes first (the app's request middleware adds it to every event stream);
- a comment heartbeat every ``heartbeat_s`` keeps proxies from closing idle streams;
- ``id:`` when the event has one, so ``Last-Event-ID`` can resume;
- data is JSON in the same format as the REST responses (Pydantic's: aliases, one
  timestamp format);
- a client that goes away cancels the generator (its ``finally`` blocks run);
- an error after the stream started cannot become a status code: it becomes a final
  ``error`` event carrying a problem (``status``, ``code``, ``detail``), and the
  traceback is logged once, plainly, instead of the stream being cut.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Mapping
from typing import Any

import structlog
from pydantic import BaseModel
from pydantic_core import to_json
from sse_starlette import EventSourceResponse, ServerSentEvent

from sessionhub.common.errors import AppError
from sessionhub.common.logsafety import plain_traceback

log = structlog.get_logger()

HEARTBEAT_S = 15.0
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
ERROR_EVENT = "error"


def sse_event(event: str, data: Any = None, *, id: str | int | None = None) -> ServerSentEvent:
    """One frame: a named ``event``, ``data`` as JSON, an optional resumable ``id``."""
    if not event or any(c in event for c in "\r\n"):
        raise ValueError(f"an SSE event name must be one non-empty line, not {event!r}")
    if isinstance(data, BaseModel):
        payload = data.model_dump_json(by_alias=True)
    else:
        payload = to_json(data, by_alias=True).decode()
    return ServerSentEvent(data=payload, event=event, id=None if id is None else str(id))


def _problem(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, AppError):
        return {"status": exc.status_code, "code": exc.code, "detail": exc.message}
    return {"status": 500, "code": "internal-error", "detail": "The stream failed; retry."}


async def _guarded(events: AsyncIterable[ServerSentEvent]) -> AsyncIterator[Any]:
    try:
        async for frame in events:
            yield frame
    except AppError as exc:
        yield sse_event(ERROR_EVENT, _problem(exc))
    except Exception as exc:
        log.error("sse_stream_failed", exception=plain_traceback(exc))
        yield sse_event(ERROR_EVENT, _problem(exc))


def sse_response(
    events: AsyncIterable[ServerSentEvent],
    *,
    status_code: int = 200,
    heartbeat_s: float = HEARTBEAT_S,
    headers: Mapping[str, str] | None = None,
) -> EventSourceResponse:
    """The response for a stream of :func:`sse_event` frames (see the module docstring)."""
    return EventSourceResponse(
        _guarded(events),
        status_code=status_code,
        headers={**SSE_HEADERS, **(headers or {})},
        ping=heartbeat_s,
    )
