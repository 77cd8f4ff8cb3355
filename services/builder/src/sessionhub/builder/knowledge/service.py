"""The knowledge base: upload and chunk documents, share them, search them. Never commits."""

from __future__ import annotations

import asyncio
import functools
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import structlog
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.builder.knowledge import chunking, pdf
from sessionhub.builder.knowledge.repository import KnowledgeRepository
from sessionhub.builder.knowledge.schemas import (
    ChunkPublic,
    DocumentCreate,
    DocumentDetail,
    DocumentPublic,
    SearchResult,
)
from sessionhub.builder.state import BuilderState
from sessionhub.common.auth import User
from sessionhub.common.errors import (
    Forbidden,
    NotFound,
    PayloadTooLarge,
    UnprocessableEntity,
)
from sessionhub.common.llm import LLMError
from sessionhub.common.pagination import Page, decode_cursor, keyset_page

log = structlog.get_logger(__name__)

KIND = "Document"


def _visible(row: Row[Any] | None, user: User, doc_id: uuid.UUID) -> Row[Any]:
    if row is None or not (row.owner_id == user.id or row.shared or user.is_admin):
        raise NotFound.resource(KIND, doc_id)
    return row


#: PDF parsing is pure-Python CPU work: a few threads per process at most, so uploads
#: neither block the event loop nor take every core from the requests beside them.
_PDF_THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="builder-pdf")


def parse_upload(raw: bytes) -> DocumentCreate:
    """A JSON upload read from the raw body (the route also takes PDFs); 422 when malformed."""
    try:
        return DocumentCreate.model_validate_json(raw)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        if any(e["type"] == "json_invalid" for e in errors):
            raise RequestValidationError(errors) from exc
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in errors]) from exc


def _may_share(user: User, shared: bool) -> None:
    if shared and not user.is_manager:
        raise Forbidden("Only managers and admins can share a document with everyone.")


async def _store(
    db: AsyncSession,
    st: BuilderState,
    user: User,
    *,
    title: str,
    content_type: str,
    shared: bool,
    chars: int,
    chunks: list[chunking.Chunk],
) -> DocumentPublic:
    """Embed the chunks when retrieval is hybrid, then store the document with them."""
    if not chunks:
        raise UnprocessableEntity("The document has no text to index.")
    vectors: list[list[float]] | None = None
    if st.embedder is not None:
        try:
            vectors = await st.embedder.embed([f"{c.heading}\n{c.text}" for c in chunks])
        except LLMError as exc:
            # Stored anyway: full-text search still finds it; embedded=false says so.
            log.warning("builder.document_not_embedded", reason=exc.reason)
    row = await KnowledgeRepository(db).create(
        owner=user.id,
        title=title,
        content_type=content_type,
        shared=shared,
        chars=chars,
        chunks=[(c.heading, c.text) for c in chunks],
        vectors=vectors,
    )
    return DocumentPublic.model_validate(dict(row._mapping))


class KnowledgeService:
    async def upload(
        self, db: AsyncSession, st: BuilderState, user: User, body: DocumentCreate
    ) -> DocumentPublic:
        if len(body.content) > st.settings.document_max_chars:
            raise PayloadTooLarge(
                f"Documents are limited to {st.settings.document_max_chars} characters."
            )
        _may_share(user, body.shared)
        chunks = chunking.split(
            body.content,
            title=body.title,
            markdown=body.format == "markdown",
            max_chars=st.settings.chunk_max_chars,
        )
        return await _store(
            db,
            st,
            user,
            title=body.title,
            content_type="text/markdown" if body.format == "markdown" else "text/plain",
            shared=body.shared,
            chars=len(body.content),
            chunks=chunks,
        )

    async def upload_pdf(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        data: bytes,
        *,
        title: str,
        shared: bool,
    ) -> DocumentPublic:
        """A PDF's text, page by page; each chunk's heading names its page."""
        _may_share(user, shared)
        extract = functools.partial(
            pdf.extract,
            data,
            max_pages=st.settings.pdf_max_pages,
            max_chars=st.settings.document_max_chars,
            max_seconds=st.settings.pdf_parse_s,
        )
        try:
            pages = await asyncio.get_running_loop().run_in_executor(_PDF_THREADS, extract)
        except pdf.PdfRefused as exc:
            raise (PayloadTooLarge if exc.too_large else UnprocessableEntity)(exc.message) from exc
        chunks = chunking.split_pages(
            [(p.number, p.text) for p in pages], title=title, max_chars=st.settings.chunk_max_chars
        )
        return await _store(
            db,
            st,
            user,
            title=title,
            content_type="application/pdf",
            shared=shared,
            chars=sum(len(p.text) for p in pages),
            chunks=chunks,
        )

    async def get(self, db: AsyncSession, user: User, doc_id: uuid.UUID) -> DocumentDetail:
        repo = KnowledgeRepository(db)
        row = _visible(await repo.get(doc_id), user, doc_id)
        chunks = [ChunkPublic.model_validate(dict(c._mapping)) for c in await repo.chunks(doc_id)]
        return DocumentDetail.model_validate({**row._mapping, "chunks": chunks})

    async def page(
        self, db: AsyncSession, user: User, *, cursor: str | None, limit: int
    ) -> Page[DocumentPublic]:
        after = None if cursor is None else decode_cursor(cursor, datetime, uuid.UUID)
        rows = await KnowledgeRepository(db).page(user.id, after=after, limit=limit + 1)
        return keyset_page(
            rows,
            limit,
            lambda r: DocumentPublic.model_validate(dict(r._mapping)),
            lambda r: (r.created_at, r.id),
        )

    async def set_shared(
        self, db: AsyncSession, user: User, doc_id: uuid.UUID, shared: bool
    ) -> DocumentPublic:
        repo = KnowledgeRepository(db)
        row = _visible(await repo.get(doc_id), user, doc_id)
        if not user.is_manager or (row.owner_id != user.id and not user.is_admin):
            raise Forbidden("Only its owner (a manager) or an admin can change who sees it.")
        return DocumentPublic.model_validate(dict((await repo.set_shared(doc_id, shared))._mapping))

    async def delete(self, db: AsyncSession, user: User, doc_id: uuid.UUID) -> None:
        repo = KnowledgeRepository(db)
        row = _visible(await repo.get(doc_id), user, doc_id)
        if row.owner_id != user.id and not user.is_admin:
            raise Forbidden("Only its owner or an admin can delete a shared document.")
        await repo.delete(doc_id)

    async def search(self, st: BuilderState, user: User, query: str, k: int) -> SearchResult:
        return await st.retriever.search(user.id, query, k=k)


knowledge = KnowledgeService()
