"""Every HTTP route of session-api, one router per domain."""

from __future__ import annotations

from fastapi import APIRouter

from sessionhub.sessions.analytics.routes import router as analytics
from sessionhub.sessions.groups.routes import router as groups
from sessionhub.sessions.legacy.routes import router as legacy
from sessionhub.sessions.live.routes import router as live
from sessionhub.sessions.replies.routes import router as replies
from sessionhub.sessions.training.routes import router as training

router = APIRouter()
for domain in (training, replies, live, legacy, analytics, groups):
    # Group analytics comes before the groups' catch-all /{group_id} routes.
    router.include_router(domain)


def build_router() -> APIRouter:
    return router
