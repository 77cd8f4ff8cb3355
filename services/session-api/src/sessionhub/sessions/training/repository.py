"""SQL for training sessions and their append-only transcript."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from sessionhub.common.db import execute_last
from sessionhub.sessions.models import TrainingSessionBase
from sessionhub.sessions.models import groups_table as G
from sessionhub.sessions.models import lines_table as L
from sessionhub.sessions.models import sessions_table as S
from sessionhub.sessions.training.schemas import TranscriptLineCreate, TranscriptLinePublic

# Raw asyncpg SQL, each the whole unit of work of its request (db.execute_last): one
# round trip, no BEGIN/COMMIT, and no SQLAlchemy statement machinery on the hot path.
_APPEND = """
WITH reserved AS (
    UPDATE training_sessions SET line_count = line_count + $2
    WHERE id = $1 AND status = 'active' {owned}
    RETURNING line_count
)
INSERT INTO transcript_lines (session_id, seq, speaker, text, client_ts)
SELECT $1, reserved.line_count - $2 + v.ord, v.speaker, v.text, v.stamp
FROM reserved, unnest($3::text[], $4::text[], $5::timestamptz[])
    WITH ORDINALITY AS v(speaker, text, stamp, ord)
RETURNING seq, speaker, text, client_ts
"""
APPEND = _APPEND.format(owned="")
APPEND_OWNED = _APPEND.format(owned="AND user_id = $6")
# The session, its opening line (seq 1), its rubric when one is given and its
# session.created event: the event's envelope is rendered before the id exists, around
# the two places the statement puts the id in (its data's and its subject's).
CREATE = """
WITH created AS (
    INSERT INTO training_sessions (user_id, title, scenario, persona, agent_name, agent_id,
        group_id, status, started_at, created_at, line_count)
    VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $8, 1)
    RETURNING id
), opening AS (
    INSERT INTO transcript_lines (session_id, seq, speaker, text, client_ts)
    SELECT id, 1, 'persona', $9, $8 FROM created
), rubric AS (
    INSERT INTO session_rubrics (session_id, rubric_id, version)
    SELECT id, $10, $11 FROM created WHERE $10::uuid IS NOT NULL
), event AS (
    INSERT INTO outbox (event_id, event_type, body)
    SELECT $12, $13, $14::text || id || $15::text || id || $16::text FROM created
)
SELECT id FROM created
"""


def page_statement(
    *,
    owner: str | None,
    group_id: uuid.UUID | None,
    status: str | None,
    before_id: int | None,
    limit: int,
) -> Select[Any]:
    """Sessions newest first; ``owner`` None lists every member of ``group_id``."""
    conditions: list[ColumnElement[bool]] = []
    order: tuple[ColumnElement[Any], ...] = (S.c.id.desc(),)
    if owner is not None:
        # Why not user_id = :owner: PostgreSQL then drops user_id from ORDER BY as a
        # constant, and both the primary key and (user_id, id) give "id DESC"; it picks
        # the primary key (its heap order looks cheaper) and walks backwards past every
        # newer session of other users. The one-value range keeps user_id in the order,
        # which only the (user_id, id) index gives.
        conditions.append(S.c.user_id.between(owner, owner))
        order = (S.c.user_id.desc(), S.c.id.desc())
    if group_id is not None:
        conditions.append(S.c.group_id == group_id)
    if status is not None:
        conditions.append(S.c.status == status)
    if before_id is not None:
        conditions.append(S.c.id < before_id)
    return select(S).where(*conditions).order_by(*order).limit(limit)


def line_public(row: Any) -> TranscriptLinePublic:
    """A (seq, speaker, text, client_ts) row: a SQLAlchemy row or an asyncpg record."""
    seq, speaker, text, client_ts = row
    return TranscriptLinePublic(seq=seq, speaker=speaker, text=text, timestamp=client_ts)


class TrainingSessionRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def create(
        self,
        *,
        user_id: str,
        config: TrainingSessionBase,
        group_id: uuid.UUID | None,
        opening: str,
        now: datetime,
        rubric: tuple[uuid.UUID, int] | None,
        event: tuple[uuid.UUID, str, tuple[str, str, str]],
    ) -> int:
        """Insert the session with everything that belongs to its creation, in one
        statement: the unit of work's last (``event`` is an outbox row whose body is
        ``a + id + b + id + c``, ``outbox.render_around_id``)."""
        event_id, event_type, (before, between, after) = event
        rubric_id, version = rubric if rubric is not None else (None, None)
        rows = await execute_last(
            self.db,
            CREATE,
            user_id,
            config.title,
            config.scenario,
            config.persona,
            config.agent_name,
            config.agent_id,
            group_id,
            now,
            opening,
            rubric_id,
            version,
            event_id,
            event_type,
            before,
            between,
            after,
        )
        return int(rows[0]["id"])

    async def append_lines(
        self, session_id: int, lines: Sequence[TranscriptLineCreate], *, owner: str | None
    ) -> list[TranscriptLinePublic] | None:
        """Append to an active session (of ``owner``, when given); None if there is none.

        One statement, the unit of work's last: the UPDATE hands out the seqs from
        ``line_count`` and its row lock serialises concurrent appends to the session;
        the cost does not depend on how long the transcript already is.
        """
        args: list[Any] = [
            session_id,
            len(lines),
            [line.speaker for line in lines],
            [line.text for line in lines],
            [line.timestamp for line in lines],
        ]
        if owner is not None:
            args.append(owner)
        rows = await execute_last(self.db, APPEND if owner is None else APPEND_OWNED, *args)
        if not rows:
            return None
        return sorted((line_public(r) for r in rows), key=lambda line: line.seq)

    async def get(self, session_id: int, *, lock: bool = False) -> Row[Any] | None:
        """The session with its group's creator (who may read it), or None."""
        stmt = (
            select(S, G.c.created_by.label("group_creator"))
            .select_from(S.outerjoin(G, G.c.id == S.c.group_id))
            .where(S.c.id == session_id)
        )
        if lock:
            stmt = stmt.with_for_update(of=S)
        return (await self.db.execute(stmt)).first()

    async def lines(
        self, session_id: int, *, after_seq: int = 0, upto_seq: int | None = None
    ) -> list[TranscriptLinePublic]:
        stmt = (
            select(L.c.seq, L.c.speaker, L.c.text, L.c.client_ts)
            .where(L.c.session_id == session_id, L.c.seq > after_seq)
            .order_by(L.c.seq)
        )
        if upto_seq is not None:
            stmt = stmt.where(L.c.seq <= upto_seq)
        return [line_public(r) for r in (await self.db.execute(stmt)).all()]

    async def last_lines(self, session_id: int, count: int) -> list[TranscriptLinePublic]:
        stmt = (
            select(L.c.seq, L.c.speaker, L.c.text, L.c.client_ts)
            .where(L.c.session_id == session_id)
            .order_by(L.c.seq.desc())
            .limit(count)
        )
        rows = (await self.db.execute(stmt)).all()
        return [line_public(r) for r in reversed(rows)]

    async def group_creator(self, group_id: uuid.UUID) -> str | None:
        stmt = select(G.c.created_by).where(G.c.id == group_id)
        value = (await self.db.execute(stmt)).scalar_one_or_none()
        return None if value is None else str(value)

    async def page(
        self,
        *,
        owner: str | None,
        group_id: uuid.UUID | None,
        status: str | None,
        before_id: int | None,
        limit: int,
    ) -> list[Row[Any]]:
        stmt = page_statement(
            owner=owner, group_id=group_id, status=status, before_id=before_id, limit=limit
        )
        return list((await self.db.execute(stmt)).all())

    async def mark_completed(
        self, session_id: int, *, ended_at: datetime, duration_seconds: int
    ) -> None:
        await self.db.execute(
            update(S)
            .where(S.c.id == session_id)
            .values(
                status="completed",
                ended_at=ended_at,
                duration_seconds=duration_seconds,
                grading_status="pending",
            )
        )

    async def rename(self, session_id: int, title: str) -> None:
        await self.db.execute(update(S).where(S.c.id == session_id).values(title=title))

    async def mark_regrade_pending(self, session_id: int) -> None:
        await self.db.execute(
            update(S)
            .where(S.c.id == session_id)
            .values(grading_status="pending", grading_error=None)
        )

    async def delete(self, session_id: int) -> None:
        await self.db.execute(delete(S).where(S.c.id == session_id))
