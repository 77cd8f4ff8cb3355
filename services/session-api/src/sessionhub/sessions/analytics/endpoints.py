"""HTTP routes of /api/analytics and a group's analytics."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from sessionhub.common.auth import CurrentUser
from sessionhub.sessions.analytics.schemas import GroupAnalytics, SessionAnalytics, UserAnalytics
from sessionhub.sessions.analytics.service import analytics
from sessionhub.sessions.state import SessionDep, State

SessionId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def build_router() -> APIRouter:
    router = APIRouter(tags=["analytics"])

    @router.get("/api/analytics/sessions/{session_id}", summary="One session's scores and talk")
    async def session_analytics(
        session_id: SessionId, user: CurrentUser, session: SessionDep
    ) -> SessionAnalytics:
        return await analytics.session(session, user, session_id)

    @router.get("/api/analytics/me", summary="The caller's averages, best and trend")
    async def my_analytics(
        user: CurrentUser,
        session: SessionDep,
        st: State,
        last: Annotated[int | None, Query(ge=1, le=100, description="Trend length.")] = None,
    ) -> UserAnalytics:
        return await analytics.me(session, user, last or st.settings.analytics_trend_window)

    @router.get("/api/groups/{group_id}/analytics", summary="A group's averages and ranking")
    async def group_analytics(
        group_id: uuid.UUID,
        user: CurrentUser,
        session: SessionDep,
        st: State,
        last: Annotated[int | None, Query(ge=1, le=100, description="Trend length.")] = None,
    ) -> GroupAnalytics:
        return await analytics.group(
            session, user, group_id, last or st.settings.analytics_trend_window
        )

    return router
