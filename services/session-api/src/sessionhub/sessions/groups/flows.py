"""Group flows that span many units of work: bulk creation and completing a whole group.

Bulk creation follows the seed: the group is created first in its own transaction, then
every session on its own, exactly as a single creation (opening line included); one
session failing is reported and does not stop the others.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import structlog
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ValidationError
from starlette.responses import JSONResponse

from sessionhub.common import idempotency
from sessionhub.common.auth import User
from sessionhub.common.errors import (
    AppError,
    Forbidden,
    PayloadTooLarge,
)
from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.sessions import GroupCreatedV1
from sessionhub.common.llm import ProviderResult
from sessionhub.sessions.groups.repository import GroupRepository
from sessionhub.sessions.groups.schemas import (
    CreatedSession,
    GroupCompleteResult,
    GroupCreateResult,
    SessionCompletion,
    SessionConfig,
    SessionError,
)
from sessionhub.sessions.groups.service import groups
from sessionhub.sessions.state import SessionsState
from sessionhub.sessions.training.service import training

log = structlog.get_logger()

IDEMPOTENCY_SCOPE = "groups.create"


def default_group_name(now: datetime) -> str:
    return f"Training Group - {now:%Y-%m-%d}"


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ())) or "session"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def parse_configs(
    raw: Sequence[Any],
) -> tuple[list[tuple[int, SessionConfig]], list[SessionError]]:
    valid: list[tuple[int, SessionConfig]] = []
    errors: list[SessionError] = []
    for index, item in enumerate(raw):
        try:
            valid.append((index, SessionConfig.model_validate(item)))
        except ValidationError as exc:
            errors.append(SessionError(index=index, detail=_describe(exc)))
    return valid, errors


async def create_group(
    st: SessionsState,
    user: User,
    *,
    group_name: str | None,
    raw_sessions: Sequence[Any],
    key: str | None = None,
    request: BaseModel | None = None,
) -> JSONResponse:
    """Create a group and its sessions; answers 201 with per-session results."""
    limit = st.settings.group_max_sessions
    if len(raw_sessions) > limit:
        raise PayloadTooLarge(
            f"A group can be created with at most {limit} sessions; "
            f"this request has {len(raw_sessions)}."
        )
    valid, errors = parse_configs(raw_sessions)
    if any(c.assignee_user_id for _, c in valid) and not user.is_manager:
        raise Forbidden("Only managers can create sessions for other users (assignee_user_id).")
    now = datetime.now(UTC)
    name = group_name or default_group_name(now)
    async with st.ctx.db.session() as session:
        if key is not None and (
            stored := await idempotency.claim(
                session, user_id=user.id, scope=IDEMPOTENCY_SCOPE, key=key, request=request
            )
        ):
            return stored.response()
        group_id = await GroupRepository(session).create(name, user.id)

    created, failed = await _create_members(st, user, group_id, valid)
    errors = sorted([*errors, *failed], key=lambda e: e.index)
    result = GroupCreateResult(
        success=bool(created),
        message=(
            f"Created {len(created)} of {len(raw_sessions)} sessions in group {name!r}"
            + (f"; {len(errors)} failed." if errors else ".")
        ),
        group_id=group_id,
        group_name=name,
        created_count=len(created),
        failed_count=len(errors),
        sessions=created,
        errors=errors,
    )
    body = jsonable_encoder(result)
    async with st.ctx.db.session() as session:
        await outbox.add(
            session,
            GroupCreatedV1(
                group_id=group_id,
                group_name=name,
                created_by=user.id,
                session_ids=[c.id for c in created],
            ),
            subject=f"group/{group_id}",
        )
        if key is not None:
            await idempotency.record(
                session,
                user_id=user.id,
                scope=IDEMPOTENCY_SCOPE,
                key=key,
                status_code=201,
                body=body,
            )
    return JSONResponse(body, status_code=201)


async def _create_members(
    st: SessionsState,
    user: User,
    group_id: uuid.UUID,
    configs: list[tuple[int, SessionConfig]],
) -> tuple[list[CreatedSession], list[SessionError]]:
    gate = asyncio.Semaphore(st.settings.group_generation_concurrency)

    async def opening(config: SessionConfig) -> ProviderResult[str]:
        async with gate:
            return await training.opening_for(st, config.resolved())

    # Openings are generated concurrently (LLM-bound); rows are then written in order,
    # so ids follow the request's order.
    openings = await asyncio.gather(*(opening(c) for _, c in configs), return_exceptions=True)
    created: list[CreatedSession] = []
    failed: list[SessionError] = []
    for (index, config), generated in zip(configs, openings, strict=True):
        if isinstance(generated, BaseException):
            log.warning("group_opening_failed", index=index, error=repr(generated))
            failed.append(
                SessionError(index=index, detail="The opening message could not be generated.")
            )
            continue
        try:
            async with st.ctx.db.session() as session:
                made = await training.create(
                    session,
                    owner_id=config.assignee_user_id or user.id,
                    config=config.resolved(),
                    opening=generated,
                    group_id=group_id,
                )
        except Exception as exc:
            log.warning("group_session_failed", index=index, error=repr(exc))
            failed.append(SessionError(index=index, detail="The session could not be stored."))
            continue
        created.append(CreatedSession(index=index, id=made.id))
    return created, failed


async def complete_group(st: SessionsState, user: User, group_id: uuid.UUID) -> GroupCompleteResult:
    """Complete every active session of the group, each in its own unit of work."""
    async with st.ctx.db.read_session() as session:
        await groups.get_visible(session, user, group_id)
        members = await GroupRepository(session).members(group_id)
    results: list[SessionCompletion] = []
    for member in members:
        if member.status != "active":
            results.append(
                SessionCompletion(
                    session_id=member.id,
                    outcome="already_completed" if member.status == "completed" else "skipped",
                )
            )
            continue
        try:
            async with st.ctx.db.session() as session:
                await training.complete(session, st, user, member.id, None)
        except AppError as exc:
            results.append(
                SessionCompletion(session_id=member.id, outcome="failed", detail=exc.message)
            )
            continue
        results.append(SessionCompletion(session_id=member.id, outcome="completed"))
    return GroupCompleteResult(
        group_id=group_id,
        completed_count=sum(1 for r in results if r.outcome == "completed"),
        results=results,
    )
