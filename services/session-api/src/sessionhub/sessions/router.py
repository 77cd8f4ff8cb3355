"""Every HTTP route of session-api."""

from __future__ import annotations

from fastapi import APIRouter

from sessionhub.sessions.analytics.endpoints import build_router as analytics_router
from sessionhub.sessions.groups.endpoints import build_router as groups_router
from sessionhub.sessions.training.endpoints import build_router as training_router


def build_router() -> APIRouter:
    router = APIRouter()
    router.include_router(training_router())
    # Group analytics is declared before the groups' catch-all routes.
    router.include_router(analytics_router())
    router.include_router(groups_router())
    return router
