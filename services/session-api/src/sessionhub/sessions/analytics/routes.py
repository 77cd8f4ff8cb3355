"""HTTP routes of /api/analytics and a group's analytics."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from sessionhub.common.auth import CurrentUser
from sessionhub.common.db import INT4_MAX
from sessionhub.sessions.analytics.schemas import GroupAnalytics, SessionAnalytics, UserAnalytics
from sessionhub.sessions.analytics.service import analytics
from sessionhub.sessions.state import Db, State

SessionId = Annotated[int, Path(ge=1, le=INT4_MAX)]
TrendLength = Annotated[int | None, Query(ge=1, le=100, description="Trend length.")]

router = APIRouter(tags=["analytics"])


@router.get("/api/analytics/sessions/{session_id}", summary="One session's scores and talk")
async def session_analytics(session_id: SessionId, user: CurrentUser, db: Db) -> SessionAnalytics:
    return await analytics.session(db, user, session_id)


@router.get("/api/analytics/me", summary="The caller's averages, best and trend")
async def my_analytics(
    user: CurrentUser, db: Db, st: State, last: TrendLength = None
) -> UserAnalytics:
    return await analytics.me(db, user, last or st.settings.analytics_trend_window)


@router.get("/api/groups/{group_id}/analytics", summary="A group's averages and ranking")
async def group_analytics(
    group_id: uuid.UUID, user: CurrentUser, db: Db, st: State, last: TrendLength = None
) -> GroupAnalytics:
    return await analytics.group(db, user, group_id, last or st.settings.analytics_trend_window)
