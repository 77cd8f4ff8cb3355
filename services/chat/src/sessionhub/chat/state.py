"""What the chat service builds once at start-up and shares across requests and tasks."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import structlog

from sessionhub.chat.cache import SessionCache
from sessionhub.chat.ingest import MessageIngest
from sessionhub.chat.personas import PersonaCatalog
from sessionhub.chat.replies import ReplyWriter, TitleWriter
from sessionhub.chat.settings import ChatSettings
from sessionhub.common.llm import RetryPolicy
from sessionhub.common.service import ServiceContext

log = structlog.get_logger()


@dataclass
class ChatState:
    settings: ChatSettings
    personas: PersonaCatalog
    ingest: MessageIngest
    cache: SessionCache
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
    state: ChatState = ctx.state["chat"]
    return state


async def prepare(ctx: ServiceContext) -> None:
    settings = ChatSettings()
    policy = RetryPolicy(
        attempts=ctx.settings.llm_retry_attempts, total_timeout_s=ctx.settings.llm_retry_total_s
    )
    model = ctx.settings.openai_model
    ctx.state["chat"] = ChatState(
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
        cache=SessionCache(ctx.redis, key_prefix=ctx.key(), ttl_s=settings.session_cache_ttl_s),
        replies=ReplyWriter(ctx.llm, model=model, policy=policy),
        titles=TitleWriter(ctx.llm, model=model, policy=policy, max_chars=settings.title_max_chars),
    )


async def shutdown(ctx: ServiceContext) -> None:
    state = chat_state(ctx)
    if state.inflight:
        log.info("chat_waiting_for_replies", count=len(state.inflight))
        await asyncio.wait(set(state.inflight), timeout=state.settings.reply_grace_s)
    await state.ingest.close()
