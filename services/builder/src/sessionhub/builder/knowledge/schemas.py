"""Knowledge documents and what retrieval answers."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sessionhub.common.text import SafeStr
from sessionhub.common.timestamps import Timestamp

RetrievalMode = Literal["lexical", "hybrid"]


class DocumentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: SafeStr = Field(min_length=1, max_length=200)
    content: SafeStr = Field(min_length=1, description="Markdown or plain text.")
    format: Literal["markdown", "text"] = "markdown"
    shared: bool = Field(False, description="Readable by everyone; managers and admins only.")


class DocumentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    shared: bool


class DocumentPublic(BaseModel):
    id: uuid.UUID
    owner_id: str
    title: str
    content_type: str
    shared: bool
    chars: int
    chunk_count: int
    embedded: bool
    created_at: Timestamp


class ChunkPublic(BaseModel):
    id: int
    position: int
    heading: str
    text: str


class DocumentDetail(DocumentPublic):
    chunks: list[ChunkPublic]


class Hit(BaseModel):
    """One retrieved chunk; ``score`` is the fused (hybrid) or full-text (lexical) score."""

    chunk_id: int
    document_id: uuid.UUID
    document_title: str
    heading: str
    text: str
    score: float
    lexical_score: float | None = None
    vector_score: float | None = None
    coverage: float = Field(description="Share of the query's key terms the chunk contains.")


class SearchResult(BaseModel):
    query: str
    mode: RetrievalMode
    mode_reason: str | None = Field(None, description="Why retrieval is lexical, when it is.")
    hits: list[Hit]
