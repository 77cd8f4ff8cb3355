"""Analytics computed in code from the stored sessions and transcripts."""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.auth import User
from sessionhub.common.rubric import CATEGORIES
from sessionhub.sessions.analytics.repository import AnalyticsRepository
from sessionhub.sessions.analytics.schemas import (
    CategoryScores,
    GroupAnalytics,
    MemberRank,
    ScorePoint,
    ScoreSummary,
    SessionAnalytics,
    SpeakerStats,
    UserAnalytics,
)
from sessionhub.sessions.groups.service import groups
from sessionhub.sessions.training.repository import TrainingSessionRepository
from sessionhub.sessions.training.schemas import TranscriptLinePublic
from sessionhub.sessions.training.service import training

STATUSES = ("active", "completed", "failed")
_EPOCH = datetime.min.replace(tzinfo=UTC)
_WORD = re.compile(r"\w+(?:'\w+)?")
_QUESTION = re.compile(r"\?+")


def transcript_stats(
    lines: Sequence[TranscriptLinePublic],
) -> tuple[dict[str, SpeakerStats], float | None, int]:
    """Lines and words per speaker, the trainee's share of words, questions asked."""
    counts = {s: [0, 0] for s in ("trainee", "persona")}
    questions = 0
    for line in lines:
        counts[line.speaker][0] += 1
        counts[line.speaker][1] += len(_WORD.findall(line.text))
        if line.speaker == "trainee":
            questions += len(_QUESTION.findall(line.text))
    speakers = {s: SpeakerStats(lines=c[0], words=c[1]) for s, c in counts.items()}
    total = counts["trainee"][1] + counts["persona"][1]
    ratio = round(counts["trainee"][1] / total, 3) if total else None
    return speakers, ratio, questions


def _averages(graded: Sequence[Any]) -> CategoryScores:
    values: dict[str, float | None] = {}
    for c in CATEGORIES:
        scores = [getattr(r, f"{c}_score") for r in graded if getattr(r, f"{c}_score") is not None]
        values[c] = round(sum(scores) / len(scores), 1) if scores else None
    return CategoryScores(**values)


def _point(row: Any) -> ScorePoint:
    return ScorePoint(session_id=row.id, overall_score=row.overall_score, graded_at=row.graded_at)


def graded_order(row: Any) -> tuple[bool, datetime, int]:
    """When the grade landed (unknown first, as the oldest), then id: the order of
    ``first``, ``latest`` and ``trend``; a regrade moves a session to the end."""
    return (row.graded_at is not None, row.graded_at or _EPOCH, row.id)


def score_summary(rows: Sequence[Any], trend_window: int) -> ScoreSummary:
    """The full recomputation from every row: a group's summary, and the reference the
    incrementally maintained ``/api/analytics/me`` is tested against."""
    graded = [r for r in rows if r.grading_status == "graded" and r.overall_score is not None]
    by_time = sorted(graded, key=graded_order)
    return ScoreSummary(
        graded_count=len(graded),
        averages=_averages(graded),
        first=_point(by_time[0]) if by_time else None,
        best=_point(max(by_time, key=lambda r: r.overall_score)) if by_time else None,
        latest=_point(by_time[-1]) if by_time else None,
        trend=[_point(r) for r in by_time[-trend_window:]],
    )


def user_analytics(user_id: str, stats: Any | None, picks: Sequence[Any]) -> UserAnalytics:
    """``/api/analytics/me`` from the maintained statistics (``user_session_stats``) and
    the graded picks (``first``, ``best``, then the trend newest first)."""

    def average(category: str) -> float | None:
        count = getattr(stats, f"{category}_n") if stats is not None else 0
        return round(getattr(stats, f"{category}_sum") / count, 1) if count else None

    by_status = {s: getattr(stats, s) if stats is not None else 0 for s in STATUSES}
    first = [_point(p) for p in picks if p.pick == "first"]
    best = [_point(p) for p in picks if p.pick == "best"]
    trend = [_point(p) for p in reversed(picks) if p.pick == "trend"]
    return UserAnalytics(
        user_id=user_id,
        session_count=sum(by_status.values()),
        sessions_by_status=by_status,
        graded_count=stats.graded if stats is not None else 0,
        averages=CategoryScores(**{c: average(c) for c in CATEGORIES}),
        first=first[0] if first else None,
        best=best[0] if best else None,
        latest=trend[-1] if trend else None,
        trend=trend,
    )


def _status_counts(rows: Sequence[Any]) -> dict[str, int]:
    counts = Counter(r.status for r in rows)
    return {s: counts[s] for s in STATUSES}


def ranking(rows: Sequence[Any]) -> list[MemberRank]:
    members: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        members[row.user_id].append(row)
    entries = []
    for user_id, sessions in members.items():
        scores = [
            r.overall_score
            for r in sessions
            if r.grading_status == "graded" and r.overall_score is not None
        ]
        entries.append(
            (
                user_id,
                len(sessions),
                len(scores),
                round(sum(scores) / len(scores), 1) if scores else None,
                max(scores) if scores else None,
            )
        )
    entries.sort(key=lambda e: (e[3] is None, -(e[3] or 0), e[0]))
    return [
        MemberRank(
            rank=i + 1, user_id=u, sessions=n, graded=g, average_overall=avg, best_overall=best
        )
        for i, (u, n, g, avg, best) in enumerate(entries)
    ]


class AnalyticsService:
    async def session(self, db: AsyncSession, user: User, session_id: int) -> SessionAnalytics:
        row = await training.get_visible(db, user, session_id)
        lines = await TrainingSessionRepository(db).lines(session_id)
        speakers, ratio, questions = transcript_stats(lines)
        return SessionAnalytics(
            session_id=row.id,
            status=row.status,
            grading_status=row.grading_status,
            scores=CategoryScores(**{c: getattr(row, f"{c}_score") for c in CATEGORIES}),
            feedback_strengths=row.feedback_strengths,
            feedback_improvements=row.feedback_improvements,
            virtual_earnings=row.virtual_earnings,
            grader=row.grader,
            duration_seconds=row.duration_seconds,
            speakers=speakers,
            talk_ratio=ratio,
            trainee_questions=questions,
        )

    async def me(self, db: AsyncSession, user: User, trend_window: int) -> UserAnalytics:
        """Two index lookups, however many sessions the user has."""
        repo = AnalyticsRepository(db)
        stats = await repo.user_stats(user.id)
        picks = await repo.user_picks(user.id, trend_window)
        return user_analytics(user.id, stats, picks)

    async def group(
        self, db: AsyncSession, user: User, group_id: uuid.UUID, trend_window: int
    ) -> GroupAnalytics:
        group = await groups.get_visible(db, user, group_id)
        rows = await AnalyticsRepository(db).score_rows(group_id=group_id)
        summary = score_summary(rows, trend_window)
        return GroupAnalytics(
            **summary.model_dump(),
            group_id=group.id,
            group_name=group.name,
            session_count=len(rows),
            sessions_by_status=_status_counts(rows),
            ranking=ranking(rows),
        )


analytics = AnalyticsService()
