"""Tables of session-api (SQLModel). Request/response shapes live in each domain's schemas."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Integer,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlmodel import Field, SQLModel

TITLE_MAX = 200
SCENARIO_MAX = 4_000
PERSONA_MAX = 2_000
AGENT_MAX = 200


def _now_column(nullable: bool = False) -> Any:
    return Column(DateTime(timezone=True), server_default=func.now(), nullable=nullable)


class TrainingSessionBase(SQLModel):
    title: str = Field(max_length=TITLE_MAX)
    scenario: str = Field(max_length=SCENARIO_MAX)
    persona: str = Field(max_length=PERSONA_MAX)
    agent_name: str = Field(max_length=AGENT_MAX)
    agent_id: str | None = Field(default=None, max_length=AGENT_MAX)


class TrainingSession(TrainingSessionBase, table=True):
    """One role-play session. ``line_count`` is the last transcript seq handed out."""

    __tablename__ = "training_sessions"

    id: int | None = Field(default=None, sa_column=Column(Integer, Identity(), primary_key=True))
    user_id: str = Field(sa_column=Column(Text, nullable=False))
    group_id: uuid.UUID | None = Field(
        default=None,
        sa_column=Column(
            PG_UUID(as_uuid=True), ForeignKey("session_groups.id", ondelete="CASCADE")
        ),
    )
    status: str = Field(default="active", sa_column=Column(Text, nullable=False))
    started_at: datetime | None = Field(default=None, sa_column=_now_column())
    ended_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    duration_seconds: int | None = Field(default=None, sa_column=Column(Integer))
    line_count: int = Field(default=0, sa_column=Column(Integer, nullable=False))
    grading_status: str | None = Field(default=None, sa_column=Column(Text))
    rapport_score: int | None = Field(default=None, sa_column=Column(Integer))
    discovery_score: int | None = Field(default=None, sa_column=Column(Integer))
    objection_handling_score: int | None = Field(default=None, sa_column=Column(Integer))
    closing_score: int | None = Field(default=None, sa_column=Column(Integer))
    overall_score: int | None = Field(default=None, sa_column=Column(Integer))
    feedback_strengths: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(Text), nullable=False)
    )
    feedback_improvements: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(Text), nullable=False)
    )
    virtual_earnings: float | None = Field(default=None, sa_column=Column(Float))
    grader: str | None = Field(default=None, sa_column=Column(Text))
    graded_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    grading_error: str | None = Field(default=None, sa_column=Column(Text))
    grade_report: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB))
    created_at: datetime | None = Field(default=None, sa_column=_now_column())


class TranscriptLine(SQLModel, table=True):
    """Append-only: one row per line, ``seq`` assigned from the session's ``line_count``."""

    __tablename__ = "transcript_lines"

    session_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("training_sessions.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    seq: int = Field(sa_column=Column(Integer, primary_key=True))
    speaker: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    client_ts: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class SessionGroup(SQLModel, table=True):
    __tablename__ = "session_groups"

    id: uuid.UUID = Field(
        default_factory=uuid.uuid4, sa_column=Column(PG_UUID(as_uuid=True), primary_key=True)
    )
    name: str = Field(sa_column=Column(Text, nullable=False))
    created_by: str = Field(sa_column=Column(Text, nullable=False))
    group_feedback: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB))
    feedback_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime | None = Field(default=None, sa_column=_now_column())
    updated_at: datetime | None = Field(default=None, sa_column=_now_column())


class GroupTemplate(SQLModel, table=True):
    """A named, reusable list of session configurations."""

    __tablename__ = "group_templates"

    id: int | None = Field(default=None, sa_column=Column(Integer, Identity(), primary_key=True))
    user_id: str = Field(sa_column=Column(Text, nullable=False))
    name: str = Field(sa_column=Column(Text, nullable=False))
    sessions: list[dict[str, Any]] = Field(sa_column=Column(JSONB, nullable=False))
    created_at: datetime | None = Field(default=None, sa_column=_now_column())


class LegacySessionLink(SQLModel, table=True):
    """The legacy uuid → integer id map written by ``sessions import-legacy``."""

    __tablename__ = "legacy_session_links"

    legacy_id: uuid.UUID = Field(sa_column=Column(PG_UUID(as_uuid=True), primary_key=True))
    session_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("training_sessions.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        )
    )
    imported_at: datetime | None = Field(default=None, sa_column=_now_column())


class UserSessionStats(SQLModel, table=True):
    """A user's session counts and per-category score sums, kept by triggers (migration
    0004) in the transaction that changes a session; ``user_session_stats_rebuild()``
    recounts them."""

    __tablename__ = "user_session_stats"

    user_id: str = Field(sa_column=Column(Text, primary_key=True))
    active: int = Field(sa_column=Column(Integer, nullable=False))
    completed: int = Field(sa_column=Column(Integer, nullable=False))
    failed: int = Field(sa_column=Column(Integer, nullable=False))
    graded: int = Field(sa_column=Column(Integer, nullable=False))
    rapport_sum: int = Field(sa_column=Column(BigInteger, nullable=False))
    rapport_n: int = Field(sa_column=Column(Integer, nullable=False))
    discovery_sum: int = Field(sa_column=Column(BigInteger, nullable=False))
    discovery_n: int = Field(sa_column=Column(Integer, nullable=False))
    objection_handling_sum: int = Field(sa_column=Column(BigInteger, nullable=False))
    objection_handling_n: int = Field(sa_column=Column(Integer, nullable=False))
    closing_sum: int = Field(sa_column=Column(BigInteger, nullable=False))
    closing_n: int = Field(sa_column=Column(Integer, nullable=False))
    overall_sum: int = Field(sa_column=Column(BigInteger, nullable=False))
    overall_n: int = Field(sa_column=Column(Integer, nullable=False))


sessions_table = TrainingSession.__table__  # type: ignore[attr-defined]
lines_table = TranscriptLine.__table__  # type: ignore[attr-defined]
groups_table = SessionGroup.__table__  # type: ignore[attr-defined]
templates_table = GroupTemplate.__table__  # type: ignore[attr-defined]
legacy_table = LegacySessionLink.__table__  # type: ignore[attr-defined]
user_stats_table = UserSessionStats.__table__  # type: ignore[attr-defined]
