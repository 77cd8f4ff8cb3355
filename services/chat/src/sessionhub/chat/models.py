"""The chat tables; each domain's ``schemas`` derive the API shapes from the ``XBase`` here.

``metadata`` is a reserved attribute on SQLModel classes, so the field is ``meta`` in
Python and ``metadata`` on the wire and in the database.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast

from pydantic import ConfigDict
from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Table, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlmodel import Field, SQLModel

# --------------------------------------------------------------------------- sessions


class ChatSessionBase(SQLModel):
    model_config = ConfigDict(populate_by_name=True)  # type: ignore[assignment]

    title: str | None = Field(None, max_length=200)
    helper: str | None = Field(None, max_length=100)
    project_id: str | None = Field(None, max_length=200)
    meta: dict[str, Any] = Field(default_factory=dict, alias="metadata")


class ChatSession(ChatSessionBase, table=True):
    __tablename__ = "chat_sessions"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: str = Field(sa_column=Column(Text, nullable=False))
    persona: str = Field(sa_column=Column(Text, nullable=False))
    meta: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column("metadata", JSONB, nullable=False)
    )
    pinned: bool = False
    archived: bool = False
    tags: list[str] = Field(default_factory=list, sa_column=Column(ARRAY(Text), nullable=False))
    message_count: int = 0
    last_message_preview: str | None = None
    # Highest persisted seq (any role / with a preview): batches may land in any order.
    last_seq: int = Field(0, sa_column=Column(BigInteger, nullable=False))
    preview_seq: int = Field(0, sa_column=Column(BigInteger, nullable=False))
    # Messages at or below this seq were cleared; in-flight ones are dropped on arrival.
    cleared_seq: int = Field(0, sa_column=Column(BigInteger, nullable=False))
    last_activity_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    expires_at: datetime | None = Field(None, sa_column=Column(DateTime(timezone=True)))


class ChatSessionTag(SQLModel, table=True):
    """One tag of one session, kept level with ``chat_sessions`` by triggers (0004):
    a tagged page is read newest first from an index led by owner and tag."""

    __tablename__ = "chat_session_tags"

    session_id: uuid.UUID = Field(
        sa_column=Column(
            UUID(as_uuid=True),
            ForeignKey("chat_sessions.id", ondelete="CASCADE"),
            primary_key=True,
        )
    )
    tag: str = Field(sa_column=Column(Text, primary_key=True))
    user_id: str = Field(sa_column=Column(Text, nullable=False))
    last_activity_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


# --------------------------------------------------------------------------- messages


class ChatMessageBase(SQLModel):
    model_config = ConfigDict(populate_by_name=True)  # type: ignore[assignment]

    content: str = ""
    tool_call_id: str | None = Field(None, max_length=200)
    meta: dict[str, Any] = Field(default_factory=dict, alias="metadata")


class ChatMessage(ChatMessageBase, table=True):
    __tablename__ = "chat_messages"

    id: uuid.UUID = Field(primary_key=True)
    session_id: uuid.UUID = Field(
        sa_column=Column(
            UUID(as_uuid=True),
            ForeignKey("chat_sessions.id", ondelete="CASCADE"),
            nullable=False,
        )
    )
    # The session's owner, copied so searches narrow by owner and term in one index.
    user_id: str = Field(sa_column=Column(Text, nullable=False))
    seq: int = Field(sa_column=Column(BigInteger, nullable=False))
    role: str = Field(sa_column=Column(Text, nullable=False))
    tool_calls: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False)
    )
    parent_id: uuid.UUID | None = Field(None, sa_column=Column(UUID(as_uuid=True)))
    meta: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column("metadata", JSONB, nullable=False)
    )
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


# Core handles for the repositories, which write SQL rather than ORM objects.
chat_session_table = cast(Table, ChatSession.__table__)  # type: ignore[attr-defined]
chat_message_table = cast(Table, ChatMessage.__table__)  # type: ignore[attr-defined]
chat_session_tag_table = cast(Table, ChatSessionTag.__table__)  # type: ignore[attr-defined]
