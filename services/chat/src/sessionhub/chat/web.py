"""HTTP helpers every chat router shares: the body limit, JSON and SSE responses."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

from fastapi import Depends, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.replies.service import ReplyJob
from sessionhub.chat.state import State
from sessionhub.common.errors import AppError, PayloadTooLarge
from sessionhub.common.pagination import encode_cursor


async def _limit_body(request: Request, state: State) -> None:
    """The chat's own request-size limit, tighter than the gateway-wide one.

    The bytes received are counted, not the declared length: a chunked body has none.
    The shared boundary guard has already capped what can be buffered here.
    """
    limit = state.settings.max_request_bytes
    declared = request.headers.get("content-length")
    if (declared is not None and declared.isdigit() and int(declared) > limit) or len(
        await request.body()
    ) > limit:
        raise PayloadTooLarge(f"The request body exceeds the chat limit of {limit:,} bytes.")


LimitedBody = [Depends(_limit_body)]

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def json_response(
    model: BaseModel, status_code: int = 200, location: str | None = None
) -> Response:
    """Serialise once: the hot read paths skip FastAPI's re-validation of the result."""
    return Response(
        model.model_dump_json(by_alias=True),
        status_code=status_code,
        media_type="application/json",
        headers={"Location": location} if location is not None else None,
    )


def message_location(message: ChatMessagePublic) -> str:
    """The URL that reads back exactly ``message``.

    A message has no URL of its own: history is paged by (seq, id), so the page of one
    starting just before its seq (the nil UUID sorts first) holds it alone.
    """
    cursor = encode_cursor(message.seq, UUID(int=0))
    return f"/api/chat/sessions/{message.session_id}/messages?cursor={cursor}&limit=1"


def wants_stream(request: Request) -> bool:
    return "text/event-stream" in request.headers.get("accept", "")


def _sse(event: str, data: Any) -> str:
    if isinstance(data, ChatMessagePublic):
        payload = data.model_dump_json(by_alias=True)
    else:
        payload = json.dumps(data, separators=(",", ":"), default=str)
    return f"event: {event}\ndata: {payload}\n\n"


def _problem(exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, AppError):
        return {"status": exc.status_code, "code": exc.code, "detail": exc.message}
    return {"status": 500, "code": "internal-error", "detail": "The reply could not be stored."}


async def _events(first: ChatMessagePublic | None, job: ReplyJob) -> AsyncIterator[str]:
    # Leaving early (client gone) only stops this generator; the reply task carries on.
    if first is not None:
        yield _sse("message", first)
    while True:
        kind, data = await job.events.get()
        if kind == "done":
            yield _sse("done", data)
            return
        if kind == "error":
            yield _sse("error", _problem(data))
            return
        yield _sse(kind, data)


def reply_stream(first: ChatMessagePublic | None, job: ReplyJob) -> StreamingResponse:
    """201 with the posted message's Location; without one (a regenerate) nothing exists yet
    when the headers go out, so 200."""
    headers = dict(SSE_HEADERS)
    if first is not None:
        headers["Location"] = message_location(first)
    return StreamingResponse(
        _events(first, job),
        status_code=201 if first is not None else 200,
        media_type="text/event-stream",
        headers=headers,
    )
