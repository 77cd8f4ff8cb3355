"""The grader's one table: every grading decision it published, one row per request."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Identity, Integer, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlmodel import Field, SQLModel

#: ``request_key`` of the grade that answers ``session.completed``; a regrade uses
#: ``regrade:<request id>``, so each regrade request gets its own row.
COMPLETION_KEY = "completion"


class GradingResult(SQLModel, table=True):
    """A published grade (``outcome="graded"``) or grading failure (``"failed"``).

    Unique per (session, rubric version, request key): a redelivered or republished
    ``session.completed`` finds its row and publishes nothing new.
    """

    __tablename__ = "grading_results"
    __table_args__ = (
        UniqueConstraint(
            "session_id", "rubric_version", "request_key", name="uq_grading_results_request"
        ),
    )

    id: int | None = Field(default=None, sa_column=Column(BigInteger, Identity(), primary_key=True))
    session_id: int = Field(sa_column=Column(Integer, nullable=False))
    rubric_version: str = Field(sa_column=Column(Text, nullable=False))
    request_key: str = Field(sa_column=Column(Text, nullable=False))
    user_id: str = Field(sa_column=Column(Text, nullable=False))
    group_id: uuid.UUID | None = Field(default=None, sa_column=Column(PG_UUID(as_uuid=True)))
    source_event_id: uuid.UUID = Field(sa_column=Column(PG_UUID(as_uuid=True), nullable=False))
    outcome: str = Field(sa_column=Column(Text, nullable=False))
    grader: str | None = Field(default=None, sa_column=Column(Text))
    model: str | None = Field(default=None, sa_column=Column(Text))
    fallback_reason: str | None = Field(default=None, sa_column=Column(Text))
    failure_reason: str | None = Field(default=None, sa_column=Column(Text))
    overall_score: int | None = Field(default=None, sa_column=Column(Integer))
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB))
    decided_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
