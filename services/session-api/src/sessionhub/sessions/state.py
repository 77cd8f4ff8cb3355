"""session-api's typed state dependency: settings, the live feed, the persona providers,
and ``Db``, the request's unit of work (named ``db`` wherever it is used)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from sessionhub.common.db import session_dep
from sessionhub.common.idempotency import IdempotencyKeyHeader, remember
from sessionhub.common.llm import RetryPolicy
from sessionhub.common.service import ServiceContext, service_context
from sessionhub.sessions.live.feed import LiveFeed
from sessionhub.sessions.persona import OpeningLine, PersonaReply
from sessionhub.sessions.settings import SessionSettings

SERVICE = "session-api"
_KEY = "sessions"

# The request's unit of work: commits before the response is sent, rolls back on error.
Db = session_dep(SERVICE)


@dataclass(frozen=True)
class SessionsState:
    ctx: ServiceContext
    settings: SessionSettings
    live: LiveFeed
    opening: OpeningLine
    reply: PersonaReply


def build_state(ctx: ServiceContext) -> SessionsState:
    settings = SessionSettings()
    common = ctx.settings

    def policy(budget_s: float) -> RetryPolicy:
        return RetryPolicy(
            attempts=common.llm_retry_attempts,
            total_timeout_s=min(budget_s, common.llm_retry_total_s),
        )

    cap = settings.transcript_text_max_chars
    return SessionsState(
        ctx=ctx,
        settings=settings,
        live=LiveFeed(ctx.redis, ctx.key("live")),
        opening=OpeningLine(
            ctx.llm,
            model=common.openai_model,
            policy=policy(settings.opening_llm_budget_s),
            max_chars=cap,
        ),
        reply=PersonaReply(
            ctx.llm,
            model=common.openai_model,
            policy=policy(settings.reply_llm_budget_s),
            max_chars=cap,
        ),
    )


async def prepare(ctx: ServiceContext) -> None:
    ctx.state[_KEY] = build_state(ctx)


async def release(ctx: ServiceContext) -> None:
    if _KEY in ctx.state:
        await state_of(ctx).live.aclose()


def state_of(ctx: ServiceContext) -> SessionsState:
    state: SessionsState = ctx.state[_KEY]
    return state


# async: a plain def dependency would hop to the threadpool on every request.
async def _state(request: Request) -> SessionsState:
    return state_of(service_context(request, SERVICE))


State = Annotated[SessionsState, Depends(_state)]


async def _state_and_key(
    request: Request, key: IdempotencyKeyHeader = None
) -> tuple[SessionsState, str | None]:
    return state_of(service_context(request, SERVICE)), remember(request, key)


# State and the Idempotency-Key in one dependency, for the create: each dependency
# FastAPI solves costs a request microseconds of its own machinery.
StateAndKey = Annotated[tuple[SessionsState, str | None], Depends(_state_and_key)]
