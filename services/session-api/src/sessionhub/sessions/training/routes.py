"""HTTP routes of /api/training-sessions: thin, the rules live in the service."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Path, Query, Response
from fastapi.responses import JSONResponse

from sessionhub.common.auth import CurrentUser
from sessionhub.common.db import INT4_MAX
from sessionhub.common.idempotency import idempotent
from sessionhub.common.pagination import Page
from sessionhub.sessions.rubrics.service import rubrics
from sessionhub.sessions.state import Db, State, StateAndKey
from sessionhub.sessions.training.schemas import (
    AppendResult,
    CompleteRequest,
    CompletionResult,
    RegradeAccepted,
    SessionStatus,
    TrainingSessionCreate,
    TrainingSessionCreated,
    TrainingSessionPublic,
    TrainingSessionSummary,
    TrainingSessionUpdate,
    TranscriptBatch,
)
from sessionhub.sessions.training.service import training

PREFIX = "/api/training-sessions"
SessionId = Annotated[int, Path(ge=1, le=INT4_MAX, description="The training session's id.")]

router = APIRouter(prefix=PREFIX, tags=["training sessions"])


@router.post(
    "",
    status_code=201,
    response_model=TrainingSessionCreated,
    summary="Start a training session; the persona's opening line is its first line",
)
async def create_session(
    body: TrainingSessionCreate,
    user: CurrentUser,
    db: Db,
    state_and_key: StateAndKey,
) -> JSONResponse:
    st, key = state_and_key
    await training.enforce_create_rate(st, user)
    config = body.resolved()
    # Generated before the first query, so no connection idles during the LLM call.
    opening = await training.opening_for(st, config)

    async def run() -> TrainingSessionCreated:
        rubric = await rubrics.resolve(db, user, body.rubric) if body.rubric else None
        return await training.create(
            db, owner_id=user.id, config=config, opening=opening, rubric=rubric
        )

    return await idempotent(
        db,
        user_id=user.id,
        scope="training-sessions.create",
        key=key,
        request=body,
        status_code=201,
        run=run,
        location=lambda created: f"{PREFIX}/{created['id']}",
    )


@router.get("", summary="The caller's training sessions, newest first")
async def list_sessions(
    user: CurrentUser,
    db: Db,
    status: SessionStatus | None = None,
    group_id: uuid.UUID | None = None,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(20, ge=1, le=100),
) -> Page[TrainingSessionSummary]:
    return await training.list_sessions(
        db, user, status=status, group_id=group_id, cursor=cursor, limit=limit
    )


@router.get("/{session_id}", summary="The whole session: transcript, grading, scores")
async def get_session(session_id: SessionId, user: CurrentUser, db: Db) -> TrainingSessionPublic:
    return await training.get(db, user, session_id)


@router.patch("/{session_id}", summary="Append one transcript line and/or rename")
async def update_session(
    session_id: SessionId,
    body: TrainingSessionUpdate,
    user: CurrentUser,
    db: Db,
    st: State,
) -> AppendResult:
    lines = [body.transcript_line] if body.transcript_line is not None else []
    training.check_lines(st, lines, "body.transcript_line.{name}")
    if body.title is not None:
        await training.rename(db, user, session_id, body.title)
    if lines:
        return await training.append(db, st, user, session_id, lines)
    return AppendResult(id=session_id, lines=[])


@router.post(
    "/{session_id}/transcript",
    summary="Append a batch of lines atomically",
    description="200: the lines join the session's transcript (read it with the session); "
    "none has a URL of its own, so nothing is created to point a `Location` at.",
)
async def append_batch(
    session_id: SessionId,
    body: TranscriptBatch,
    user: CurrentUser,
    db: Db,
    st: State,
) -> AppendResult:
    training.check_lines(st, body.lines, "body.lines.{i}.{name}")
    return await training.append(db, st, user, session_id, body.lines)


@router.post("/{session_id}/complete", summary="End the session and queue its grading")
async def complete_session(
    session_id: SessionId,
    user: CurrentUser,
    db: Db,
    st: State,
    body: Annotated[CompleteRequest | None, Body()] = None,
) -> CompletionResult:
    duration = body.duration_seconds if body is not None else None
    return await training.complete(db, st, user, session_id, duration)


@router.post(
    "/{session_id}/regrade", status_code=202, summary="Ask for a fresh grade (owner or manager)"
)
async def regrade_session(
    session_id: SessionId, user: CurrentUser, db: Db, st: State
) -> RegradeAccepted:
    return await training.regrade(db, st, user, session_id)


@router.delete("/{session_id}", status_code=204, summary="Delete a session and its transcript")
async def delete_session(session_id: SessionId, user: CurrentUser, db: Db, st: State) -> Response:
    await training.delete(db, st, user, session_id)
    return Response(status_code=204)
