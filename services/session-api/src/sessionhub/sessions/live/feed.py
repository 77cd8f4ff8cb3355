"""Live session updates fanned out through Redis pub/sub, so every API replica sees them.

Messages are published only after the transaction that caused them commits; they are
notifications, not the record: the SSE stream fills any gap from the database.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import structlog
from fastapi.encoders import jsonable_encoder
from redis.asyncio import Redis
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

log = structlog.get_logger()

_PENDING = "sessionhub.sessions.after_commit"
_tasks: set[asyncio.Task[None]] = set()


def after_commit(db: AsyncSession, action: Callable[[], Awaitable[None]]) -> None:
    """Run ``action`` once ``db`` commits; it is dropped if the transaction rolls back."""
    pending: list[Callable[[], Awaitable[None]]] | None = db.info.get(_PENDING)
    if pending is None:
        pending = db.info[_PENDING] = []
        sync_session = db.sync_session

        def on_commit(_: Any) -> None:
            loop = asyncio.get_running_loop()
            for act in db.info.pop(_PENDING, []):
                task = loop.create_task(_run(act))
                _tasks.add(task)
                task.add_done_callback(_tasks.discard)

        def on_rollback(_: Any) -> None:
            db.info.pop(_PENDING, None)

        event.listen(sync_session, "after_commit", on_commit, once=True)
        event.listen(sync_session, "after_rollback", on_rollback, once=True)
    pending.append(action)


async def _run(action: Callable[[], Awaitable[None]]) -> None:
    try:
        await action()
    except Exception as exc:  # a lost notification must never fail the request
        log.warning("live_publish_failed", error=str(exc))


@dataclass(frozen=True)
class LiveMessage:
    kind: str  # lines | status | grade | deleted
    data: dict[str, Any]


class LiveFeed:
    def __init__(self, redis: Redis, channel_prefix: str) -> None:
        self.redis = redis
        self.prefix = channel_prefix

    def channel(self, session_id: int) -> str:
        return f"{self.prefix}:{session_id}"

    async def publish(self, session_id: int, kind: str, data: Any) -> None:
        body = json.dumps({"kind": kind, "data": jsonable_encoder(data)})
        await self.redis.publish(self.channel(session_id), body)

    def publish_after_commit(self, db: AsyncSession, session_id: int, kind: str, data: Any) -> None:
        after_commit(db, lambda: self.publish(session_id, kind, data))

    @asynccontextmanager
    async def subscribe(self, session_id: int) -> AsyncIterator[AsyncIterator[LiveMessage]]:
        """Subscribe first, then yield the message iterator (callers snapshot in between)."""
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(self.channel(session_id))

        async def messages() -> AsyncIterator[LiveMessage]:
            async for raw in pubsub.listen():
                if raw.get("type") != "message":
                    continue
                body = json.loads(raw["data"])
                yield LiveMessage(body["kind"], body["data"])

        try:
            yield messages()
        finally:
            await pubsub.aclose()
