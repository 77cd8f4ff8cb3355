"""Replies run in tasks of their own, outliving the request that asked for them."""

from __future__ import annotations

import asyncio
from typing import Any

import structlog

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.replies import service
from sessionhub.chat.replies.service import ReplyJob
from sessionhub.chat.sessions.cache import ChatSessionHeader
from sessionhub.chat.state import ChatState

log = structlog.get_logger()


def start_reply(
    state: ChatState,
    chat_session: ChatSessionHeader,
    parent: ChatMessagePublic,
    *,
    meta: dict[str, Any] | None = None,
) -> ReplyJob:
    job = ReplyJob()
    state.track(
        asyncio.create_task(_reply(state, chat_session, parent, job, meta or {}), name="chat:reply")
    )
    return job


async def _reply(
    state: ChatState,
    chat_session: ChatSessionHeader,
    parent: ChatMessagePublic,
    job: ReplyJob,
    meta: dict[str, Any],
) -> None:
    try:
        stored = await service.generate(state, chat_session, parent, job, meta)
    except BaseException as exc:
        job.fail(exc)
        raise
    job.finish(stored)
    if chat_session.title is None and parent.role == "user" and stored.content:
        await _name_session(state, chat_session, parent, stored)


async def _name_session(
    state: ChatState,
    chat_session: ChatSessionHeader,
    question: ChatMessagePublic,
    answer: ChatMessagePublic,
) -> None:
    try:
        async with state.ctx.db.session() as db:
            await service.name_session(state, db, chat_session, question, answer)
        await state.cache.drop(chat_session.id)
    except Exception as exc:
        # A missing title is cosmetic; the next exchange tries again.
        log.warning("chat_title_failed", session_id=str(chat_session.id), error=str(exc))
