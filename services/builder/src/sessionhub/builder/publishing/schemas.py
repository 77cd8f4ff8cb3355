"""Published sessions and their immutable, numbered content versions."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel

from sessionhub.builder.drafts.schemas import Outline, Readiness
from sessionhub.common.timestamps import Timestamp


class PublishResult(BaseModel):
    session_id: uuid.UUID
    content_version: int
    draft_revision: int
    readiness: Readiness
    created: bool
    """False when this revision was already published (the call is idempotent)."""


class ContentVersionPublic(BaseModel):
    version: int
    draft_revision: int
    outline: Outline
    accepted_version_id: uuid.UUID | None
    readiness_score: int
    published_by: str
    published_at: Timestamp


class PublishedSessionPublic(BaseModel):
    id: uuid.UUID
    draft_id: uuid.UUID
    owner_id: str
    title: str
    session_type: str
    category: str
    metadata: dict[str, Any]
    starts_at: Timestamp | None
    ends_at: Timestamp | None
    timezone: str | None
    audience_id: int | None
    audience_name: str | None
    location: str | None
    current_version: int
    status: str
    published_at: Timestamp
    updated_at: Timestamp


class PublishedSessionDetail(PublishedSessionPublic):
    content: ContentVersionPublic
