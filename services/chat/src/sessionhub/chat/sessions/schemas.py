"""Request and response shapes of chat sessions."""

from __future__ import annotations

import uuid
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, StringConstraints
from sqlmodel import Field, SQLModel

from sessionhub.chat.models import ChatSessionBase
from sessionhub.chat.text import SafeObject
from sessionhub.common.text import SafeStr
from sessionhub.common.timestamps import Timestamp

# Requests refuse unknown fields (as session-api does) and take the wire names only.
STRICT = ConfigDict(extra="forbid", populate_by_name=False)


class ChatSessionCreate(ChatSessionBase):
    model_config = STRICT

    title: SafeStr | None = Field(None, max_length=200)
    helper: SafeStr | None = Field(None, max_length=100)
    project_id: SafeStr | None = Field(None, max_length=200)
    meta: SafeObject = Field(default_factory=dict, alias="metadata")
    persona: SafeStr = Field("default", max_length=100)
    ttl_seconds: int | None = Field(
        None, ge=1, le=90 * 24 * 3600, description="Makes an ephemeral session that expires."
    )


class ChatSessionUpdate(SQLModel):
    model_config = STRICT  # type: ignore[assignment]

    title: SafeStr | None = Field(None, min_length=1, max_length=200)
    pinned: bool | None = None
    archived: bool | None = None
    tags: list[Annotated[SafeStr, StringConstraints(max_length=100)]] | None = Field(
        None, max_length=20
    )
    meta: SafeObject | None = Field(None, alias="metadata")


class ChatSessionPublic(ChatSessionBase):
    id: uuid.UUID
    persona: str
    pinned: bool
    archived: bool
    tags: list[str]
    message_count: int
    last_message_preview: str | None
    last_activity_at: Timestamp
    created_at: Timestamp
    updated_at: Timestamp
    expires_at: Timestamp | None


class BulkDeleteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[UUID] = Field(min_length=1, max_length=100)


class BulkDeleteResult(BaseModel):
    deleted: list[UUID]
    not_found: list[UUID]
