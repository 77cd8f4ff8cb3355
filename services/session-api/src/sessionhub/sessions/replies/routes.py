"""POST /api/training-sessions/{id}/reply: the persona answers, as JSON or an SSE stream."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi.responses import JSONResponse

from sessionhub.common.auth import CurrentUser
from sessionhub.common.openapi import EVENT_STREAM
from sessionhub.common.sse import sse_response
from sessionhub.sessions.replies import service
from sessionhub.sessions.replies.schemas import ReplyResult
from sessionhub.sessions.state import State
from sessionhub.sessions.training.routes import PREFIX, SessionId

router = APIRouter(prefix=PREFIX, tags=["training sessions"])


@router.post(
    "/{session_id}/reply",
    response_model=ReplyResult,
    summary="The persona answers (SSE with Accept: text/event-stream); the answer is appended",
    responses={200: {"content": {EVENT_STREAM: {}}}},
)
async def reply(
    session_id: SessionId,
    user: CurrentUser,
    st: State,
    accept: Annotated[str, Header()] = "application/json",
) -> Response:
    # No request-scoped unit (`Db`): the service reads, calls the model and writes in
    # units of its own, so no connection is held while the model speaks.
    brief = await service.reply_brief(st, user, session_id)
    if EVENT_STREAM in accept:
        return sse_response(
            service.stream_reply(st, user, session_id, brief), heartbeat_s=st.settings.sse_ping_s
        )
    result = await service.reply(st, user, session_id, brief)
    return JSONResponse(result.model_dump(mode="json"))
