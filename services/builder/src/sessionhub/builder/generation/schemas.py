"""Variant generation: requests, results, persona configs and the LLM's structured output."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from sessionhub.builder.drafts.schemas import Outline, SectionKind
from sessionhub.builder.knowledge.retrieval import RAG_WEIGHTS
from sessionhub.common.events.catalog.builder import Persona, VariantPersona
from sessionhub.common.text import SafeStr
from sessionhub.common.timestamps import Timestamp

PERSONAS: tuple[Persona, ...] = ("precision", "insight", "ignite", "connect")
GenerationStatus = Literal["pending", "running", "done", "failed"]
Provider = Literal["llm", "offline", "fallback"]


class VariantRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rag_weight: float | None = Field(
        None,
        description="Quick tweak, 0, 0.35 or 0.7: how much retrieved knowledge shapes the "
        "variants. Default: decided by the rule in the README.",
    )
    personas: list[Persona] | None = Field(
        None, min_length=1, max_length=4, description="Default: all four."
    )

    @field_validator("rag_weight")
    @classmethod
    def _weight(cls, value: float | None) -> float | None:
        if value is not None and value not in RAG_WEIGHTS:
            raise ValueError("rag_weight must be 0, 0.35 or 0.7")
        return value

    @field_validator("personas")
    @classmethod
    def _distinct(cls, value: list[Persona] | None) -> list[Persona] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("personas must be distinct")
        return value


class GenerationAccepted(BaseModel):
    id: uuid.UUID
    draft_id: uuid.UUID
    status: GenerationStatus
    personas: list[Persona]
    events_url: str
    poll_url: str


class SourcePublic(BaseModel):
    document_id: uuid.UUID
    document_title: str
    chunk_id: int
    heading: str
    score: float


class Contribution(BaseModel):
    """Shares (sum 1) of what shaped a variant; defined in services/builder/README.md."""

    ai: float
    rag: float
    user: float


class VariantPublic(BaseModel):
    id: uuid.UUID
    generation_id: uuid.UUID
    persona: VariantPersona
    label: str
    description: str
    status: Literal["ok", "failed"]
    provider: Provider
    outline: Outline | None
    sources: list[SourcePublic]
    contribution: Contribution | None
    error: str | None
    created_at: Timestamp


class GenerationPublic(BaseModel):
    id: uuid.UUID
    draft_id: uuid.UUID
    status: GenerationStatus
    personas: list[Persona]
    attempts: int
    rag_weight: float | None
    rag_weight_reason: str | None
    retrieval: dict[str, Any] | None
    fallback: bool
    error: str | None
    requested_at: Timestamp
    started_at: Timestamp | None
    finished_at: Timestamp | None
    variants: list[VariantPublic]


class VariantConfigPublic(BaseModel):
    persona: Persona
    position: int
    label: str
    description: str
    instruction: str
    updated_at: Timestamp
    updated_by: str | None


class VariantConfigUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: SafeStr = Field(min_length=1, max_length=60)
    description: SafeStr = Field(min_length=1, max_length=500)
    instruction: SafeStr = Field(min_length=1, max_length=4_000)


class LLMSection(BaseModel):
    """One section as the model proposes it; code then enforces the outline's rules."""

    title: str = Field(min_length=1, max_length=200)
    description: str = Field(max_length=2_000)
    duration_minutes: int = Field(ge=1, le=1_440)
    kind: SectionKind
    topic_refs: list[str] = Field(description="Titles of the user's topics this covers.")
    source_refs: list[int] = Field(description="Ids of the retrieved chunks it draws on.")


class LLMOutline(BaseModel):
    summary: str = Field(max_length=2_000)
    sections: list[LLMSection] = Field(min_length=1, max_length=60)
