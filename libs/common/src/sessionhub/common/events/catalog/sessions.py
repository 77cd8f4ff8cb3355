"""Contracts published by session-api (training sessions and groups)."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, Field

from sessionhub.common.events.registry import Event, event
from sessionhub.common.rubric import Rubric
from sessionhub.common.timestamps import Timestamp

PRODUCER = "session-api"


# The envelope ``subject`` of every session-api event names the resource it is about.
TRAINING_SESSION_SUBJECT_PREFIX = "training-session/"


def training_session_subject(session_id: int) -> str:
    """``training-session/<id>``: session.created, .completed, .regrade_requested."""
    return f"{TRAINING_SESSION_SUBJECT_PREFIX}{session_id}"


def group_subject(group_id: UUID) -> str:
    """``group/<id>``: group.created, group.graded."""
    return f"group/{group_id}"


class TranscriptLineV1(BaseModel):
    seq: int = Field(description="Server-assigned position in the transcript, from 1.")
    speaker: Literal["trainee", "persona"]
    text: str
    timestamp: Timestamp | None = Field(None, description="Client timestamp, when given.")


class SessionRefV1(BaseModel):
    session_id: int
    user_id: str
    group_id: UUID | None = None


@event("session.created", version=1, producer=PRODUCER)
class SessionCreatedV1(Event, SessionRefV1):
    """A training session was started; its opening line is the first transcript line."""

    title: str
    scenario: str
    persona: str
    agent_name: str
    created_at: Timestamp


class SessionSnapshotV1(SessionRefV1):
    """What a grader needs of a session: its setting and the whole transcript."""

    title: str
    scenario: str
    persona: str
    agent_name: str
    transcript: list[TranscriptLineV1]


@event("session.completed", version=1, producer=PRODUCER)
class SessionCompletedV1(Event, SessionSnapshotV1):
    """A training session ended and awaits grading; carries the whole transcript."""

    started_at: Timestamp
    ended_at: Timestamp
    duration_seconds: int


@event("session.regrade_requested", version=1, producer=PRODUCER)
class SessionRegradeRequestedV1(Event, SessionSnapshotV1):
    """The owner or a manager asked for a fresh grade of a completed session."""

    requested_by: str
    request_id: UUID = Field(description="Distinguishes one regrade request from another.")


class RubricSnapshotV2(SessionSnapshotV1):
    rubric: Rubric | None = Field(
        None,
        description="The exact rubric version the session is graded against; None means the "
        "grader's default rubric.",
    )


@event("session.completed", version=2, producer=PRODUCER)
class SessionCompletedV2(Event, RubricSnapshotV2):
    """v1 plus the rubric the session is graded against."""

    started_at: Timestamp
    ended_at: Timestamp
    duration_seconds: int


@event("session.regrade_requested", version=2, producer=PRODUCER)
class SessionRegradeRequestedV2(Event, RubricSnapshotV2):
    """v1 plus the rubric the session is graded against."""

    requested_by: str
    request_id: UUID = Field(description="Distinguishes one regrade request from another.")


@event("group.created", version=1, producer=PRODUCER)
class GroupCreatedV1(Event):
    """A group of training sessions was created in bulk."""

    group_id: UUID
    group_name: str
    created_by: str
    session_ids: list[int]


class CategoryAveragesV1(BaseModel):
    rapport: float
    discovery: float
    objection_handling: float
    closing: float
    overall: float


class SessionScoreRefV1(BaseModel):
    session_id: int
    user_id: str
    overall_score: int


@event("group.graded", version=1, producer=PRODUCER)
class GroupGradedV1(Event):
    """Every session of a group has been graded; carries the group feedback."""

    group_id: UUID
    group_name: str
    created_by: str
    session_count: int
    averages: CategoryAveragesV1
    best_session: SessionScoreRefV1
    weakest_session: SessionScoreRefV1
    common_strengths: list[str]
    common_improvements: list[str]
