"""What GET /api/builder/analytics answers."""

from __future__ import annotations

from pydantic import BaseModel


class Count(BaseModel):
    key: str
    count: int


class PersonaFailures(BaseModel):
    persona: str
    failed: int
    total: int


class BuilderAnalytics(BaseModel):
    scope: str
    generations: int
    failed_generations: int
    fallbacks: int
    open_generations: int
    persona_failures: list[PersonaFailures]
    selections_by_label: list[Count]
    rag_weights: list[Count]
    published: int
