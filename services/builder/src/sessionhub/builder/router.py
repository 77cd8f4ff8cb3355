"""Every HTTP route of the builder, under /api/builder."""

from __future__ import annotations

from fastapi import APIRouter

from sessionhub.builder.analytics.routes import router as analytics_router
from sessionhub.builder.drafts.routes import router as drafts_router
from sessionhub.builder.generation.routes import router as generation_router
from sessionhub.builder.knowledge.routes import router as knowledge_router
from sessionhub.builder.publishing.routes import router as publishing_router
from sessionhub.builder.reference.routes import router as reference_router
from sessionhub.builder.sections.routes import router as sections_router
from sessionhub.builder.versions.routes import router as versions_router
from sessionhub.common.routing import combine


def build_router() -> APIRouter:
    return combine(
        reference_router,
        drafts_router,
        sections_router,
        generation_router,
        versions_router,
        publishing_router,
        knowledge_router,
        analytics_router,
    )
