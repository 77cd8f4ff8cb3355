"""Business rules of training sessions. Never commits: callers own the unit of work."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common import ratelimit
from sessionhub.common.auth import User
from sessionhub.common.db import INT4_MAX
from sessionhub.common.errors import (
    Conflict,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    UnprocessableEntity,
)
from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.sessions import (
    TRAINING_SESSION_SUBJECT_PREFIX,
    SessionCompletedV2,
    SessionCreatedV1,
    SessionRegradeRequestedV2,
    TranscriptLineV1,
    training_session_subject,
)
from sessionhub.common.llm import ProviderResult
from sessionhub.common.pagination import Int32, Page, decode_cursor, encode_cursor
from sessionhub.common.timestamps import format_timestamp
from sessionhub.sessions.models import TrainingSessionBase
from sessionhub.sessions.persona import PersonaBrief
from sessionhub.sessions.rubrics.schemas import RubricPublic
from sessionhub.sessions.rubrics.service import rubrics
from sessionhub.sessions.state import SessionsState
from sessionhub.sessions.training.repository import TrainingSessionRepository
from sessionhub.sessions.training.schemas import (
    AppendResult,
    CompletionResult,
    RegradeAccepted,
    TrainingSessionCreated,
    TrainingSessionPublic,
    TrainingSessionSummary,
    TranscriptLineCreate,
    TranscriptLinePublic,
)

KIND = "Training session"


class SessionClosed(Conflict):
    code = "session-closed"


def can_read(row: Any, user: User) -> bool:
    """Owners, admins and the creator of the session's group may read a session."""
    return bool(
        row.user_id == user.id
        or user.is_admin
        or (row.group_creator and row.group_creator == user.id)
    )


def can_run(row: Any, user: User) -> bool:
    """Owners and admins may talk in a session (append, reply, rename, delete)."""
    return bool(row.user_id == user.id or user.is_admin)


def visible(row: Row[Any] | None, user: User, session_id: int) -> Row[Any]:
    if row is None or not can_read(row, user):
        raise NotFound.resource(KIND, session_id)
    return row


def summary(row: Any) -> TrainingSessionSummary:
    return TrainingSessionSummary.model_validate(dict(row._mapping))


def elapsed_seconds(started_at: datetime, ended_at: datetime) -> int:
    """Whole seconds from start to end, both by the server's clock.

    Client timestamps are not used: persona lines are stamped by the server and
    trainee lines by the client, and two clocks give durations that mean nothing.
    Clamped into the int4 column whatever the stored times are.
    """
    seconds = round((ended_at - started_at).total_seconds())
    return min(max(0, seconds), INT4_MAX)


def snapshot(session_id: int, row: Any, lines: Sequence[TranscriptLinePublic]) -> dict[str, Any]:
    """The session as graders see it (``SessionSnapshotV1``'s fields)."""
    return {
        "session_id": session_id,
        "user_id": row.user_id,
        "group_id": row.group_id,
        "title": row.title,
        "scenario": row.scenario,
        "persona": row.persona,
        "agent_name": row.agent_name,
        "transcript": to_event_lines(lines),
    }


def to_event_lines(lines: Sequence[TranscriptLinePublic]) -> list[TranscriptLineV1]:
    return [
        TranscriptLineV1(seq=x.seq, speaker=x.speaker, text=x.text, timestamp=x.timestamp)
        for x in lines
    ]


