"""HTTP routes under ``/api/chat``: thin wrappers around the services."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse
from pydantic import BaseModel
from sqlmodel.ext.asyncio.session import AsyncSession

from sessionhub.chat import export, repository
from sessionhub.chat.messages import Direction, ReplyJob, messages
from sessionhub.chat.models import (
    ChatMessageCreate,
    ChatMessagePublic,
    ChatSessionCreate,
    ChatSessionPublic,
    ChatSessionUpdate,
)
from sessionhub.chat.personas import PersonaPublic
from sessionhub.chat.repository import SessionFilters
from sessionhub.chat.schemas import (
    BulkDeleteRequest,
    BulkDeleteResult,
    PersonaList,
    PostedMessages,
    SearchHit,
)
from sessionhub.chat.service import sessions
from sessionhub.chat.state import chat_state
from sessionhub.common.auth import CurrentUser
from sessionhub.common.db import session_dep
from sessionhub.common.errors import AppError, NotFound, PayloadTooLarge
from sessionhub.common.idempotency import IdempotencyKey, idempotent
from sessionhub.common.pagination import Page
from sessionhub.common.service import ServiceContext, service_context

if TYPE_CHECKING:
    SessionDep = AsyncSession
else:
    # A request-scoped unit of work committed before the response is sent.
    SessionDep = session_dep("chat")


# async: a plain def dependency would hop to the threadpool on every request.
async def _context(request: Request) -> ServiceContext:
    return service_context(request, "chat")


Ctx = Annotated[ServiceContext, Depends(_context)]


async def _limit_body(request: Request, ctx: Ctx) -> None:
    """The chat's own request-size limit, tighter than the gateway-wide one."""
    limit = chat_state(ctx).settings.max_request_bytes
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"The request body exceeds the chat limit of {limit:,} bytes.")


LimitedBody = [Depends(_limit_body)]

SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _json(model: BaseModel, status_code: int = 200) -> Response:
    """Serialise once: the hot read paths skip FastAPI's re-validation of the result."""
    return Response(
        model.model_dump_json(by_alias=True), status_code=status_code, media_type="application/json"
    )


def _wants_stream(request: Request) -> bool:
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


