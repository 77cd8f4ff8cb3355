"""Grading rules: which grader decides, and what a decision stores and publishes."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from openai import AsyncOpenAI
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.grading import SessionGradedV2, SessionGradingFailedV1
from sessionhub.common.events.catalog.sessions import (
    RubricSnapshotV2,
    SessionSnapshotV1,
    TranscriptLineV1,
)
from sessionhub.common.llm import DualProvider, RetryPolicy
from sessionhub.common.rubric import DEFAULT_RUBRIC, Rubric
from sessionhub.grader.graders.llm import LLMGrader, SessionContext
from sessionhub.grader.graders.offline import EmptyTranscriptError, OfflineGrader
from sessionhub.grader.grading.repository import GradingResultRepository
from sessionhub.grader.grading.schemas import GradeResult, GraderName, TranscriptLine
from sessionhub.grader.metrics import FALLBACKS, GRADING_DURATION
from sessionhub.grader.models import COMPLETION_KEY, GradingResult

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class GradingRequest:
    """One session to grade, from ``session.completed`` or ``session.regrade_requested``."""

    session_id: int
    user_id: str
    group_id: uuid.UUID | None
    lines: tuple[TranscriptLine, ...]
    context: SessionContext
    source_event_id: uuid.UUID
    regrade_request_id: uuid.UUID | None = None
    rubric: Rubric = DEFAULT_RUBRIC

    @property
    def key(self) -> str:
        """What makes a grading unique besides session and rubric version."""
        if self.regrade_request_id is None:
            return COMPLETION_KEY
        return f"regrade:{self.regrade_request_id}"

    @classmethod
    def from_snapshot(
        cls,
        event: SessionSnapshotV1,
        source_event_id: uuid.UUID,
        regrade_request_id: uuid.UUID | None = None,
    ) -> GradingRequest:
        return cls(
            session_id=event.session_id,
            user_id=event.user_id,
            group_id=event.group_id,
            lines=_lines(event.transcript),
            context=SessionContext(event.title, event.scenario, event.persona, event.agent_name),
            source_event_id=source_event_id,
            regrade_request_id=regrade_request_id,
            # v2 events carry the rubric the session was created with; v1 means the default
            rubric=(
                event.rubric
                if isinstance(event, RubricSnapshotV2) and event.rubric is not None
                else DEFAULT_RUBRIC
            ),
        )


def _lines(transcript: list[TranscriptLineV1]) -> tuple[TranscriptLine, ...]:
    return tuple(TranscriptLine(seq=t.seq, speaker=t.speaker, text=t.text) for t in transcript)


@dataclass(frozen=True)
class Graded:
    result: GradeResult
    grader: GraderName
    model: str | None
    fallback_reason: str | None


@dataclass(frozen=True)
class GradingFailed:
    """Neither grader produced a grade; published so the session does not stay pending."""

    reason: str
    grader: GraderName


Decision = Graded | GradingFailed


@contextmanager
def _timed(grader: GraderName) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        GRADING_DURATION.labels(grader).observe(time.perf_counter() - started)


class TranscriptGrader(DualProvider[GradingRequest, GradeResult]):
    """The LLM grader when configured, the heuristic grader whenever it cannot answer."""

    def __init__(
        self,
        client: AsyncOpenAI | None,
        *,
        model: str,
        seed: int,
        policy: RetryPolicy,
        samples: int = 1,
    ) -> None:
        super().__init__(client)
        self.model = model
        self._offline = OfflineGrader()
        self._llm = (
            LLMGrader(
                client,
                model=model,
                seed=seed,
                policy=policy,
                samples=samples,
                offline=self._offline,
            )
            if client
            else None
        )

    async def llm(self, inp: GradingRequest) -> GradeResult:
        assert self._llm is not None
        with _timed("llm"):
            return await self._llm.grade(inp.lines, inp.context, inp.rubric)

    async def offline(self, inp: GradingRequest) -> GradeResult:
        with _timed("heuristic"):
            return self._offline.grade(inp.lines, inp.rubric)

    async def decide(self, request: GradingRequest) -> Decision:
        """Grade ``request``; never raises for a transcript it cannot grade."""
        grader: GraderName = "llm" if self.llm_enabled else "heuristic"
        try:
            produced = await self.run(request)
        except EmptyTranscriptError as exc:
            return GradingFailed(f"empty_transcript: {exc}", "heuristic")
        except Exception as exc:
            # A grader bug fails this session loudly instead of retrying it into the DLQ
            # and leaving it pending: the same transcript would fail the same way.
            log.exception("grader_error", session_id=request.session_id)
            return GradingFailed(f"grader_error: {type(exc).__name__}: {exc}"[:500], grader)
        if produced.provider == "llm":
            return Graded(produced.value, "llm", self.model, None)
        reason = produced.fallback_reason or "unknown"
        FALLBACKS.labels(reason).inc()
        return Graded(produced.value, "heuristic", None, reason)


class GradingService:
    """Stores grading decisions and publishes them; never commits (the handler does)."""

    async def already_decided(self, db: AsyncSession, request: GradingRequest) -> bool:
        return await GradingResultRepository(db).exists(
            request.session_id, request.rubric.label, request.key
        )

    async def record(self, db: AsyncSession, request: GradingRequest, decision: Decision) -> bool:
        """Store ``decision`` and queue its event; False if the request was decided before."""
        now = datetime.now(UTC)
        row = GradingResult(
            session_id=request.session_id,
            rubric_version=request.rubric.label,
            request_key=request.key,
            user_id=request.user_id,
            group_id=request.group_id,
            source_event_id=request.source_event_id,
            outcome="graded" if isinstance(decision, Graded) else "failed",
            grader=decision.grader,
            decided_at=now,
        )
        if isinstance(decision, Graded):
            row.model = decision.model
            row.fallback_reason = decision.fallback_reason
            row.overall_score = decision.result.overall_score
            row.result = decision.result.model_dump(mode="json")
        else:
            row.failure_reason = decision.reason
        if not await GradingResultRepository(db).add_once(row):
            return False
        event = (
            _graded_event(request, decision, now)
            if isinstance(decision, Graded)
            else _failed_event(request, decision, now)
        )
        await outbox.add(db, event, subject=str(request.session_id))
        return True


def _graded_event(request: GradingRequest, decision: Graded, at: datetime) -> SessionGradedV2:
    result = decision.result
    return SessionGradedV2.model_validate(
        {
            **result.model_dump(
                mode="json", exclude={"rubric_id", "rubric_version", "details", "feedback"}
            ),
            "feedback": [f.model_dump(mode="json") for f in result.feedback],
            "details": [d.model_dump(mode="json") for d in result.details],
            "session_id": request.session_id,
            "user_id": request.user_id,
            "group_id": request.group_id,
            "grader": decision.grader,
            "model": decision.model,
            "rubric_id": request.rubric.id,
            "rubric_version": request.rubric.label,
            "fallback_reason": decision.fallback_reason,
            "regrade_request_id": request.regrade_request_id,
            "graded_at": at,
        }
    )


def _failed_event(
    request: GradingRequest, decision: GradingFailed, at: datetime
) -> SessionGradingFailedV1:
    return SessionGradingFailedV1(
        session_id=request.session_id,
        user_id=request.user_id,
        group_id=request.group_id,
        reason=decision.reason,
        rubric_version=request.rubric.label,
        regrade_request_id=request.regrade_request_id,
        failed_at=at,
    )


grading = GradingService()
