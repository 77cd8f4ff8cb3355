"""Request and response shapes that are not table models."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from sessionhub.chat.models import ChatMessagePublic
from sessionhub.chat.personas import PersonaPublic


class PersonaList(BaseModel):
    data: list[PersonaPublic]


class PostedMessages(BaseModel):
    message: ChatMessagePublic = Field(description="The message as accepted, with its seq.")
    reply: ChatMessagePublic | None = Field(
        None, description="The assistant reply; null when respond was false or on a replay."
    )
    reply_error: str | None = Field(
        None,
        description="Why no reply could be stored; POST …/regenerate answers the message.",
    )


class BulkDeleteRequest(BaseModel):
    ids: list[UUID] = Field(min_length=1, max_length=100)


class BulkDeleteResult(BaseModel):
    deleted: list[UUID]
    not_found: list[UUID]


class SearchHit(BaseModel):
    session_id: UUID
    session_title: str | None
    kind: Literal["title", "message"]
    message_id: UUID | None
    seq: int | None
    role: str | None
    snippet: str = Field(description="Matching text; matches are wrapped in <mark>…</mark>.")
    rank: float
    at: datetime = Field(description="When the message was posted, or the session last active.")