async def _stream(first: ChatMessagePublic | None, job: ReplyJob) -> AsyncIterator[str]:
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


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/chat", tags=["chat"])

    @router.get("/personas", response_model=PersonaList, summary="Personas to chat with")
    async def list_personas(ctx: Ctx, user: CurrentUser) -> PersonaList:
        return PersonaList(
            data=[
                PersonaPublic.model_validate(p.model_dump()) for p in chat_state(ctx).personas.all()
            ]
        )

    @router.post(
        "/sessions",
        status_code=201,
        response_model=ChatSessionPublic,
        dependencies=LimitedBody,
        summary="Start a chat session (honours Idempotency-Key)",
    )
    async def create_session(
        data: ChatSessionCreate,
        user: CurrentUser,
        db: SessionDep,
        ctx: Ctx,
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        return await idempotent(
            db,
            user_id=user.id,
            scope="chat.sessions.create",
            key=key,
            request=data,
            status_code=201,
            run=lambda: sessions.create(ctx, db, user, data),
        )

    @router.get(
        "/sessions",
        response_model=Page[ChatSessionPublic],
        summary="The caller's sessions, most recently active first",
    )
    async def list_sessions(
        user: CurrentUser,
        db: SessionDep,
        helper: str | None = None,
        project_id: str | None = None,
        archived: bool | None = None,
        pinned: bool | None = None,
        tag: str | None = None,
        cursor: str | None = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> Response:
        filters = SessionFilters(helper, project_id, archived, pinned, tag)
        return _json(await sessions.list_page(db, user, filters, cursor=cursor, limit=limit))

    @router.post(
        "/sessions/bulk-delete",
        response_model=BulkDeleteResult,
        dependencies=LimitedBody,
        summary="Delete several sessions with their messages",
    )
    async def bulk_delete(
        data: BulkDeleteRequest, user: CurrentUser, db: SessionDep, ctx: Ctx
    ) -> BulkDeleteResult:
        deleted = await sessions.delete(ctx, db, user, data.ids)
        gone: set[UUID] = set(deleted)
        return BulkDeleteResult(
            deleted=deleted, not_found=[i for i in dict.fromkeys(data.ids) if i not in gone]
        )

    @router.get("/sessions/{session_id}", response_model=ChatSessionPublic)
    async def get_session(session_id: UUID, user: CurrentUser, db: SessionDep) -> ChatSessionPublic:
        return await sessions.get(db, user, session_id)

    @router.patch(
        "/sessions/{session_id}",
        response_model=ChatSessionPublic,
        dependencies=LimitedBody,
        summary="Rename, pin, archive, tag, or change metadata",
    )
    async def update_session(
        session_id: UUID,
        changes: ChatSessionUpdate,
        user: CurrentUser,
        db: SessionDep,
        ctx: Ctx,
    ) -> ChatSessionPublic:
        return await sessions.update(ctx, db, user, session_id, changes)

    @router.delete("/sessions/{session_id}", status_code=204, summary="Delete with its messages")
    async def delete_session(
        session_id: UUID, user: CurrentUser, db: SessionDep, ctx: Ctx
    ) -> Response:
        if not await sessions.delete(ctx, db, user, [session_id]):
            raise NotFound.resource("Chat session", session_id)
        return Response(status_code=204)

    @router.post(
        "/sessions/{session_id}/clear",
        response_model=ChatSessionPublic,
        summary="Empty the history, keep the session",
    )
    async def clear_session(
        session_id: UUID, user: CurrentUser, db: SessionDep, ctx: Ctx
    ) -> ChatSessionPublic:
        return await sessions.clear(ctx, db, user, session_id)

    @router.get(
        "/sessions/{session_id}/export",
        summary="Download the session as Markdown or JSON",
        responses={200: {"content": {"text/markdown": {}, "application/json": {}}}},
    )
    async def export_session(
        session_id: UUID,
        user: CurrentUser,
        db: SessionDep,
        ctx: Ctx,
        format: Literal["markdown", "json"] = "markdown",
    ) -> Response:
        row = await sessions.require(db, user, session_id)
        session = repository.session_public(row)
        history = await messages.everything(ctx, session, row["cleared_seq"])
        filename = f"chat-{session.id}.{'md' if format == 'markdown' else 'json'}"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
        if format == "json":
            return JSONResponse(export.to_json(session, history), headers=headers)
        persona = chat_state(ctx).personas.resolve(session.persona)
        return PlainTextResponse(
            export.to_markdown(session, persona, history),
            media_type="text/markdown; charset=utf-8",
            headers=headers,
        )

    @router.get(
        "/search",
        response_model=Page[SearchHit],
        summary="Full-text search over the caller's session titles and messages",
    )
    async def search(
        user: CurrentUser,
        db: SessionDep,
        q: Annotated[str, Query(min_length=1, max_length=500)],
        cursor: str | None = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
    ) -> Page[SearchHit]:
        return await sessions.search(db, user, q, cursor=cursor, limit=limit)

    @router.get(
        "/sessions/{session_id}/messages",
        response_model=Page[ChatMessagePublic],
        summary="History, oldest to newest; direction=backward pages from the latest",
    )
    async def list_messages(
        session_id: UUID,
        user: CurrentUser,
        ctx: Ctx,
        cursor: str | None = None,
        direction: Direction = "forward",
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> Response:
        page = await messages.page(
            ctx, user, session_id, cursor=cursor, direction=direction, limit=limit
        )
        return _json(page)

    @router.post(
        "/sessions/{session_id}/messages",
        status_code=201,
        response_model=PostedMessages,
        dependencies=LimitedBody,
        summary="Post a message and get the reply (SSE with Accept: text/event-stream)",
    )
    async def post_message(
        session_id: UUID,
        data: ChatMessageCreate,
        user: CurrentUser,
        ctx: Ctx,
        request: Request,
    ) -> Response:
        posted = await messages.post(ctx, user, session_id, data)
        if posted.replayed:
            replay = _json(PostedMessages(message=posted.message))
            replay.headers["Idempotent-Replayed"] = "true"
            return replay
        if not data.respond:
            return _json(PostedMessages(message=posted.message), 201)
        job = messages.start_reply(ctx, posted.session, posted.message)
        if _wants_stream(request):
            return StreamingResponse(
                _stream(posted.message, job),
                status_code=201,
                media_type="text/event-stream",
                headers=SSE_HEADERS,
            )
        result = PostedMessages(message=posted.message)
        try:
            result.reply = await asyncio.shield(job.stored)
        except AppError as exc:
            result.reply_error = exc.message
        return _json(result, 201)

    @router.post(
        "/sessions/{session_id}/regenerate",
        status_code=201,
        response_model=ChatMessagePublic,
        summary="A new reply to what the last one answered; the earlier reply stays",
    )
    async def regenerate(
        session_id: UUID, user: CurrentUser, ctx: Ctx, request: Request
    ) -> Response:
        _, job = await messages.regenerate(ctx, user, session_id)
        if _wants_stream(request):
            return StreamingResponse(
                _stream(None, job),
                status_code=201,
                media_type="text/event-stream",
                headers=SSE_HEADERS,
            )
        return _json(await asyncio.shield(job.stored), 201)

    return router
