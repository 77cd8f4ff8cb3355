"""Bulk rules of groups: creating a group with its sessions, completing a whole group.

Both run in the request's single unit of work, so they either finish or leave nothing:
the group, its sessions, ``group.created`` and the ``Idempotency-Key`` commit together.
A session that cannot be stored is rolled back to its own savepoint and reported in
``errors``; the others are kept. Opening lines come from the LLM before the first query,
so no connection waits on the model.
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
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from sessionhub.common import idempotency
from sessionhub.common.auth import User
from sessionhub.common.errors import AppError, Conflict, Forbidden, PayloadTooLarge
from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.sessions import GroupCreatedV1, group_subject
from sessionhub.common.llm import ProviderResult
from sessionhub.sessions.groups.repository import GroupRepository
from sessionhub.sessions.groups.schemas import (
    CreatedSession,
    GroupCompleteResult,
    GroupCreate,
    GroupCreateResult,
    SessionCompletion,
    SessionConfig,
    SessionError,
)
from sessionhub.sessions.groups.service import groups
from sessionhub.sessions.rubrics.schemas import RubricPublic, RubricRef
from sessionhub.sessions.rubrics.service import rubrics
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


async def _openings(
    st: SessionsState, configs: Sequence[tuple[int, SessionConfig]]
) -> list[ProviderResult[str] | BaseException]:
    gate = asyncio.Semaphore(st.settings.group_generation_concurrency)

    async def opening(config: SessionConfig) -> ProviderResult[str]:
        async with gate:
            return await training.opening_for(st, config.resolved())

    return await asyncio.gather(*(opening(c) for _, c in configs), return_exceptions=True)


async def create_group(
    db: AsyncSession,
    st: SessionsState,
    user: User,
    *,
    group_name: str | None,
    raw_sessions: Sequence[Any],
    key: str | None,
    request: BaseModel | None,
    rubric: RubricRef | None = None,
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
    # A group's sessions are creations like any other: they count against the same limit.
    await training.enforce_create_rate(st, user, count=len(valid))
    openings = await _openings(st, valid)

    async def run() -> GroupCreateResult:
        name = group_name or default_group_name(datetime.now(UTC))
        attached = await rubrics.resolve(db, user, rubric) if rubric else None
        group_id = await GroupRepository(db).create(name, user.id)
        created, failed = await _create_members(db, user, group_id, valid, openings, attached)
        all_errors = sorted([*errors, *failed], key=lambda e: e.index)
        await outbox.add(
            db,
            GroupCreatedV1(
                group_id=group_id,
                group_name=name,
                created_by=user.id,
                session_ids=[c.id for c in created],
            ),
            subject=group_subject(group_id),
        )
        return GroupCreateResult(
            success=bool(created),
            message=(
                f"Created {len(created)} of {len(raw_sessions)} sessions in group {name!r}"
                + (f"; {len(all_errors)} failed." if all_errors else ".")
            ),
            group_id=group_id,
            group_name=name,
            created_count=len(created),
            failed_count=len(all_errors),
            sessions=created,
            errors=all_errors,
        )

    return await idempotency.idempotent(
        db,
        user_id=user.id,
        scope=IDEMPOTENCY_SCOPE,
        key=key,
        request=request,
        status_code=201,
        run=run,
        location=lambda created: f"/api/groups/{created['group_id']}",
    )


async def create_listed(
    db: AsyncSession, st: SessionsState, user: User, body: GroupCreate, key: str | None
) -> JSONResponse:
    """:func:`create_group` for a request that lists the sessions (new or imported)."""
    return await create_group(
        db,
        st,
        user,
        group_name=body.group_name,
        raw_sessions=body.sessions,
        key=key,
        request=body,
        rubric=body.rubric,
    )


async def _create_members(
    db: AsyncSession,
    user: User,
    group_id: uuid.UUID,
    configs: Sequence[tuple[int, SessionConfig]],
    openings: Sequence[ProviderResult[str] | BaseException],
    rubric: RubricPublic | None = None,
) -> tuple[list[CreatedSession], list[SessionError]]:
    """Rows are written in request order, so ids follow it; each on its own savepoint."""
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
            async with db.begin_nested():
                made = await training.create(
                    db,
                    owner_id=config.assignee_user_id or user.id,
                    config=config.resolved(),
                    opening=generated,
                    group_id=group_id,
                    rubric=rubric,
                )
        except DBAPIError as exc:
            log.warning("group_session_failed", index=index, error=type(exc.orig).__name__)
            failed.append(SessionError(index=index, detail="The session could not be stored."))
            continue
        created.append(CreatedSession(index=index, id=made.id))
    return created, failed


class GroupNotCompleted(Conflict):
    code = "group-not-completed"


async def complete_group(
    db: AsyncSession, st: SessionsState, user: User, group_id: uuid.UUID
) -> GroupCompleteResult:
    """Complete every active session of the group in one transaction: all or none.

    If any session cannot be completed, nothing is completed and the answer (409) lists
    every session's outcome, so the caller can fix the one that failed and retry.
    """
    repo = GroupRepository(db)
    await groups.get_visible(db, user, group_id, lock=True)
    results: list[SessionCompletion] = []
    for member in await repo.members(group_id):
        if member.status != "active":
            results.append(
                SessionCompletion(
                    session_id=member.id,
                    outcome="already_completed" if member.status == "completed" else "skipped",
                )
            )
            continue
        try:
            async with db.begin_nested():
                await training.complete(db, st, user, member.id, None)
        except AppError as exc:
            results.append(
                SessionCompletion(session_id=member.id, outcome="failed", detail=exc.message)
            )
            continue
        except DBAPIError as exc:
            log.warning("group_completion_failed", session_id=member.id, error=repr(exc.orig))
            results.append(
                SessionCompletion(
                    session_id=member.id,
                    outcome="failed",
                    detail="The session could not be completed; nothing in the group was.",
                )
            )
            continue
        results.append(SessionCompletion(session_id=member.id, outcome="completed"))
    failed = [r for r in results if r.outcome == "failed"]
    if failed:
        raise GroupNotCompleted(
            f"{len(failed)} session(s) of group {group_id} could not be completed, so none "
            "was; see results.",
            extra={"results": jsonable_encoder(results)},
        )
    return GroupCompleteResult(
        group_id=group_id,
        completed_count=sum(1 for r in results if r.outcome == "completed"),
        results=results,
    )
