"""GET /api/builder/analytics."""

from __future__ import annotations

from fastapi import APIRouter

from sessionhub.builder.analytics.schemas import BuilderAnalytics
from sessionhub.builder.analytics.service import analytics
from sessionhub.builder.state import DbSession
from sessionhub.common.auth import CurrentUser

router = APIRouter(prefix="/api/builder", tags=["builder analytics"])


@router.get("/analytics", summary="Generations, failures, fallbacks, selections, rag weights")
async def get_analytics(user: CurrentUser, db: DbSession) -> BuilderAnalytics:
    return await analytics.summary(db, user)
