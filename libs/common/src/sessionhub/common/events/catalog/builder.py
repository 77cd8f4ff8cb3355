"""Contracts published by the builder (session-builder drafts). Subject: ``draft/<id>``."""

from __future__ import annotations

from datetime import date, time
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from sessionhub.common.events.registry import Event, event
from sessionhub.common.timestamps import Timestamp

PRODUCER = "builder"

Persona = Literal["precision", "insight", "ignite", "connect"]
#: A variant's persona; ``fallback`` is the single outline made when every persona failed.
VariantPersona = Literal["precision", "insight", "ignite", "connect", "fallback"]


class DraftRefV1(BaseModel):
    draft_id: UUID
    owner_id: str


@event("draft.variants_requested", version=1, producer=PRODUCER)
class DraftVariantsRequestedV1(Event, DraftRefV1):
    """Outline variants were requested; builder workers generate them."""

    generation_id: UUID
    draft_revision: int
    personas: list[Persona]
    rag_weight: float | None = Field(
        None, description="The request's quick tweak (0, 0.35 or 0.7); None: decided by rule."
    )
    metadata: dict[str, Any] = Field(
        description="The draft's SessionMetadata when the variants were requested."
    )
    requested_at: Timestamp


class GeneratedVariantV1(BaseModel):
    variant_id: UUID
    persona: VariantPersona
    label: str
    status: Literal["ok", "failed"]
    provider: Literal["llm", "offline", "fallback"]
    sections: int = Field(description="Sections in the variant's outline (0 when it failed).")


@event("draft.variants_generated", version=1, producer=PRODUCER)
class DraftVariantsGeneratedV1(Event, DraftRefV1):
    """A generation ended: its variants, or the single fallback outline, or a failure."""

    generation_id: UUID
    status: Literal["done", "failed"]
    variants: list[GeneratedVariantV1]
    fallback: bool = Field(description="Every persona failed; one fallback outline was made.")
    rag_weight: float
    retrieval_mode: Literal["lexical", "hybrid", "none"]
    error: str | None = None
    finished_at: Timestamp


@event("draft.variant_selected", version=1, producer=PRODUCER)
class DraftVariantSelectedV1(Event, DraftRefV1):
    """A variant was accepted as an AI version of the draft; it is now the outline."""

    generation_id: UUID
    variant_id: UUID
    version_id: UUID
    persona: VariantPersona
    label: str
    rag_weight: float | None
    category: str | None
    selected_at: Timestamp


class PublishedSectionV1(BaseModel):
    id: str
    title: str
    kind: str
    duration_minutes: int
    description: str


@event("draft.published", version=1, producer=PRODUCER)
class DraftPublishedV1(Event, DraftRefV1):
    """A draft was published: the session record and its new numbered content version."""

    session_id: UUID
    content_version: int
    draft_revision: int
    title: str
    session_type: Literal["event", "training", "workshop", "webinar"]
    category: str
    start_date: date | None
    start_time: time | None
    end_time: time | None
    timezone: str | None
    location: str | None
    audience_id: int | None
    audience_name: str | None
    accepted_version_id: UUID | None
    readiness_score: int = Field(ge=0, le=100)
    sections: list[PublishedSectionV1]
    published_at: Timestamp


@event("draft.archived", version=1, producer=PRODUCER)
class DraftArchivedV1(Event, DraftRefV1):
    """A draft was archived; its published session, if any, stays as it is."""

    published_session_id: UUID | None
    archived_at: Timestamp
