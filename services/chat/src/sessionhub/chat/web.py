"""HTTP helpers every chat router shares: the body limit, JSON and SSE responses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

from fastapi import Depends, Request, Response
from pydantic import BaseModel
from sse_starlette import EventSourceResponse, ServerSentEvent

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.replies.service import ReplyJob
from sessionhub.chat.state import State
from sessionhub.common.errors import PayloadTooLarge
from sessionhub.common.pagination import encode_cursor
from sessionhub.common.sse import sse_event, sse_response


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


async def _events(first: ChatMessagePublic | None, job: ReplyJob) -> AsyncIterator[ServerSentEvent]:
    # Leaving early (client gone) only stops this generator; the reply task carries on.
    if first is not None:
        yield sse_event("message", first)
    while True:
        kind, data = await job.events.get()
        if kind == "error":
            raise data  # the shared stream ends with its final `error` problem event
        yield sse_event(kind, data)
        if kind == "done":
            return


def reply_stream(first: ChatMessagePublic | None, job: ReplyJob) -> EventSourceResponse:
    """201 with the posted message's Location; without one (a regenerate) nothing exists yet
    when the headers go out, so 200."""
    headers = {"Location": message_location(first)} if first is not None else None
    return sse_response(
        _events(first, job), status_code=201 if first is not None else 200, headers=headers
    )
