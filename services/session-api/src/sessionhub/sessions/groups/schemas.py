"""Request and response shapes of /api/groups."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import ConfigDict
from sqlmodel import Field, SQLModel

from sessionhub.common.rubric import with_score_fields
from sessionhub.common.text import SafeStr
from sessionhub.sessions.models import (
    AGENT_MAX,
    PERSONA_MAX,
    SCENARIO_MAX,
    TITLE_MAX,
    TrainingSessionBase,
)
from sessionhub.sessions.rubrics.schemas import RubricRef, RubricSummary
from sessionhub.sessions.training.schemas import GradingStatus, SessionStatus

NAME_MAX = 200


class _Strict(SQLModel):
    model_config = ConfigDict(extra="forbid")  # type: ignore[assignment]


class SessionConfig(_Strict):
    """One session of a group, as a single creation would take it."""

    title: SafeStr = Field(min_length=1, max_length=TITLE_MAX)
    scenario: SafeStr = Field(min_length=1, max_length=SCENARIO_MAX)
    persona: SafeStr = Field(min_length=1, max_length=PERSONA_MAX)
    agent_name: SafeStr | None = Field(default=None, min_length=1, max_length=AGENT_MAX)
    assignee_user_id: SafeStr | None = Field(
        default=None, min_length=1, max_length=200, description="Managers only: the trainee."
    )

    def resolved(self) -> TrainingSessionBase:
        return TrainingSessionBase(
            title=self.title,
            scenario=self.scenario,
            persona=self.persona,
            agent_name=self.agent_name or self.persona[:AGENT_MAX],
        )


class GroupCreate(_Strict):
    group_name: SafeStr | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    # Items are validated one by one, so one bad configuration fails only itself.
    sessions: list[Any] = Field(min_length=1)
    rubric: RubricRef | None = Field(
        default=None, description="Grade every session of the group against this rubric (yours)."
    )


class GroupImport(GroupCreate):
    format: Literal["sessionhub.group.v1"] = "sessionhub.group.v1"


class GroupFromTemplate(_Strict):
    group_name: SafeStr | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    rubric: RubricRef | None = Field(
        default=None, description="Grade every session of the group against this rubric (yours)."
    )


class GroupUpdate(_Strict):
    group_name: SafeStr = Field(min_length=1, max_length=NAME_MAX)


class CreatedSession(SQLModel):
    index: int
    id: int


class SessionError(SQLModel):
    index: int
    detail: str


class GroupCreateResult(SQLModel):
    success: bool
    message: str
    group_id: uuid.UUID
    group_name: str
    created_count: int
    failed_count: int
    sessions: list[CreatedSession]
    errors: list[SessionError]


class GroupSummary(SQLModel):
    id: uuid.UUID
    group_name: str
    created_by: str
    session_count: int
    created_at: datetime
    graded: bool


@with_score_fields(nullable=True)
class GroupMemberSession(SQLModel):
    id: int
    user_id: str
    title: str
    status: SessionStatus
    grading_status: GradingStatus | None


class GroupProgress(SQLModel):
    total: int
    completed: int
    graded: int
    percent_completed: float
    percent_graded: float


class GroupDetail(SQLModel):
    id: uuid.UUID
    group_name: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    sessions: list[GroupMemberSession]
    counts: dict[str, int]
    grading_counts: dict[str, int]
    progress: GroupProgress
    group_feedback: dict[str, Any] | None


class SessionCompletion(SQLModel):
    session_id: int
    outcome: Literal["completed", "already_completed", "skipped", "failed"]
    detail: str | None = None


class GroupCompleteResult(SQLModel):
    group_id: uuid.UUID
    completed_count: int
    results: list[SessionCompletion]


class TemplateCreate(_Strict):
    name: SafeStr = Field(min_length=1, max_length=NAME_MAX)
    rubric: RubricRef | None = Field(
        default=None, description="Groups made from the template are graded against it."
    )


class TemplatePublic(SQLModel):
    id: int
    name: str
    sessions: list[SessionConfig]
    rubric: RubricSummary | None = Field(
        default=None, description="Groups made from it are graded against this; None: default."
    )
    created_at: datetime


class GroupExport(SQLModel):
    format: Literal["sessionhub.group.v1"] = "sessionhub.group.v1"
    group_name: str
    sessions: list[SessionConfig]
