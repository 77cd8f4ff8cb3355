"""AI versions (the seed's ``AIContentVersion``) and their comparison."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, Field

from sessionhub.builder.drafts.schemas import Outline
from sessionhub.builder.generation.schemas import Contribution
from sessionhub.common.timestamps import Timestamp


class VersionPublic(BaseModel):
    id: uuid.UUID
    draft_id: uuid.UUID
    generation_id: uuid.UUID | None
    variant_id: uuid.UUID | None
    persona: str | None
    label: str
    provider: str
    outline: Outline
    sources: list[dict[str, Any]]
    contribution: Contribution | None
    rag_weight: float | None
    created_at: Timestamp


class SectionRef(BaseModel):
    id: str
    title: str
    index: int


class MovedSection(SectionRef):
    from_index: int = Field(description="Its index in a.")


class ChangedSection(BaseModel):
    id_a: str
    id_b: str
    title: str
    fields: dict[str, dict[str, Any]] = Field(description="field → {a, b}")


class SummaryDiff(BaseModel):
    a: str | None
    b: str | None
    changed: bool
    sections_a: int
    sections_b: int
    minutes_a: int
    minutes_b: int


class VersionComparison(BaseModel):
    a: str
    b: str
    added: list[SectionRef] = Field(description="In b, not in a.")
    removed: list[SectionRef] = Field(description="In a, not in b.")
    moved: list[MovedSection] = Field(description="In both, in another relative order.")
    changed: list[ChangedSection]
    summary: SummaryDiff
