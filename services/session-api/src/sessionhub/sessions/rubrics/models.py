"""Rubric tables: every version a manager saved, and which version each session uses."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    PrimaryKeyConstraint,
    Text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlmodel import Field, SQLModel


class RubricVersion(SQLModel, table=True):
    """One immutable version of a rubric; a change is a new row with the next version."""

    __tablename__ = "rubric_versions"
    __table_args__ = (PrimaryKeyConstraint("rubric_id", "version"),)

    rubric_id: uuid.UUID = Field(sa_column=Column(PG_UUID(as_uuid=True), nullable=False))
    version: int = Field(sa_column=Column(Integer, nullable=False))
    owner_id: str = Field(sa_column=Column(Text, nullable=False, index=True))
    body: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class SessionRubric(SQLModel, table=True):
    """The rubric version a training session is graded against (none: the default)."""

    __tablename__ = "session_rubrics"
    __table_args__ = (
        ForeignKeyConstraint(
            ["rubric_id", "version"], ["rubric_versions.rubric_id", "rubric_versions.version"]
        ),
    )

    session_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("training_sessions.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    rubric_id: uuid.UUID = Field(sa_column=Column(PG_UUID(as_uuid=True), nullable=False))
    version: int = Field(sa_column=Column(Integer, nullable=False))


class TemplateRubric(SQLModel, table=True):
    """The rubric version groups made from a template are graded against."""

    __tablename__ = "template_rubrics"
    __table_args__ = (
        ForeignKeyConstraint(
            ["rubric_id", "version"], ["rubric_versions.rubric_id", "rubric_versions.version"]
        ),
    )

    template_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("group_templates.id", ondelete="CASCADE"), primary_key=True
        )
    )
    rubric_id: uuid.UUID = Field(sa_column=Column(PG_UUID(as_uuid=True), nullable=False))
    version: int = Field(sa_column=Column(Integer, nullable=False))


versions_table = RubricVersion.__table__  # type: ignore[attr-defined]
session_rubrics_table = SessionRubric.__table__  # type: ignore[attr-defined]
template_rubrics_table = TemplateRubric.__table__  # type: ignore[attr-defined]
