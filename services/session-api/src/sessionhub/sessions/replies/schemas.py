"""Response shape of POST /api/training-sessions/{id}/reply."""

from __future__ import annotations

from typing import Literal

from sqlmodel import SQLModel

from sessionhub.sessions.training.schemas import TranscriptLinePublic


class ReplyResult(SQLModel):
    id: int
    line: TranscriptLinePublic
    source: Literal["llm", "offline"]
    fallback_reason: str | None = None
