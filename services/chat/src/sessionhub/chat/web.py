"""HTTP helpers every chat router shares: the body limit, JSON and SSE responses."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Depends, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.replies.service import ReplyJob
from sessionhub.chat.state import State
from sessionhub.common.errors import AppError, PayloadTooLarge


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


def json_response(model: BaseModel, status_code: int = 200) -> Response:
    """Serialise once: the hot read paths skip FastAPI's re-validation of the result."""
    return Response(
        model.model_dump_json(by_alias=True), status_code=status_code, media_type="application/json"
    )


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
    return StreamingResponse(
        _events(first, job), status_code=201, media_type="text/event-stream", headers=SSE_HEADERS
    )
