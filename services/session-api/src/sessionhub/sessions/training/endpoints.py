"""HTTP routes of /api/training-sessions: thin, the rules live in the service."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Header, Path, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from sse_starlette import EventSourceResponse

from sessionhub.common.auth import CurrentUser
from sessionhub.common.errors import NotFound
from sessionhub.common.idempotency import IdempotencyKey, idempotent
from sessionhub.common.pagination import Page
from sessionhub.sessions.legacy.repository import LegacyRepository
from sessionhub.sessions.state import SessionDep, State
from sessionhub.sessions.training import flows
from sessionhub.sessions.training.schemas import (
    AppendResult,
    CompleteRequest,
    CompletionResult,
    RegradeAccepted,
    ReplyResult,
    SessionStatus,
    TrainingSessionCreate,
    TrainingSessionCreated,
    TrainingSessionPublic,
    TrainingSessionSummary,
    TrainingSessionUpdate,
    TranscriptBatch,
)
from sessionhub.sessions.training.service import KIND, training

SessionId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The training session's id.")]

EVENT_STREAM = "text/event-stream"


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/training-sessions", tags=["training sessions"])

    @router.post(
        "",
        status_code=201,
        response_model=TrainingSessionCreated,
        summary="Start a training session; the persona's opening line is its first line",
    )
    async def create_session(
        body: TrainingSessionCreate,
        user: CurrentUser,
        session: SessionDep,
        st: State,
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        await training.enforce_create_rate(st, user)
        config = body.resolved()
        # Generated before the transaction starts, so no connection idles during the LLM call.
        opening = await training.opening_for(st, config)

        async def run() -> TrainingSessionCreated:
            return await training.create(session, owner_id=user.id, config=config, opening=opening)

        return await idempotent(
            session,
            user_id=user.id,
            scope="training-sessions.create",
            key=key,
            request=body,
            status_code=201,
            run=run,
        )

    @router.get("", summary="The caller's training sessions, newest first")
    async def list_sessions(
        user: CurrentUser,
        session: SessionDep,
        status: SessionStatus | None = None,
        group_id: uuid.UUID | None = None,
        cursor: str | None = Query(None, max_length=200),
        limit: int = Query(20, ge=1, le=100),
    ) -> Page[TrainingSessionSummary]:
        return await training.list_sessions(
            session, user, status=status, group_id=group_id, cursor=cursor, limit=limit
        )

    @router.get(
        "/legacy/{legacy_id}",
        status_code=308,
        response_class=RedirectResponse,
        summary="Where a pre-migration (uuid) session lives now",
    )
    async def legacy_redirect(
        legacy_id: uuid.UUID, user: CurrentUser, session: SessionDep
    ) -> RedirectResponse:
        session_id = await LegacyRepository(session).session_for(legacy_id)
        if session_id is None:
            raise NotFound.resource(f"Legacy {KIND.lower()}", legacy_id)
        await training.get_visible(session, user, session_id)
        return RedirectResponse(f"/api/training-sessions/{session_id}", status_code=308)

    @router.get("/{session_id}", summary="The whole session: transcript, grading, scores")
    async def get_session(
        session_id: SessionId, user: CurrentUser, session: SessionDep
    ) -> TrainingSessionPublic:
        return await training.get(session, user, session_id)

    @router.patch("/{session_id}", summary="Append one transcript line and/or rename")
    async def update_session(
        session_id: SessionId,
        body: TrainingSessionUpdate,
        user: CurrentUser,
        session: SessionDep,
        st: State,
    ) -> AppendResult:
        lines = [body.transcript_line] if body.transcript_line is not None else []
        training.check_lines(st, lines, "transcript_line.text")
        if body.title is not None:
            await training.rename(session, user, session_id, body.title)
        if lines:
            return await training.append(session, st, user, session_id, lines)
        return AppendResult(id=session_id, lines=[])

    @router.post(
        "/{session_id}/transcript",
        status_code=201,
        summary="Append a batch of lines atomically",
    )
    async def append_batch(
        session_id: SessionId,
        body: TranscriptBatch,
        user: CurrentUser,
        session: SessionDep,
        st: State,
    ) -> AppendResult:
        training.check_lines(st, body.lines, "lines.{i}.text")
        return await training.append(session, st, user, session_id, body.lines)

    @router.post(
        "/{session_id}/reply",
        response_model=ReplyResult,
        summary="The persona answers (SSE with Accept: text/event-stream); the answer is appended",
        responses={200: {"content": {EVENT_STREAM: {}}}},
    )
    async def reply(
        session_id: SessionId,
        user: CurrentUser,
        st: State,
        accept: Annotated[str, Header()] = "application/json",
    ) -> Response:
        if EVENT_STREAM in accept:
            async with st.ctx.db.read_session() as session:
                brief = await training.reply_brief(session, st, user, session_id)
            return EventSourceResponse(
                flows.stream_reply(st, user, session_id, brief),
                ping=st.settings.sse_ping_s,
                headers={"X-Accel-Buffering": "no", "Cache-Control": "no-cache"},
            )
        result = await flows.reply(st, user, session_id)
        return JSONResponse(result.model_dump(mode="json"))

    @router.post("/{session_id}/complete", summary="End the session and queue its grading")
    async def complete_session(
        session_id: SessionId,
        user: CurrentUser,
        session: SessionDep,
        st: State,
        body: Annotated[CompleteRequest | None, Body()] = None,
    ) -> CompletionResult:
        duration = body.duration_seconds if body is not None else None
        return await training.complete(session, st, user, session_id, duration)

    @router.post(
        "/{session_id}/regrade",
        status_code=202,
        summary="Ask for a fresh grade (owner or manager)",
    )
    async def regrade_session(
        session_id: SessionId, user: CurrentUser, session: SessionDep, st: State
    ) -> RegradeAccepted:
        return await training.regrade(session, st, user, session_id)

    @router.get(
        "/{session_id}/events",
        summary="Live stream: status, transcript lines as appended, then the grade",
        response_class=EventSourceResponse,
    )
    async def session_events(
        session_id: SessionId,
        request: Request,
        user: CurrentUser,
        st: State,
        after_seq: Annotated[int | None, Query(ge=0)] = None,
    ) -> EventSourceResponse:
        async with st.ctx.db.read_session() as session:
            await training.get_visible(session, user, session_id)
        resume = after_seq if after_seq is not None else _last_event_id(request)
        return EventSourceResponse(
            flows.session_events(st, session_id, resume),
            ping=st.settings.sse_ping_s,
            headers={"X-Accel-Buffering": "no", "Cache-Control": "no-cache"},
        )

    @router.delete("/{session_id}", status_code=204, summary="Delete a session and its transcript")
    async def delete_session(
        session_id: SessionId, user: CurrentUser, session: SessionDep, st: State
    ) -> Response:
        await training.delete(session, st, user, session_id)
        return Response(status_code=204)

    return router


def _last_event_id(request: Request) -> int:
    """Browsers resume an EventSource with the last line's seq as Last-Event-ID."""
    raw = request.headers.get("last-event-id", "")
    return int(raw) if raw.isdigit() else 0
