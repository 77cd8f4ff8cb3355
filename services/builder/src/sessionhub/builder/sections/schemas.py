"""Section operations on a draft's outline."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from sessionhub.builder.drafts.schemas import LONG, MAX_TOPICS, SHORT, SectionKind
from sessionhub.common.text import SafeStr


class SectionEdit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: SafeStr | None = Field(None, max_length=SHORT)
    description: SafeStr | None = Field(None, max_length=LONG)
    duration_minutes: int | None = Field(None, ge=0, le=1_440)
    kind: SectionKind | None = None
    topic_refs: list[SafeStr] | None = Field(None, max_length=MAX_TOPICS)


class SectionAdd(BaseModel):
    """Quick add: a new section, at ``index`` (default: before the wrap-up, else last)."""

    model_config = ConfigDict(extra="forbid")

    title: SafeStr = Field(min_length=1, max_length=SHORT)
    description: SafeStr = Field("", max_length=LONG)
    duration_minutes: int = Field(10, ge=0, le=1_440)
    kind: SectionKind = "content"
    index: int | None = Field(None, ge=0)


class SectionMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to_index: int = Field(ge=0)