class TrainingSessionService:
    async def enforce_create_rate(self, st: SessionsState, user: User, count: int = 1) -> None:
        for _ in range(count):
            await ratelimit.enforce(
                st.ctx.redis,
                st.ctx.key("rate", "create", user.id),
                limit=st.settings.creates_per_minute,
                window_s=60,
                what="training sessions created",
            )

    async def opening_for(
        self, st: SessionsState, config: TrainingSessionBase
    ) -> ProviderResult[str]:
        """The persona's first line; the offline script answers when the LLM cannot."""
        return await st.opening.run(
            PersonaBrief(config.title, config.scenario, config.persona, config.agent_name)
        )

    async def create(
        self,
        db: AsyncSession,
        *,
        owner_id: str,
        config: TrainingSessionBase,
        opening: ProviderResult[str],
        group_id: uuid.UUID | None = None,
        rubric: RubricPublic | None = None,
    ) -> TrainingSessionCreated:
        now = datetime.now(UTC)
        # Rendered before the session has an id: the insert writes it into the event.
        event = outbox.render_around_id(
            db,
            SessionCreatedV1(
                session_id=0,
                user_id=owner_id,
                group_id=group_id,
                title=config.title,
                scenario=config.scenario,
                persona=config.persona,
                agent_name=config.agent_name,
                created_at=now,
            ),
            id_field="session_id",
            subject_prefix=TRAINING_SESSION_SUBJECT_PREFIX,
        )
        session_id = await TrainingSessionRepository(db).create(
            user_id=owner_id,
            config=config,
            group_id=group_id,
            opening=opening.value,
            now=now,
            rubric=(rubric.id, rubric.version) if rubric is not None else None,
            event=event,
        )
        return TrainingSessionCreated(
            id=session_id,
            status="active",
            opening_message=opening.value,
            opening_source=opening.provider,
        )

    async def get_visible(self, db: AsyncSession, user: User, session_id: int) -> Row[Any]:
        return visible(await TrainingSessionRepository(db).get(session_id), user, session_id)

    async def get(self, db: AsyncSession, user: User, session_id: int) -> TrainingSessionPublic:
        repo = TrainingSessionRepository(db)
        row = visible(await repo.get(session_id), user, session_id)
        lines = await repo.lines(session_id)
        return TrainingSessionPublic.model_validate({**row._mapping, "transcript": lines})

    async def list_sessions(
        self,
        db: AsyncSession,
        user: User,
        *,
        status: str | None,
        group_id: uuid.UUID | None,
        cursor: str | None,
        limit: int,
    ) -> Page[TrainingSessionSummary]:
        repo = TrainingSessionRepository(db)
        owner: str | None = user.id
        # The group's creator (and admins) list every member's sessions of the group.
        if group_id is not None and (
            user.is_admin or (await repo.group_creator(group_id)) == user.id
        ):
            owner = None
        rows = await repo.page(
            owner=owner,
            group_id=group_id,
            status=status,
            before_id=decode_cursor(cursor, Int32)[0] if cursor else None,
            limit=limit + 1,
        )
        data = [summary(r) for r in rows[:limit]]
        more = len(rows) > limit
        return Page(data=data, next_cursor=encode_cursor(data[-1].id) if more else None)

    def check_lines(
        self, st: SessionsState, lines: Sequence[TranscriptLineCreate], field: str
    ) -> None:
        """Refuse (413/422, naming each field) what the schema cannot judge alone."""
        settings = st.settings
        if len(lines) > settings.transcript_batch_max_lines:
            raise PayloadTooLarge(
                f"At most {settings.transcript_batch_max_lines} lines can be appended at once."
            )
        cap = settings.transcript_text_max_chars
        problems = [
            (field.format(i=i, name="text"), f"at most {cap} characters", "too_long")
            for i, line in enumerate(lines)
            if len(line.text) > cap
        ]
        stamped = [(i, x.timestamp) for i, x in enumerate(lines) if x.timestamp is not None]
        if stamped:
            now = datetime.now(UTC)
            earliest = now - timedelta(seconds=settings.line_timestamp_max_age_s)
            latest = now + timedelta(seconds=settings.line_timestamp_max_ahead_s)
            window = f"between {earliest:%Y-%m-%dT%H:%M:%SZ} and {latest:%Y-%m-%dT%H:%M:%SZ}"
            problems += [
                (field.format(i=i, name="timestamp"), window, "out_of_range")
                for i, stamp in stamped
                if not earliest <= stamp <= latest
            ]
        if problems:
            raise UnprocessableEntity(
                "Some lines cannot be stored: "
                + "; ".join(f"{where}: {message}" for where, message, _ in problems)
                + ".",
                extra={
                    "errors": [
                        {"field": where, "message": message, "type": kind}
                        for where, message, kind in problems
                    ]
                },
            )

    async def _diagnose_closed(
        self, repo: TrainingSessionRepository, user: User, session_id: int
    ) -> None:
        """Why an append found no open session of the caller: always raises."""
        row = visible(await repo.get(session_id), user, session_id)
        if not can_run(row, user):
            raise Forbidden("Only the trainee who owns this session can add to its transcript.")
        raise SessionClosed(
            f"{KIND} {session_id} is {row.status}; its transcript can no longer change."
        )

    async def append(
        self,
        db: AsyncSession,
        st: SessionsState,
        user: User,
        session_id: int,
        lines: Sequence[TranscriptLineCreate],
    ) -> AppendResult:
        repo = TrainingSessionRepository(db)
        stored = await repo.append_lines(
            session_id, lines, owner=None if user.is_admin else user.id
        )
        if stored is None:
            await self._diagnose_closed(repo, user, session_id)
        assert stored is not None
        st.live.publish_after_commit(db, session_id, "lines", {"lines": stored})
        return AppendResult(id=session_id, lines=stored)

    async def rename(self, db: AsyncSession, user: User, session_id: int, title: str) -> None:
        repo = TrainingSessionRepository(db)
        row = visible(await repo.get(session_id, lock=True), user, session_id)
        if not can_run(row, user):
            raise Forbidden("Only the trainee who owns this session can rename it.")
        await repo.rename(session_id, title)

    async def complete(
        self,
        db: AsyncSession,
        st: SessionsState,
        user: User,
        session_id: int,
        duration_seconds: int | None,
    ) -> CompletionResult:
        """End the session and hand it to grading; completing again changes nothing."""
        repo = TrainingSessionRepository(db)
        row = visible(await repo.get(session_id, lock=True), user, session_id)
        result = CompletionResult(
            id=session_id, status="completed", redirect_to=f"/analytics/{session_id}"
        )
        if row.status == "completed":
            return result
        if row.status != "active":
            raise SessionClosed(f"{KIND} {session_id} is {row.status} and cannot be completed.")
        lines = await repo.lines(session_id)
        ended_at = datetime.now(UTC)
        duration = (
            duration_seconds
            if duration_seconds is not None
            else elapsed_seconds(row.started_at, ended_at)
        )
        await repo.mark_completed(session_id, ended_at=ended_at, duration_seconds=duration)
        await outbox.add(
            db,
            SessionCompletedV2(
                **snapshot(session_id, row, lines),
                rubric=await rubrics.of_session(db, session_id),
                started_at=row.started_at,
                ended_at=ended_at,
                duration_seconds=duration,
            ),
            subject=training_session_subject(session_id),
        )
        st.live.publish_after_commit(
            db,
            session_id,
            "status",
            {
                "status": "completed",
                "grading_status": "pending",
                "ended_at": format_timestamp(ended_at),
            },
        )
        return result

    async def regrade(
        self, db: AsyncSession, st: SessionsState, user: User, session_id: int
    ) -> RegradeAccepted:
        repo = TrainingSessionRepository(db)
        row = visible(await repo.get(session_id, lock=True), user, session_id)
        if not (row.user_id == user.id or user.is_manager):
            raise Forbidden("A regrade can be requested by the session's owner or a manager.")
        if row.status != "completed":
            raise SessionClosed(
                f"{KIND} {session_id} is {row.status}; only completed sessions are graded."
            )
        lines = await repo.lines(session_id)
        request_id = uuid.uuid4()
        await repo.mark_regrade_pending(session_id)
        await outbox.add(
            db,
            SessionRegradeRequestedV2(
                **snapshot(session_id, row, lines),
                rubric=await rubrics.of_session(db, session_id),
                requested_by=user.id,
                request_id=request_id,
            ),
            subject=training_session_subject(session_id),
        )
        st.live.publish_after_commit(
            db, session_id, "status", {"status": row.status, "grading_status": "pending"}
        )
        return RegradeAccepted(id=session_id, grading_status="pending", request_id=request_id)

    async def delete(
        self, db: AsyncSession, st: SessionsState, user: User, session_id: int
    ) -> None:
        repo = TrainingSessionRepository(db)
        row = visible(await repo.get(session_id, lock=True), user, session_id)
        if not can_run(row, user):
            raise Forbidden("Only the trainee who owns this session can delete it.")
        await repo.delete(session_id)
        st.live.publish_after_commit(db, session_id, "deleted", {"id": session_id})


training = TrainingSessionService()
