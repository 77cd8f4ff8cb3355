"""HTTP routes of chat messages: post (the write path) and history (the read path)."""

from __future__ import annotations

import asyncio
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from sessionhub.chat.messages.schemas import ChatMessageCreate, ChatMessagePublic, PostedMessages
from sessionhub.chat.messages.service import Direction, chat_messages
from sessionhub.chat.replies.tasks import start_reply
from sessionhub.chat.state import State
from sessionhub.chat.web import (
    LimitedBody,
    json_response,
    message_location,
    reply_stream,
    wants_stream,
)
from sessionhub.common.auth import CurrentUser
from sessionhub.common.errors import AppError
from sessionhub.common.openapi import EVENT_STREAM
from sessionhub.common.pagination import Page

router = APIRouter(prefix="/api/chat", tags=["chat"])

REPLY_FAILED = "The reply could not be generated."


@router.get(
    "/sessions/{session_id}/messages",
    response_model=Page[ChatMessagePublic],
    summary="History, oldest to newest; direction=backward pages from the latest",
)
async def list_messages(
    session_id: UUID,
    user: CurrentUser,
    state: State,
    cursor: str | None = None,
    direction: Direction = "forward",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    page = await chat_messages.page(
        state, user, session_id, cursor=cursor, direction=direction, limit=limit
    )
    return json_response(page)


@router.post(
    "/sessions/{session_id}/messages",
    status_code=201,
    response_model=PostedMessages,
    dependencies=LimitedBody,
    summary="Post a message and get the reply (SSE with Accept: text/event-stream)",
    responses={
        200: {
            "model": PostedMessages,
            "description": "A replay of an earlier post with the same `client_message_id` "
            "(`Idempotent-Replayed: true`).",
        },
        201: {"content": {EVENT_STREAM: {}}},
    },
)
async def post_message(
    session_id: UUID, data: ChatMessageCreate, user: CurrentUser, state: State, request: Request
) -> Response:
    posted = await chat_messages.post(state, user, session_id, data)
    if posted.replayed:
        replay = json_response(PostedMessages(message=posted.message))
        replay.headers["Idempotent-Replayed"] = "true"
        return replay
    if not data.respond:
        return json_response(
            PostedMessages(message=posted.message), 201, message_location(posted.message)
        )
    job = start_reply(state, posted.chat_session, posted.message)
    if wants_stream(request):
        return reply_stream(posted.message, job)
    result = PostedMessages(message=posted.message)
    try:
        result.reply = await asyncio.shield(job.stored)
    except Exception as exc:
        # The message itself is accepted: answering an error now would have the client
        # post it again. It learns the reply is missing, and regenerate retries it.
        result.reply_error = exc.message if isinstance(exc, AppError) else REPLY_FAILED
    return json_response(result, 201, message_location(posted.message))
