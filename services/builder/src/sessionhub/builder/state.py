"""What the builder builds once per process, and the typed dependencies routes use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from openai import AsyncOpenAI

from sessionhub.builder.knowledge.retrieval import Embedder, Retriever
from sessionhub.builder.settings import BuilderSettings
from sessionhub.common.db import session_dep
from sessionhub.common.service import ServiceContext, service_context

SERVICE = "builder"
_KEY = "builder"

#: The request's unit of work; it commits before the response is sent.
DbSession = session_dep(SERVICE)


@dataclass
class BuilderState:
    ctx: ServiceContext
    settings: BuilderSettings
    retriever: Retriever
    #: Set when chunks are embedded: an embeddings model, an endpoint and pgvector.
    embedder: Embedder | None

    @property
    def llm(self) -> AsyncOpenAI | None:
        return self.ctx.llm


def set_state(ctx: ServiceContext, state: BuilderState) -> None:
    ctx.state[_KEY] = state


def state_of(ctx: ServiceContext) -> BuilderState:
    state: BuilderState = ctx.state[_KEY]
    return state


# async: a plain def dependency would hop to the threadpool on every request.
async def _state(request: Request) -> BuilderState:
    return state_of(service_context(request, SERVICE))


State = Annotated[BuilderState, Depends(_state)]
