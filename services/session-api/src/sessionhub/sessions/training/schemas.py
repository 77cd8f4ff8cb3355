"""Request and response shapes of /api/training-sessions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, field_validator, model_validator
from sqlmodel import Field

from sessionhub.common.rubric import with_score_fields
from sessionhub.common.text import SafeStr
from sessionhub.common.timestamps import Timestamp
from sessionhub.sessions.grading.schemas import GradeReport
from sessionhub.sessions.models import (
    AGENT_MAX,
    PERSONA_MAX,
    SCENARIO_MAX,
    TITLE_MAX,
)
from sessionhub.sessions.models import TrainingSessionBase as TrainingSessionBase
from sessionhub.sessions.persona import DEFAULT_SCENARIO
from sessionhub.sessions.rubrics.schemas import RubricRef

Speaker = Literal["trainee", "persona"]
SessionStatus = Literal["active", "completed", "failed"]
GradingStatus = Literal["pending", "graded", "failed"]

SPEAKER_SYNONYMS = {
    "trainee": "trainee",
    "user": "trainee",
    "persona": "persona",
    "agent": "persona",
    "ai": "persona",
}


def _canonical_speaker(value: Any) -> Any:
    if isinstance(value, str):
        return SPEAKER_SYNONYMS.get(value.strip().lower(), value)
    return value


# A session lasts at most a week (the cap on a duration the client gives).
MAX_DURATION_S = 7 * 24 * 3600


# The shapes that are no table are plain Pydantic models: SQLModel's own __new__ and
# __init__ cost 3-7x Pydantic's to build one (an append validated one body and built
# two responses that way, 20 us of its CPU).
class _Strict(BaseModel):
    # Unknown fields are a client bug worth reporting, not something to drop silently.
    model_config = ConfigDict(extra="forbid")


class TranscriptLineCreate(_Strict):
    speaker: Annotated[
        Speaker,
        BeforeValidator(_canonical_speaker),
        Field(description="trainee or persona (synonyms: user; agent, ai)."),
    ]
    text: SafeStr = Field(min_length=1, description="The spoken line; capped by the server.")
    timestamp: datetime | None = Field(
        default=None,
        description="When the line was spoken, by the client's clock, with its zone (`Z` or "
        "an offset); within the server's accepted window around its own time. Informational: "
        "durations use the server's clock.",
    )

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be blank")
        return value

    @field_validator("timestamp")
    @classmethod
    def _zoned_utc(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        # Without a zone the instant is unknown: guessing UTC would shift it by hours.
        if value.tzinfo is None:
            raise ValueError("timestamp needs a zone, e.g. 2025-01-02T10:00:00Z")
        try:
            return value.astimezone(UTC)
        except OverflowError:  # e.g. 9999-12-31T23:59:59-23:59 lies past year 9999 in UTC
            raise ValueError("timestamp is out of range") from None


class TranscriptLinePublic(BaseModel):
    seq: int
    speaker: Speaker
    text: str
    timestamp: Timestamp | None = None


class TrainingSessionCreate(_Strict):
    agent_name: SafeStr = Field(min_length=1, max_length=AGENT_MAX)
    agent_id: SafeStr | None = Field(default=None, max_length=AGENT_MAX)
    title: SafeStr | None = Field(default=None, min_length=1, max_length=TITLE_MAX)
    scenario: SafeStr | None = Field(default=None, min_length=1, max_length=SCENARIO_MAX)
    persona: SafeStr | None = Field(default=None, min_length=1, max_length=PERSONA_MAX)
    rubric: RubricRef | None = Field(
        default=None, description="Grade against this rubric (yours) instead of the default."
    )

    def resolved(self) -> TrainingSessionBase:
        """The stored configuration, with defaults for what the caller left out."""
        return TrainingSessionBase(
            title=self.title or f"Training with {self.agent_name}",
            scenario=self.scenario or DEFAULT_SCENARIO,
            persona=self.persona or self.agent_name,
            agent_name=self.agent_name,
            agent_id=self.agent_id,
        )


class TrainingSessionUpdate(_Strict):
    """PATCH body: append one line (the seed's shape) and/or rename."""

    transcript_line: TranscriptLineCreate | None = None
    title: SafeStr | None = Field(default=None, min_length=1, max_length=TITLE_MAX)

    @model_validator(mode="after")
    def _something(self) -> TrainingSessionUpdate:
        if self.transcript_line is None and self.title is None:
            raise ValueError("send transcript_line or title")
        return self


class TranscriptBatch(_Strict):
    lines: list[TranscriptLineCreate] = Field(min_length=1)


class CompleteRequest(_Strict):
    duration_seconds: int | None = Field(default=None, ge=0, le=MAX_DURATION_S)


class TrainingSessionCreated(BaseModel):
    id: int
    status: SessionStatus
    opening_message: str
    opening_source: Literal["llm", "offline"]


@with_score_fields(nullable=True)
class TrainingSessionSummary(TrainingSessionBase):
    id: int
    user_id: str
    group_id: uuid.UUID | None
    status: SessionStatus
    started_at: Timestamp
    ended_at: Timestamp | None
    duration_seconds: int | None
    line_count: int
    grading_status: GradingStatus | None
    feedback_strengths: list[str]
    feedback_improvements: list[str]
    virtual_earnings: float | None
    grader: str | None
    graded_at: Timestamp | None
    grading_error: str | None
    created_at: Timestamp


class TrainingSessionPublic(TrainingSessionSummary):
    transcript: list[TranscriptLinePublic]
    grade_report: GradeReport | None = Field(
        default=None, description="How the grade was made, check by check; None until graded."
    )


class AppendResult(BaseModel):
    id: int
    lines: list[TranscriptLinePublic]


class CompletionResult(BaseModel):
    id: int
    status: SessionStatus
    redirect_to: str


class RegradeAccepted(BaseModel):
    id: int
    grading_status: GradingStatus
    request_id: uuid.UUID
