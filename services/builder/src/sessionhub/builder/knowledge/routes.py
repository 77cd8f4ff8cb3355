"""/api/builder/knowledge: the documents retrieval draws on, and what a query retrieves."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from sessionhub.builder.errors import media_type, require_json
from sessionhub.builder.knowledge.schemas import (
    DocumentCreate,
    DocumentDetail,
    DocumentPublic,
    DocumentUpdate,
    SearchResult,
)
from sessionhub.builder.knowledge.service import knowledge, parse_upload
from sessionhub.builder.state import DbSession, State
from sessionhub.common.auth import CurrentUser
from sessionhub.common.errors import UnprocessableEntity
from sessionhub.common.pagination import Page

router = APIRouter(prefix="/api/builder/knowledge", tags=["builder knowledge"])


_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": DocumentCreate.model_json_schema()},
            "application/pdf": {
                "schema": {
                    "type": "string",
                    "format": "binary",
                    "description": "A PDF with a text layer; `title` and `shared` are then "
                    "query parameters.",
                }
            },
        },
    }
}


@router.post(
    "",
    status_code=201,
    response_model=DocumentPublic,
    summary="Upload a document: Markdown or plain text (JSON), or a PDF",
    description=(
        "JSON bodies carry `{title, content, format, shared}`. A PDF is sent as the raw "
        "body (`Content-Type: application/pdf`) with `title` (and `shared`) as query "
        "parameters; its text is extracted page by page and each chunk's heading names "
        "its page. Encrypted, malformed or text-less PDFs are a 422; one over the page, "
        "text or time limits a 413."
    ),
    openapi_extra=_UPLOAD_BODY,
)
async def upload_document(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    st: State,
    title: str | None = Query(
        None, min_length=1, max_length=200, description="The title of a PDF upload."
    ),
    shared: bool = Query(False, description="Share a PDF upload (managers and admins)."),
) -> JSONResponse:
    if media_type(request.headers.get("content-type")) == "application/pdf":
        if title is None or not title.strip():
            raise UnprocessableEntity(
                "A PDF upload needs a title query parameter.",
                extra={"errors": [{"field": "title", "message": "Field required"}]},
            )
        doc = await knowledge.upload_pdf(
            db, st, user, await request.body(), title=title.strip(), shared=shared
        )
    else:
        require_json(request.headers.get("content-type"))
        doc = await knowledge.upload(db, st, user, parse_upload(await request.body()))
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
