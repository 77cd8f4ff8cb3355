"""/api/builder/knowledge: the documents retrieval draws on, and what a query retrieves."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from sessionhub.builder.knowledge.schemas import (
    DocumentCreate,
    DocumentDetail,
    DocumentPublic,
    DocumentUpdate,
    SearchResult,
)
from sessionhub.builder.knowledge.service import knowledge
from sessionhub.builder.state import DbSession, State
from sessionhub.common.auth import CurrentUser
from sessionhub.common.pagination import Page

router = APIRouter(prefix="/api/builder/knowledge", tags=["builder knowledge"])


@router.post("", status_code=201, summary="Upload a Markdown or plain-text document")
async def upload_document(
    body: DocumentCreate, user: CurrentUser, db: DbSession, st: State
) -> JSONResponse:
    doc = await knowledge.upload(db, st, user, body)
    return JSONResponse(
        doc.model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"/api/builder/knowledge/{doc.id}"},
    )


@router.get("", summary="The caller's documents and the shared ones, newest first")
async def list_documents(
    user: CurrentUser,
    db: DbSession,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(20, ge=1, le=100),
) -> Page[DocumentPublic]:
    return await knowledge.page(db, user, cursor=cursor, limit=limit)


@router.get("/search", summary="What a query retrieves, with scores and the retrieval mode")
async def search_knowledge(
    user: CurrentUser,
    st: State,
    q: str = Query(min_length=1, max_length=1_000),
    k: int = Query(8, ge=1, le=50),
) -> SearchResult:
    return await knowledge.search(st, user, q, k)


@router.get("/{doc_id}", summary="A document with its chunks")
async def get_document(doc_id: uuid.UUID, user: CurrentUser, db: DbSession) -> DocumentDetail:
    return await knowledge.get(db, user, doc_id)


@router.patch("/{doc_id}", summary="Share a document with everyone (managers, admins)")
async def update_document(
    doc_id: uuid.UUID, body: DocumentUpdate, user: CurrentUser, db: DbSession
) -> DocumentPublic:
    return await knowledge.set_shared(db, user, doc_id, body.shared)


@router.delete("/{doc_id}", status_code=204, summary="Delete a document and its chunks")
async def delete_document(doc_id: uuid.UUID, user: CurrentUser, db: DbSession) -> Response:
    await knowledge.delete(db, user, doc_id)
    return Response(status_code=204)
