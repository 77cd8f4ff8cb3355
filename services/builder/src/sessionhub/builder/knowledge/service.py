"""The knowledge base: upload and chunk documents, share them, search them. Never commits."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.builder.knowledge import chunking
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
from sessionhub.common.pagination import Page, decode_cursor, encode_cursor

log = structlog.get_logger(__name__)

KIND = "Document"


def _visible(row: Row[Any] | None, user: User, doc_id: uuid.UUID) -> Row[Any]:
    if row is None or not (row.owner_id == user.id or row.shared or user.is_admin):
        raise NotFound.resource(KIND, doc_id)
    return row


class KnowledgeService:
    async def upload(
        self, db: AsyncSession, st: BuilderState, user: User, body: DocumentCreate
    ) -> DocumentPublic:
        if len(body.content) > st.settings.document_max_chars:
            raise PayloadTooLarge(
                f"Documents are limited to {st.settings.document_max_chars} characters."
            )
        if body.shared and not user.is_manager:
            raise Forbidden("Only managers and admins can share a document with everyone.")
        chunks = chunking.split(
            body.content,
            title=body.title,
            markdown=body.format == "markdown",
            max_chars=st.settings.chunk_max_chars,
        )
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
            title=body.title,
            content_type="text/markdown" if body.format == "markdown" else "text/plain",
            shared=body.shared,
            chars=len(body.content),
            chunks=[(c.heading, c.text) for c in chunks],
            vectors=vectors,
        )
        return DocumentPublic.model_validate(dict(row._mapping))

    async def get(self, db: AsyncSession, user: User, doc_id: uuid.UUID) -> DocumentDetail:
        repo = KnowledgeRepository(db)
        row = _visible(await repo.get(doc_id), user, doc_id)
        chunks = [ChunkPublic.model_validate(dict(c._mapping)) for c in await repo.chunks(doc_id)]
        return DocumentDetail.model_validate({**row._mapping, "chunks": chunks})

    async def page(
        self, db: AsyncSession, user: User, *, cursor: str | None, limit: int
    ) -> Page[DocumentPublic]:
        after = None
        if cursor is not None:
            at, ident = decode_cursor(cursor, datetime, uuid.UUID)
            after = (at, ident)
        rows = await KnowledgeRepository(db).page(user.id, after=after, limit=limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        return Page(
            data=[DocumentPublic.model_validate(dict(r._mapping)) for r in rows],
            next_cursor=encode_cursor(rows[-1].created_at, rows[-1].id) if more else None,
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
