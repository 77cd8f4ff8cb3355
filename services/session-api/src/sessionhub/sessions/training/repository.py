"""SQL for training sessions and their append-only transcript."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    DateTime,
    Row,
    Select,
    Text,
    bindparam,
    delete,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from sessionhub.sessions.models import TrainingSessionBase
from sessionhub.sessions.models import groups_table as G
from sessionhub.sessions.models import lines_table as L
from sessionhub.sessions.models import sessions_table as S
from sessionhub.sessions.training.schemas import TranscriptLineCreate, TranscriptLinePublic

_APPEND_SQL = """
WITH reserved AS (
    UPDATE training_sessions SET line_count = line_count + :n
    WHERE id = :sid AND status = 'active' {owned}
    RETURNING line_count
)
INSERT INTO transcript_lines (session_id, seq, speaker, text, client_ts)
SELECT :sid, reserved.line_count - :n + v.ord, v.speaker, v.text, v.stamp
FROM reserved, unnest(:speakers, :texts, :stamps) WITH ORDINALITY AS v(speaker, text, stamp, ord)
RETURNING seq, speaker, text, client_ts
"""
_ARRAYS = (
    bindparam("speakers", type_=ARRAY(Text)),
    bindparam("texts", type_=ARRAY(Text)),
    bindparam("stamps", type_=ARRAY(DateTime(timezone=True))),
)
# Built once: composing the INSERT ... FROM SELECT with SQLAlchemy's expression API
# on every request cost a sixth of a create's CPU.
CREATE = text(
    """
WITH created AS (
    INSERT INTO training_sessions (user_id, title, scenario, persona, agent_name, agent_id,
        group_id, status, started_at, created_at, line_count)
    VALUES (:user_id, :title, :scenario, :persona, :agent_name, :agent_id,
        :group_id, 'active', :now, :now, 1)
    RETURNING id
)
INSERT INTO transcript_lines (session_id, seq, speaker, text, client_ts)
SELECT created.id, 1, 'persona', :opening, :now FROM created
RETURNING session_id
"""
).bindparams(
    bindparam("group_id", type_=PG_UUID(as_uuid=True)),
    bindparam("opening", type_=Text),
    bindparam("now", type_=DateTime(timezone=True)),
)
APPEND = text(_APPEND_SQL.format(owned="")).bindparams(*_ARRAYS)
APPEND_OWNED = text(_APPEND_SQL.format(owned="AND user_id = :owner")).bindparams(*_ARRAYS)


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
    return TranscriptLinePublic(
        seq=row.seq, speaker=row.speaker, text=row.text, timestamp=row.client_ts
    )


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
    ) -> int:
        """Insert the session and its opening line (seq 1) in one statement."""
        params = {
            "user_id": user_id,
            "title": config.title,
            "scenario": config.scenario,
            "persona": config.persona,
            "agent_name": config.agent_name,
            "agent_id": config.agent_id,
            "group_id": group_id,
            "opening": opening,
            "now": now,
        }
        return int((await self.db.execute(CREATE, params)).scalar_one())

    async def append_lines(
        self, session_id: int, lines: Sequence[TranscriptLineCreate], *, owner: str | None
    ) -> list[TranscriptLinePublic] | None:
        """Append to an active session (of ``owner``, when given); None if there is none.

        One statement: the UPDATE hands out the seqs from ``line_count`` and its row lock
        serialises concurrent appends to the session until commit; the cost does not
        depend on how long the transcript already is.
        """
        stmt = APPEND if owner is None else APPEND_OWNED
        params: dict[str, Any] = {
            "sid": session_id,
            "n": len(lines),
            "speakers": [line.speaker for line in lines],
            "texts": [line.text for line in lines],
            "stamps": [line.timestamp for line in lines],
        }
        if owner is not None:
            params["owner"] = owner
        rows = (await self.db.execute(stmt, params)).all()
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
