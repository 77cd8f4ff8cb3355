"""HTTP routes of replies: regenerate the last one."""

from __future__ import annotations

import asyncio
from uuid import UUID

from fastapi import APIRouter, Request, Response

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.replies import service
from sessionhub.chat.replies.tasks import start_reply
from sessionhub.chat.state import State
from sessionhub.chat.web import json_response, message_location, reply_stream, wants_stream
from sessionhub.common.auth import CurrentUser
from sessionhub.common.openapi import EVENT_STREAM

router = APIRouter(prefix="/api/chat", tags=["chat"])


@router.post(
    "/sessions/{session_id}/regenerate",
    status_code=201,
    response_model=ChatMessagePublic,
    summary="A new reply to what the last one answered; the earlier reply stays",
    description="JSON: 201 with the stored reply and its `Location`. With "
    "`Accept: text/event-stream`: 200 and the reply's events as it is generated (it is not "
    "stored yet when the stream starts, so there is nothing to point at).",
    responses={
        200: {"description": "The reply as Server-Sent Events.", "content": {EVENT_STREAM: {}}}
    },
)
async def regenerate(
    session_id: UUID, user: CurrentUser, state: State, request: Request
) -> Response:
    chat_session, parent, meta = await service.to_regenerate(state, user, session_id)
    job = start_reply(state, chat_session, parent, meta=meta)
    if wants_stream(request):
        return reply_stream(None, job)
    reply = await asyncio.shield(job.stored)
    return json_response(reply, 201, message_location(reply))
