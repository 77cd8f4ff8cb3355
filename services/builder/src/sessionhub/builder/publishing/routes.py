"""Publish and archive drafts; read published sessions and their content versions."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from sessionhub.builder.drafts.routes import Expected, draft_response
from sessionhub.builder.drafts.schemas import DraftPublic
from sessionhub.builder.errors import CONDITIONAL_RESPONSES
from sessionhub.builder.publishing.schemas import (
    ContentVersionPublic,
    PublishedSessionDetail,
    PublishedSessionPublic,
    PublishResult,
)
from sessionhub.builder.publishing.service import publishing
from sessionhub.builder.state import DbSession, State
from sessionhub.common.auth import CurrentUser
from sessionhub.common.db import INT4_MAX
from sessionhub.common.pagination import Page

router = APIRouter(prefix="/api/builder", tags=["builder publishing"])


@router.post(
    "/drafts/{draft_id}/publish",
    summary="Publish under If-Match: 409 with the checklist below the readiness threshold",
    responses=CONDITIONAL_RESPONSES,
)
async def publish_draft(
    draft_id: uuid.UUID, user: CurrentUser, db: DbSession, st: State, expected: Expected
) -> PublishResult:
    return await publishing.publish(db, st, user, draft_id, expected)


@router.post(
    "/drafts/{draft_id}/archive",
    response_model=DraftPublic,
    summary="Archive a draft (read-only from then on); its published session stays",
)
async def archive_draft(
    draft_id: uuid.UUID, user: CurrentUser, db: DbSession, st: State
) -> JSONResponse:
    return draft_response(await publishing.archive(db, st, user, draft_id))


@router.get("/sessions", summary="The caller's published sessions, latest published first")
async def list_sessions(
    user: CurrentUser,
    db: DbSession,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(20, ge=1, le=100),
) -> Page[PublishedSessionPublic]:
    return await publishing.sessions(db, user, cursor=cursor, limit=limit)


@router.get("/sessions/{session_id}", summary="A published session with its current content")
async def get_session(
    session_id: uuid.UUID, user: CurrentUser, db: DbSession
) -> PublishedSessionDetail:
    return await publishing.session(db, user, session_id)


@router.get("/sessions/{session_id}/versions", summary="Its content versions, newest first")
async def list_content_versions(
    session_id: uuid.UUID, user: CurrentUser, db: DbSession
) -> list[ContentVersionPublic]:
    return await publishing.versions(db, user, session_id)


@router.get("/sessions/{session_id}/versions/{version}", summary="One immutable content version")
async def get_content_version(
    session_id: uuid.UUID,
    version: Annotated[int, Path(ge=1, le=INT4_MAX)],
    user: CurrentUser,
    db: DbSession,
) -> ContentVersionPublic:
    return await publishing.version(db, user, session_id, version)
