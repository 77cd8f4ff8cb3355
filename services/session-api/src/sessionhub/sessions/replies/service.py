"""The persona's replies, in libs/common's read → call → write shape: the brief is read in
a short read-only unit, the model answers outside any unit, and the answer is appended in
one write unit, so a database connection never waits on the model."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

from sse_starlette import ServerSentEvent

from sessionhub.common.auth import User
from sessionhub.common.errors import Forbidden
from sessionhub.common.llm import LLMError, ProviderResult
from sessionhub.common.sse import sse_event
from sessionhub.sessions.persona import PersonaBrief, clean_line
from sessionhub.sessions.replies.schemas import ReplyResult
from sessionhub.sessions.state import SessionsState
from sessionhub.sessions.training.repository import TrainingSessionRepository
from sessionhub.sessions.training.schemas import TranscriptLineCreate
from sessionhub.sessions.training.service import KIND, SessionClosed, can_run, training, visible


async def reply_brief(st: SessionsState, user: User, session_id: int) -> PersonaBrief:
    """What the persona needs to answer; refuses closed or foreign sessions before any
    model call or stream starts."""
    async with st.ctx.db.read_session() as db:
        repo = TrainingSessionRepository(db)
        row = visible(await repo.get(session_id), user, session_id)
        if not can_run(row, user):
            raise Forbidden("Only the trainee who owns this session can ask for a reply.")
        if row.status != "active":
            raise SessionClosed(f"{KIND} {session_id} is {row.status}; the persona has left.")
        lines = await repo.last_lines(session_id, st.settings.reply_context_lines)
    return PersonaBrief(
        row.title,
        row.scenario,
        row.persona,
        row.agent_name,
        tuple((line.speaker, line.text) for line in lines),
    )


async def _append_reply(
    st: SessionsState, user: User, session_id: int, result: ProviderResult[str]
) -> ReplyResult:
    line = TranscriptLineCreate(speaker="persona", text=result.value, timestamp=datetime.now(UTC))
    # The write unit checks the session again: it may have closed while the model spoke.
    async with st.ctx.db.session() as db:
        appended = await training.append(db, st, user, session_id, [line])
    return ReplyResult(
        id=session_id,
        line=appended.lines[0],
        source=result.provider,
        fallback_reason=result.fallback_reason,
    )


async def reply(st: SessionsState, user: User, session_id: int, brief: PersonaBrief) -> ReplyResult:
    """The persona answers ``brief`` and the answer is appended."""
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
                yield sse_event("delta", {"text": delta})
            result = ProviderResult(
                clean_line("".join(parts), st.settings.transcript_text_max_chars), "llm"
            )
        except LLMError as exc:
            if parts:
                # Half a line was already shown: appending a different one would contradict it.
                yield sse_event(
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
        yield sse_event("delta", {"text": result.value})
    # A refused append (the session closed meanwhile) ends the stream with the shared
    # final ``error`` problem event.
    yield sse_event("line", await _append_reply(st, user, session_id, result))
