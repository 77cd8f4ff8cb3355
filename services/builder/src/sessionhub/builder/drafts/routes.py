"""/api/builder/drafts: create, list, read, autosave (JSON Merge Patch), undo, delete."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse

from sessionhub.builder.drafts.schemas import (
    DraftDocument,
    DraftPublic,
    DraftSaved,
    DraftStatus,
    DraftSummary,
    SnapshotPublic,
    UndoRequest,
)
from sessionhub.builder.drafts.service import drafts, parse_document, parse_patch
from sessionhub.builder.errors import CONDITIONAL_RESPONSES, etag, parse_if_match, require_json
from sessionhub.builder.state import SERVICE, DbSession, State, state_of
from sessionhub.common.auth import CurrentUser
from sessionhub.common.idempotency import IdempotencyKey, idempotent
from sessionhub.common.pagination import Page
from sessionhub.common.service import service_context

router = APIRouter(prefix="/api/builder/drafts", tags=["builder drafts"])

IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=64)]


# async, like every dependency: FastAPI runs a plain ``def`` in its thread pool, a thread
# hop per request that cost autosave more CPU than parsing its 20 KB body.
async def _required_revision(if_match: IfMatch = None) -> int | None:
    return parse_if_match(if_match, required=True)


async def _optional_revision(if_match: IfMatch = None) -> int | None:
    return parse_if_match(if_match, required=False)


# The revision an edit expects, from If-Match (None for `*`): edits of the outline need
# one (428 without it); accepting a version or undoing may go without.
Expected = Annotated[int | None, Depends(_required_revision)]
MaybeExpected = Annotated[int | None, Depends(_optional_revision)]

_DOCUMENT_BODY: dict[str, Any] = {
    "requestBody": {
        "content": {
            "application/merge-patch+json": {"schema": DraftDocument.model_json_schema()},
            "application/json": {"schema": DraftDocument.model_json_schema()},
        }
    }
}


def draft_response(draft: DraftPublic, status_code: int = 200) -> JSONResponse:
    return JSONResponse(
        draft.model_dump(mode="json"),
        status_code=status_code,
        headers={"ETag": etag(draft.revision)},
    )


@router.post(
    "",
    status_code=201,
    response_model=DraftPublic,
    summary="Create a draft (optional initial document; honours Idempotency-Key)",
    openapi_extra=_DOCUMENT_BODY,
)
async def create_draft(
    request: Request, user: CurrentUser, db: DbSession, st: State, key: IdempotencyKey = None
) -> JSONResponse:
    require_json(request.headers.get("content-type"))
    doc = parse_document(await request.body())

    async def run() -> DraftPublic:
        return await drafts.create(db, st, user, doc)

    response = await idempotent(
        db,
        user_id=user.id,
        scope="builder.drafts.create",
        key=key,
        request=doc,
        status_code=201,
        run=run,
    )
    body = json.loads(bytes(response.body))
    response.headers["Location"] = f"/api/builder/drafts/{body['id']}"
    response.headers["ETag"] = etag(body["revision"])
    return response


@router.get("", summary="The caller's drafts, newest first")
async def list_drafts(
    user: CurrentUser,
    db: DbSession,
    st: State,
    status: DraftStatus | None = None,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(20, ge=1, le=100),
) -> Page[DraftSummary]:
    return await drafts.page(db, st, user, status=status, cursor=cursor, limit=limit)


@router.get("/{draft_id}", response_model=DraftPublic, summary="The whole draft; ETag = revision")
async def get_draft(
    draft_id: uuid.UUID, user: CurrentUser, db: DbSession, st: State
) -> JSONResponse:
    return draft_response(await drafts.get(db, st, user, draft_id))


@router.patch(
    "/{draft_id}",
    response_model=DraftSaved,
    summary="Autosave: a JSON Merge Patch (RFC 7396) under If-Match; 412 when stale",
    description="Answers the new revision (also the ETag) with the inline validation and "
    "the readiness, not the whole draft: the client already holds what it sent. Sections "
    "sent without an id get one; send ids (any unique text) to keep addressing them.",
    openapi_extra=_DOCUMENT_BODY,
    responses=CONDITIONAL_RESPONSES,
)
async def autosave_draft(
    draft_id: uuid.UUID, request: Request, user: CurrentUser, expected: Expected
) -> Response:
    require_json(request.headers.get("content-type"))
    patch, text = parse_patch(await request.body())
    # The state from the request rather than as a dependency, and no DbSession: FastAPI
    # solves each dependency at a cost, and the save needs no unit of work.
    st = state_of(service_context(request, SERVICE))
    revision, saved = await drafts.autosave(st, user, draft_id, patch, text, expected)
    return Response(saved, media_type="application/json", headers={"ETag": etag(revision)})


@router.post(
    "/{draft_id}/undo",
    response_model=DraftPublic,
    summary="Restore the previous snapshot (or to_revision) as a new revision",
    responses=CONDITIONAL_RESPONSES,
)
async def undo_draft(
    draft_id: uuid.UUID,
    user: CurrentUser,
    db: DbSession,
    st: State,
    expected: MaybeExpected,
    body: UndoRequest | None = None,
) -> JSONResponse:
    target = body.to_revision if body is not None else None
    return draft_response(
        await drafts.undo(db, st, user, draft_id, expected=expected, to_revision=target)
    )


@router.get("/{draft_id}/snapshots", summary="Saved revisions, newest first (the last 50)")
async def list_snapshots(
    draft_id: uuid.UUID, user: CurrentUser, db: DbSession, st: State
) -> list[SnapshotPublic]:
    return await drafts.snapshots(db, st, user, draft_id)


@router.delete("/{draft_id}", status_code=204, summary="Delete a draft with its history")
async def delete_draft(draft_id: uuid.UUID, user: CurrentUser, db: DbSession) -> Response:
    await drafts.delete(db, user, draft_id)
    return Response(status_code=204)
