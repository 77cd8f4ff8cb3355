"""A session's live stream: status, transcript lines as they are appended, then the grade."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sse_starlette import ServerSentEvent

from sessionhub.common.sse import sse_event
from sessionhub.sessions.grading.schemas import grade_payload, is_settled
from sessionhub.sessions.state import SessionsState
from sessionhub.sessions.training.repository import TrainingSessionRepository
from sessionhub.sessions.training.schemas import TranscriptLinePublic


async def session_events(
    st: SessionsState, session_id: int, after_seq: int
) -> AsyncIterator[ServerSentEvent]:
    """Status, transcript lines after ``after_seq``, then live updates until the grade.

    The subscription starts before the snapshot is read, so nothing falls between
    them; a line that arrives out of order or after a missed message is read back
    from the database, so the client sees every seq once and in order. The stream
    outlives the request's unit of work, so it reads through short read-only ones.
    """
    async with st.live.subscribe(session_id) as messages:
        async with st.ctx.db.read_session() as db:
            repo = TrainingSessionRepository(db)
            row = await repo.get(session_id)
            backlog = await repo.lines(session_id, after_seq=after_seq)
        if row is None:
            yield sse_event("deleted", {"id": session_id})
            return
        yield sse_event("status", {"status": row.status, "grading_status": row.grading_status})
        last = after_seq
        for line in backlog:
            yield sse_event("line", line, id=line.seq)
            last = line.seq
        if is_settled(row.grading_status):
            yield sse_event("grade", grade_payload(row))
            return
        async for message in messages:
            if message.kind == "lines":
                incoming = [TranscriptLinePublic.model_validate(x) for x in message.data["lines"]]
                if incoming and incoming[0].seq > last + 1:
                    async with st.ctx.db.read_session() as db:
                        incoming = await TrainingSessionRepository(db).lines(
                            session_id, after_seq=last, upto_seq=incoming[-1].seq
                        )
                for line in incoming:
                    if line.seq > last:
                        yield sse_event("line", line, id=line.seq)
                        last = line.seq
            elif message.kind == "status":
                yield sse_event("status", message.data)
            elif message.kind == "grade":
                yield sse_event("grade", message.data)
                if is_settled(message.data.get("grading_status")):
                    return
            elif message.kind == "deleted":
                yield sse_event("deleted", message.data)
                return
