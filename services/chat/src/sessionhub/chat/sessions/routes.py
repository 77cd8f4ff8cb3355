"""HTTP routes of chat sessions (and the persona catalogue they are started with)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from sessionhub.chat.messages.service import chat_messages
from sessionhub.chat.personas import PersonaList, PersonaPublic
from sessionhub.chat.sessions import export, repository
from sessionhub.chat.sessions.repository import ChatSessionFilters
from sessionhub.chat.sessions.schemas import (
    BulkDeleteRequest,
    BulkDeleteResult,
    ChatSessionCreate,
    ChatSessionPublic,
    ChatSessionUpdate,
)
from sessionhub.chat.sessions.service import chat_sessions
from sessionhub.chat.state import Db, State
from sessionhub.chat.web import LimitedBody, json_response
from sessionhub.common.auth import CurrentUser
from sessionhub.common.errors import NotFound
from sessionhub.common.idempotency import IdempotencyKey, idempotent
from sessionhub.common.pagination import Page
from sessionhub.common.text import SafeStr

router = APIRouter(prefix="/api/chat", tags=["chat"])


@router.get("/personas", response_model=PersonaList, summary="Personas to chat with")
async def list_personas(state: State, user: CurrentUser) -> PersonaList:
    return PersonaList(
        data=[PersonaPublic.model_validate(p.model_dump()) for p in state.personas.all()]
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
    db: Db,
    state: State,
    key: IdempotencyKey = None,
) -> JSONResponse:
    return await idempotent(
        db,
        user_id=user.id,
        scope="chat.sessions.create",
        key=key,
        request=data,
        status_code=201,
        run=lambda: chat_sessions.create(state, db, user, data),
        location=lambda body: f"/api/chat/sessions/{body['id']}",
    )


@router.get(
    "/sessions",
    response_model=Page[ChatSessionPublic],
    summary="The caller's sessions, most recently active first",
)
async def list_sessions(
    user: CurrentUser,
    db: Db,
    helper: Annotated[SafeStr | None, Query(max_length=100)] = None,
    project_id: Annotated[SafeStr | None, Query(max_length=200)] = None,
    archived: bool | None = None,
    pinned: bool | None = None,
    tag: Annotated[SafeStr | None, Query(max_length=100)] = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    filters = ChatSessionFilters(helper, project_id, archived, pinned, tag)
    return json_response(
        await chat_sessions.list_page(db, user, filters, cursor=cursor, limit=limit)
    )


@router.post(
    "/sessions/bulk-delete",
    response_model=BulkDeleteResult,
    dependencies=LimitedBody,
    summary="Delete several sessions with their messages",
)
async def bulk_delete(
    data: BulkDeleteRequest, user: CurrentUser, db: Db, state: State
) -> BulkDeleteResult:
    deleted = await chat_sessions.delete(state, db, user, data.ids)
    gone: set[UUID] = set(deleted)
    return BulkDeleteResult(
        deleted=deleted, not_found=[i for i in dict.fromkeys(data.ids) if i not in gone]
    )


@router.get("/sessions/{session_id}", response_model=ChatSessionPublic)
async def get_session(session_id: UUID, user: CurrentUser, db: Db) -> ChatSessionPublic:
    return await chat_sessions.get(db, user, session_id)


@router.patch(
    "/sessions/{session_id}",
    response_model=ChatSessionPublic,
    dependencies=LimitedBody,
    summary="Rename, pin, archive, tag, or change metadata",
)
async def update_session(
    session_id: UUID, changes: ChatSessionUpdate, user: CurrentUser, db: Db, state: State
) -> ChatSessionPublic:
    return await chat_sessions.update(state, db, user, session_id, changes)


@router.delete("/sessions/{session_id}", status_code=204, summary="Delete with its messages")
async def delete_session(session_id: UUID, user: CurrentUser, db: Db, state: State) -> Response:
    if not await chat_sessions.delete(state, db, user, [session_id]):
        raise NotFound.resource("Chat session", session_id)
    return Response(status_code=204)


@router.post(
    "/sessions/{session_id}/clear",
    response_model=ChatSessionPublic,
    summary="Empty the history, keep the session",
)
async def clear_session(
    session_id: UUID, user: CurrentUser, db: Db, state: State
) -> ChatSessionPublic:
    return await chat_sessions.clear(state, db, user, session_id)


@router.get(
    "/sessions/{session_id}/export",
    summary="Download the session as Markdown or JSON",
    responses={200: {"content": {"text/markdown": {}, "application/json": {}}}},
)
async def export_session(
    session_id: UUID,
    user: CurrentUser,
    db: Db,
    state: State,
    format: Literal["markdown", "json"] = "markdown",
) -> Response:
    row = await chat_sessions.require(db, user, session_id)
    chat_session = repository.session_public(row)
    history = await chat_messages.everything(state, chat_session, row["cleared_seq"])
    filename = f"chat-{chat_session.id}.{'md' if format == 'markdown' else 'json'}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if format == "json":
        return JSONResponse(export.to_json(chat_session, history), headers=headers)
    persona = state.personas.resolve(chat_session.persona)
    return PlainTextResponse(
        export.to_markdown(chat_session, persona, history),
        media_type="text/markdown; charset=utf-8",
        headers=headers,
    )
