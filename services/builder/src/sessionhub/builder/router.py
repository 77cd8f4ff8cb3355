"""Every HTTP route of the builder, under /api/builder."""

from __future__ import annotations

from fastapi import APIRouter

from sessionhub.builder.drafts.routes import router as drafts_router
from sessionhub.builder.generation.routes import router as generation_router
from sessionhub.builder.knowledge.routes import router as knowledge_router
from sessionhub.builder.reference.routes import router as reference_router


def build_router() -> APIRouter:
    router = APIRouter()
    for part in (reference_router, drafts_router, generation_router, knowledge_router):
        router.include_router(part)
    return router
