"""Flows that span units of work: persona replies (LLM outside any transaction) and the
live event stream of a session."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from fastapi.encoders import jsonable_encoder
from sse_starlette import ServerSentEvent

from sessionhub.common.auth import User
from sessionhub.common.errors import AppError
from sessionhub.common.llm import LLMError, ProviderResult
from sessionhub.sessions.persona import PersonaBrief, clean_line
from sessionhub.sessions.state import SessionsState
from sessionhub.sessions.training.repository import TrainingSessionRepository
from sessionhub.sessions.training.schemas import (
    ReplyResult,
    TranscriptLineCreate,
    TranscriptLinePublic,
)
from sessionhub.sessions.training.service import training

GRADE_FIELDS = (
    "grading_status",
    "rapport_score",
    "discovery_score",
    "objection_handling_score",
    "closing_score",
    "overall_score",
    "feedback_strengths",
    "feedback_improvements",
    "virtual_earnings",
    "grader",
    "graded_at",
    "grading_error",
)


def sse(event: str, data: Any, event_id: str | None = None) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps(jsonable_encoder(data)), event=event, id=event_id)


async def _append_reply(
    st: SessionsState, user: User, session_id: int, result: ProviderResult[str]
) -> ReplyResult:
    line = TranscriptLineCreate(speaker="persona", text=result.value, timestamp=datetime.now(UTC))
    async with st.ctx.db.session() as session:
        appended = await training.append(session, st, user, session_id, [line])
    return ReplyResult(
        id=session_id,
        line=appended.lines[0],
        source=result.provider,
        fallback_reason=result.fallback_reason,
    )


async def reply(st: SessionsState, user: User, session_id: int) -> ReplyResult:
    """The persona answers and the answer is appended; no transaction spans the LLM call."""
    async with st.ctx.db.read_session() as session:
        brief = await training.reply_brief(session, st, user, session_id)
    return await _append_reply(st, user, session_id, await st.reply.run(brief))


async def stream_reply(
    st: SessionsState, user: User, session_id: int, brief: PersonaBrief
) -> AsyncIterator[ServerSentEvent]:
    """``delta`` events as the persona speaks, then the appended ``line`` (or ``error``)."""
    parts: list[str] = []
    result: ProviderResult[str] | None = None
    reason = "not_configured"
    if st.reply.llm_enabled:
        try:
            async for delta in st.reply.llm_stream(brief):
                parts.append(delta)
                yield sse("delta", {"text": delta})
            result = ProviderResult(
                clean_line("".join(parts), st.settings.transcript_text_max_chars), "llm"
            )
        except LLMError as exc:
            if parts:
                # Half a line was already shown: appending a different one would contradict it.
                yield sse(
                    "error",
                    {
                        "status": 502,
                        "detail": "The persona's reply broke off; nothing was "
                        "appended. Ask for a reply again.",
                    },
                )
                return
            reason = exc.reason
    if result is None:
        result = ProviderResult(await st.reply.offline(brief), "offline", reason)
        yield sse("delta", {"text": result.value})
    try:
        appended = await _append_reply(st, user, session_id, result)
    except AppError as exc:
        yield sse("error", {"status": exc.status_code, "detail": exc.message})
        return
    yield sse("line", appended)


def grade_payload(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in GRADE_FIELDS}


def _is_settled(grading_status: str | None) -> bool:
    return grading_status in ("graded", "failed")


async def session_events(
    st: SessionsState, session_id: int, after_seq: int
) -> AsyncIterator[ServerSentEvent]:
    """Status, transcript lines after ``after_seq``, then live updates until the grade.

    The subscription starts before the snapshot is read, so nothing falls between
    them; a line that arrives out of order or after a missed message is read back
    from the database, so the client sees every seq once and in order.
    """
    async with st.live.subscribe(session_id) as messages:
        async with st.ctx.db.read_session() as session:
            repo = TrainingSessionRepository(session)
            row = await repo.get(session_id)
            backlog = await repo.lines(session_id, after_seq=after_seq)
        if row is None:
            yield sse("deleted", {"id": session_id})
            return
        yield sse("status", {"status": row.status, "grading_status": row.grading_status})
        last = after_seq
        for line in backlog:
            yield sse("line", line, str(line.seq))
            last = line.seq
        if _is_settled(row.grading_status):
            yield sse("grade", grade_payload(row))
            return
        async for message in messages:
            if message.kind == "lines":
                incoming = [TranscriptLinePublic.model_validate(x) for x in message.data["lines"]]
                if incoming and incoming[0].seq > last + 1:
                    async with st.ctx.db.read_session() as session:
                        incoming = await TrainingSessionRepository(session).lines(
                            session_id, after_seq=last, upto_seq=incoming[-1].seq
                        )
                for line in incoming:
                    if line.seq > last:
                        yield sse("line", line, str(line.seq))
                        last = line.seq
            elif message.kind == "status":
                yield sse("status", message.data)
            elif message.kind == "grade":
                yield sse("grade", message.data)
                if _is_settled(message.data.get("grading_status")):
                    return
            elif message.kind == "deleted":
                yield sse("deleted", message.data)
                return
