"""Select a variant, list, read, accept and compare the draft's AI versions."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from sessionhub.builder.drafts.routes import MaybeExpected, draft_response
from sessionhub.builder.drafts.schemas import DraftPublic
from sessionhub.builder.errors import CONDITIONAL_RESPONSES
from sessionhub.builder.state import DbSession, State
from sessionhub.builder.versions.schemas import VersionComparison, VersionPublic
from sessionhub.builder.versions.service import versions
from sessionhub.common.auth import CurrentUser

router = APIRouter(prefix="/api/builder/drafts/{draft_id}", tags=["builder versions"])


@router.post(
    "/variants/{variant_id}/select",
    response_model=DraftPublic,
    summary="Accept a variant: it becomes an AI version and the draft's outline",
    responses=CONDITIONAL_RESPONSES,
)
async def select_variant(
    draft_id: uuid.UUID,
    variant_id: uuid.UUID,
    user: CurrentUser,
    db: DbSession,
    st: State,
    expected: MaybeExpected,
) -> JSONResponse:
    return draft_response(await versions.select(db, st, user, draft_id, variant_id, expected))


@router.get("/versions", summary="The draft's AI versions, oldest first")
async def list_versions(
    draft_id: uuid.UUID, user: CurrentUser, db: DbSession
) -> list[VersionPublic]:
    return await versions.of_draft(db, user, draft_id)


@router.get("/versions/compare", summary="Section-level diff of two versions (or 'current')")
async def compare_versions(
    draft_id: uuid.UUID,
    user: CurrentUser,
    db: DbSession,
    a: str = Query(max_length=64),
    b: str = Query(max_length=64),
) -> VersionComparison:
    return await versions.compare(db, user, draft_id, a, b)


@router.get("/versions/{version_id}", summary="One AI version with its outline and sources")
async def get_version(
    draft_id: uuid.UUID, version_id: uuid.UUID, user: CurrentUser, db: DbSession
) -> VersionPublic:
    return await versions.get(db, user, draft_id, version_id)


@router.post(
    "/versions/{version_id}/accept",
    response_model=DraftPublic,
    summary="Accept an earlier AI version again: it becomes the outline",
    responses=CONDITIONAL_RESPONSES,
)
async def accept_version(
    draft_id: uuid.UUID,
    version_id: uuid.UUID,
    user: CurrentUser,
    db: DbSession,
    st: State,
    expected: MaybeExpected,
) -> JSONResponse:
    return draft_response(await versions.accept(db, st, user, draft_id, version_id, expected))
