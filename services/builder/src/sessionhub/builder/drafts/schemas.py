"""The draft document (the seed's ``SessionDraftData``) and what the API answers.

Incoming documents and patches are validated strictly (wrong types, unknown fields,
unknown enum values and oversized values are a 422); a draft may still be incomplete,
so every field of the document is optional and completeness is reported, not enforced.
"""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sessionhub.common.db import INT4_MAX
from sessionhub.common.text import SAFE_JSON_MAX_NUMBER, SafeStr, check_text
from sessionhub.common.timestamps import Timestamp

SessionType = Literal["event", "training", "workshop", "webinar"]
DraftStatus = Literal["draft", "published", "archived"]
SectionKind = Literal["opening", "content", "activity", "discussion", "break", "wrap_up"]

MAX_SECTIONS = 200
MAX_TOPICS = 20
SHORT = 200
LONG = 4_000


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Optional text: the lengths come before the text check inside the ``Annotated``, so
# pydantic-core checks them on the string itself; on ``SafeStr | None`` they would run
# as Python validators, twice per string of every save.
ShortText = Annotated[str, Field(max_length=SHORT), AfterValidator(check_text)]
LongText = Annotated[str, Field(max_length=LONG), AfterValidator(check_text)]
ZoneName = Annotated[str, Field(max_length=64), AfterValidator(check_text)]
SectionId = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(check_text)]


class Topic(Strict):
    title: SafeStr = Field(min_length=1, max_length=SHORT)
    description: LongText | None = None
    durationMinutes: int = Field(ge=0, le=1_440)


class SessionMetadata(Strict):
    """The seed's ``SessionMetadata``; names kept as the front end already sends them."""

    title: ShortText | None = None
    sessionType: SessionType | None = None
    category: ShortText | None = None
    desiredOutcome: LongText | None = None
    currentProblem: LongText | None = None
    specificTopics: LongText | None = None
    startDate: date | None = None
    startTime: time | None = None
    endTime: time | None = None
    timezone: ZoneName | None = None
    location: ShortText | None = None
    locationId: int | None = Field(None, ge=1, le=INT4_MAX)
    audienceId: int | None = Field(None, ge=1, le=INT4_MAX)
    audienceName: ShortText | None = None
    toneId: int | None = Field(None, ge=1, le=INT4_MAX)
    toneName: ShortText | None = None
    # More than three is reported as a validation issue; beyond this it is oversized.
    topics: list[Topic] | None = Field(None, max_length=MAX_TOPICS)


class SourceRef(Strict):
    document_id: uuid.UUID
    chunk_id: int = Field(ge=1, le=SAFE_JSON_MAX_NUMBER)


class Section(Strict):
    id: SectionId | None = None
    title: SafeStr = Field("", max_length=SHORT)
    description: SafeStr = Field("", max_length=LONG)
    duration_minutes: int = Field(0, ge=0, le=1_440)
    kind: SectionKind = "content"
    topic_refs: list[str] = Field(default_factory=list, max_length=MAX_TOPICS)
    source_refs: list[SourceRef] = Field(default_factory=list, max_length=50)


class Outline(Strict):
    """The seed's ``SessionOutline``; ``sections`` is replaced whole by a merge patch."""

    sections: list[Section] = Field(default_factory=list, max_length=MAX_SECTIONS)
    summary: LongText | None = None


class DraftDocument(Strict):
    """What autosave edits: a JSON Merge Patch (RFC 7396) of this object.

    ``null`` removes a member; arrays (``topics``, ``sections``) are replaced whole.
    """

    metadata: SessionMetadata | None = None
    outline: Outline | None = None
    ai_prompt: LongText | None = None
    selected_version_id: uuid.UUID | None = None


class Issue(BaseModel):
    field: str
    code: str
    message: str


class CheckItem(BaseModel):
    key: str
    label: str
    passed: bool
    weight: int
    message: str


class Readiness(BaseModel):
    score: int = Field(ge=0, le=100)
    threshold: int
    ready: bool
    checklist: list[CheckItem]


class VersionSummary(BaseModel):
    id: uuid.UUID
    label: str
    persona: str | None
    provider: str
    generation_id: uuid.UUID | None
    created_at: Timestamp


class DraftPublic(BaseModel):
    id: uuid.UUID
    owner_id: str
    status: DraftStatus
    revision: int
    metadata: SessionMetadata
    outline: Outline | None
    ai_prompt: str
    ai_versions: list[VersionSummary]
    accepted_version_id: uuid.UUID | None
    selected_version_id: uuid.UUID | None
    readiness: Readiness
    validation: list[Issue]
    last_autosave_at: Timestamp | None
    published_session_id: uuid.UUID | None
    published_revision: int | None
    created_at: Timestamp
    updated_at: Timestamp


class DraftSaved(BaseModel):
    """What autosave answers: the new revision and what the front end shows inline.

    Not the whole draft: the client already holds what it sent, and echoing a long
    outline back on every save cost more than the save itself.
    """

    id: uuid.UUID
    revision: int
    validation: list[Issue]
    readiness: Readiness
    last_autosave_at: Timestamp
    updated_at: Timestamp


class DraftSummary(BaseModel):
    id: uuid.UUID
    status: DraftStatus
    revision: int
    title: str | None
    session_type: SessionType | None
    readiness_score: int
    published_session_id: uuid.UUID | None
    last_autosave_at: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp


class SnapshotPublic(BaseModel):
    revision: int
    created_at: Timestamp
    restores: int | None = Field(
        description="The revision this one restored, when it was made by undo."
    )
    title: str | None
    sections: int


class UndoRequest(Strict):
    to_revision: int | None = Field(
        None, ge=1, description="Restore this snapshot; default: the one before the current."
    )
