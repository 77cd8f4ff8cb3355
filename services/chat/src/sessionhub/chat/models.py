"""SQLModel tables and their API shapes: ``XBase`` → ``XCreate``/``XUpdate``/table/``XPublic``.

``metadata`` is a reserved attribute on SQLModel classes, so the field is ``meta`` in
Python and ``metadata`` on the wire and in the database.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlmodel import Field, SQLModel

Role = Literal["user", "assistant", "tool", "system"]


class ToolCall(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    type: Literal["function"] = "function"
    name: str = Field(min_length=1, max_length=200)
    arguments: str = Field("{}", description="JSON-encoded arguments, as the model produced them.")


# --------------------------------------------------------------------------- sessions


class ChatSessionBase(SQLModel):
    model_config = ConfigDict(populate_by_name=True)  # type: ignore[assignment]

    title: str | None = Field(None, max_length=200)
    helper: str | None = Field(None, max_length=100)
    project_id: str | None = Field(None, max_length=200)
    meta: dict[str, Any] = Field(default_factory=dict, alias="metadata")


class ChatSessionCreate(ChatSessionBase):
    persona: str = Field("default", max_length=100)
    ttl_seconds: int | None = Field(
        None, ge=1, le=90 * 24 * 3600, description="Makes an ephemeral session that expires."
    )


class ChatSessionUpdate(SQLModel):
    model_config = ConfigDict(populate_by_name=True)  # type: ignore[assignment]

    title: str | None = Field(None, min_length=1, max_length=200)
    pinned: bool | None = None
    archived: bool | None = None
    tags: list[str] | None = Field(None, max_length=20)
    meta: dict[str, Any] | None = Field(None, alias="metadata")


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


class ChatSessionPublic(ChatSessionBase):
    id: uuid.UUID
    persona: str
    pinned: bool
    archived: bool
    tags: list[str]
    message_count: int
    last_message_preview: str | None
    last_activity_at: datetime
    created_at: datetime
    updated_at: datetime
    expires_at: datetime | None


# --------------------------------------------------------------------------- messages


class ChatMessageBase(SQLModel):
    model_config = ConfigDict(populate_by_name=True)  # type: ignore[assignment]

    content: str = ""
    tool_call_id: str | None = Field(None, max_length=200)
    meta: dict[str, Any] = Field(default_factory=dict, alias="metadata")


class ChatMessageCreate(ChatMessageBase):
    role: Literal["user", "tool"] = "user"
    client_message_id: str | None = Field(
        None, min_length=1, max_length=200, description="Retry-safe id chosen by the client."
    )
    respond: bool = Field(
        True,
        description="Generate the assistant reply. Send false for all but the last of "
        "several tool results, or to store a message without a reply.",
    )


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


class ChatMessagePublic(ChatMessageBase):
    id: uuid.UUID
    session_id: uuid.UUID
    seq: int
    role: Role
    tool_calls: list[ToolCall] = Field(default_factory=list)
    parent_id: uuid.UUID | None = None
    created_at: datetime
