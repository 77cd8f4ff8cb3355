"""session-api as the runtime sees it."""

from sessionhub.common.events.catalog.grading import SessionGradedV1, SessionGradingFailedV1
from sessionhub.common.events.consumer import Subscription
from sessionhub.common.service import ServiceSpec
from sessionhub.sessions.grading.handlers import on_session_graded, on_session_grading_failed
from sessionhub.sessions.legacy.cli import build_cli
from sessionhub.sessions.router import build_router
from sessionhub.sessions.state import SERVICE, prepare

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
        Subscription("grades", (SessionGradedV1,), handler=on_session_graded, concurrency=4),
        Subscription(
            "grading-failures", (SessionGradingFailedV1,), handler=on_session_grading_failed
        ),
    ),
    on_start=prepare,
    cli=build_cli,
    cli_name="sessions",
)
