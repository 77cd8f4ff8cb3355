"""Response shapes of the analytics endpoints."""

from __future__ import annotations

import uuid

from sqlmodel import SQLModel

from sessionhub.common.timestamps import Timestamp
from sessionhub.sessions.training.schemas import GradingStatus, SessionStatus


class SpeakerStats(SQLModel):
    lines: int
    words: int


class CategoryScores(SQLModel):
    rapport: float | None
    discovery: float | None
    objection_handling: float | None
    closing: float | None
    overall: float | None


class SessionAnalytics(SQLModel):
    session_id: int
    status: SessionStatus
    grading_status: GradingStatus | None
    scores: CategoryScores
    feedback_strengths: list[str]
    feedback_improvements: list[str]
    virtual_earnings: float | None
    grader: str | None
    duration_seconds: int | None
    speakers: dict[str, SpeakerStats]
    talk_ratio: float | None
    trainee_questions: int


class ScorePoint(SQLModel):
    session_id: int
    overall_score: int
    graded_at: Timestamp | None


class ScoreSummary(SQLModel):
    graded_count: int
    averages: CategoryScores
    first: ScorePoint | None
    best: ScorePoint | None
    latest: ScorePoint | None
    trend: list[ScorePoint]


class UserAnalytics(ScoreSummary):
    user_id: str
    session_count: int
    sessions_by_status: dict[str, int]


class MemberRank(SQLModel):
    rank: int
    user_id: str
    sessions: int
    graded: int
    average_overall: float | None
    best_overall: int | None


class GroupAnalytics(ScoreSummary):
    group_id: uuid.UUID
    group_name: str
    session_count: int
    sessions_by_status: dict[str, int]
    ranking: list[MemberRank]
