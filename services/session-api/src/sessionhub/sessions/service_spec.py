"""session-api as the runtime sees it: its routes, the grader's events it consumes, its
state (``state.py``) and its maintenance commands."""

from fastapi import APIRouter

from sessionhub.common.events.catalog.grading import (
    SessionGradedV1,
    SessionGradedV2,
    SessionGradingFailedV1,
)
from sessionhub.common.events.consumer import Subscription
from sessionhub.common.routing import combine
from sessionhub.common.service import ServiceSpec
from sessionhub.sessions.analytics.routes import router as analytics_router
from sessionhub.sessions.cli import build_cli
from sessionhub.sessions.grading.handlers import on_session_graded, on_session_grading_failed
from sessionhub.sessions.groups.routes import router as groups_router
from sessionhub.sessions.legacy.routes import router as legacy_router
from sessionhub.sessions.live.routes import router as live_router
from sessionhub.sessions.replies.routes import router as replies_router
from sessionhub.sessions.rubrics.routes import router as rubrics_router
from sessionhub.sessions.state import SERVICE, prepare, release
from sessionhub.sessions.training.routes import router as training_router


def build_router() -> APIRouter:
    # Group analytics comes before the groups' catch-all /{group_id} routes.
    return combine(
        training_router,
        replies_router,
        live_router,
        legacy_router,
        analytics_router,
        groups_router,
        rubrics_router,
    )


spec = ServiceSpec(
    name=SERVICE,
    schema="sessions",
    migrations="sessionhub.sessions:migrations",
    description=(
        "**session-api** — training sessions with live transcripts, completion and grading "
        "hand-off, groups created in bulk, analytics."
    ),
    router=build_router,
    subscriptions=(
        Subscription(
            "grades", (SessionGradedV1, SessionGradedV2), handler=on_session_graded, concurrency=4
        ),
        Subscription(
            "grading-failures", (SessionGradingFailedV1,), handler=on_session_grading_failed
        ),
    ),
    on_start=prepare,
    on_stop=release,
    cli=build_cli,
    cli_name="sessions",
)
