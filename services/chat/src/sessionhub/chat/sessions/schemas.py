"""Request and response shapes of chat sessions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict
from sqlmodel import Field, SQLModel

from sessionhub.chat.models import ChatSessionBase


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


class BulkDeleteRequest(BaseModel):
    ids: list[UUID] = Field(min_length=1, max_length=100)


class BulkDeleteResult(BaseModel):
    deleted: list[UUID]
    not_found: list[UUID]
