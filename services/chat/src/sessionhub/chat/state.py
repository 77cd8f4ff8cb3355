"""What the chat service builds once at start-up, and the typed dependencies routes use."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import structlog
from fastapi import Depends, Request

from sessionhub.chat.messages.write_path import MessageIngest
from sessionhub.chat.personas import PersonaCatalog
from sessionhub.chat.replies.writers import ReplyWriter, TitleWriter
from sessionhub.chat.sessions.cache import ChatSessionCache
from sessionhub.chat.settings import ChatSettings
from sessionhub.common.db import session_dep
from sessionhub.common.llm import RetryPolicy
from sessionhub.common.service import ServiceContext, service_context

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

log = structlog.get_logger()

SERVICE = "chat"


@dataclass
class ChatState:
    ctx: ServiceContext
    settings: ChatSettings
    personas: PersonaCatalog
    ingest: MessageIngest
    cache: ChatSessionCache
    replies: ReplyWriter
    titles: TitleWriter
    # Replies being generated: they outlive their requests, so shutdown waits for them.
    inflight: set[asyncio.Task[Any]] = field(default_factory=set)

    def track(self, task: asyncio.Task[Any]) -> None:
        self.inflight.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self.inflight.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("chat_reply_failed", error=repr(task.exception()))


def chat_state(ctx: ServiceContext) -> ChatState:
    state: ChatState = ctx.state[SERVICE]
    return state


async def prepare(ctx: ServiceContext) -> None:
    settings = ChatSettings()
    policy = RetryPolicy(
        attempts=ctx.settings.llm_retry_attempts, total_timeout_s=ctx.settings.llm_retry_total_s
    )
    model = ctx.settings.openai_model
    ctx.state[SERVICE] = ChatState(
        ctx=ctx,
        settings=settings,
        personas=PersonaCatalog.load(settings.personas_file),
        ingest=MessageIngest(
            redis=ctx.redis,
            bus=ctx.bus,
            engine=ctx.db.engine,
            settings=settings,
            key_prefix=ctx.key(),
            application_name=f"chat-ingest:{ctx.db.schema}"[:63],
        ),
        cache=ChatSessionCache(ctx.redis, key_prefix=ctx.key(), ttl_s=settings.session_cache_ttl_s),
        replies=ReplyWriter(ctx.llm, model=model, policy=policy),
        titles=TitleWriter(ctx.llm, model=model, policy=policy, max_chars=settings.title_max_chars),
    )


async def shutdown(ctx: ServiceContext) -> None:
    state = chat_state(ctx)
    if state.inflight:
        log.info("chat_waiting_for_replies", count=len(state.inflight))
        await asyncio.wait(set(state.inflight), timeout=state.settings.reply_grace_s)
    await state.ingest.close()


# async: a plain def dependency would hop to the threadpool on every request.
async def _state(request: Request) -> ChatState:
    return chat_state(service_context(request, SERVICE))


State = Annotated[ChatState, Depends(_state)]

if TYPE_CHECKING:
    Db = AsyncSession
else:
    # A request-scoped unit of work committed before the response is sent.
    Db = session_dep(SERVICE)
