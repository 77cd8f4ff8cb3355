"""GET /api/training-sessions/{id}/events: the session's live stream (SSE)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from sse_starlette import EventSourceResponse

from sessionhub.common.auth import CurrentUser
from sessionhub.common.db import INT4_MAX
from sessionhub.common.errors import BadRequest
from sessionhub.common.sse import sse_response
from sessionhub.sessions.live.service import session_events
from sessionhub.sessions.state import Db, State
from sessionhub.sessions.training.routes import PREFIX, SessionId
from sessionhub.sessions.training.service import training

router = APIRouter(prefix=PREFIX, tags=["training sessions"])


@router.get(
    "/{session_id}/events",
    summary="Live stream: status, transcript lines as appended, then the grade",
    response_class=EventSourceResponse,
)
async def stream_session_events(
    session_id: SessionId,
    request: Request,
    user: CurrentUser,
    db: Db,
    st: State,
    after_seq: Annotated[int | None, Query(ge=0, le=INT4_MAX)] = None,
) -> EventSourceResponse:
    await training.get_visible(db, user, session_id)
    resume = after_seq if after_seq is not None else _last_event_id(request)
    return sse_response(session_events(st, session_id, resume), heartbeat_s=st.settings.sse_ping_s)


def _last_event_id(request: Request) -> int:
    """Browsers resume an EventSource with the last line's seq as Last-Event-ID.

    Checked before the stream starts: once a 200 is sent, a bad position can only
    cut the stream.
    """
    raw = request.headers.get("last-event-id", "").strip()
    if not raw:
        return 0
    if not (raw.isascii() and raw.isdigit() and int(raw) <= INT4_MAX):
        raise BadRequest(
            "Last-Event-ID must be the seq of a line this stream sent "
            f"(an integer from 0 to {INT4_MAX})."
        )
    return int(raw)
