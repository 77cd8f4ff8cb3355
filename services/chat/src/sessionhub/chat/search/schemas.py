"""Response shapes of chat search."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from sessionhub.common.timestamps import Timestamp


class SearchHit(BaseModel):
    session_id: UUID
    session_title: str | None
    kind: Literal["title", "message"]
    message_id: UUID | None
    seq: int | None
    role: str | None
    snippet: str = Field(description="Matching text; matches are wrapped in <mark>…</mark>.")
    rank: float
    at: Timestamp = Field(description="When the message was posted, or the session last active.")
