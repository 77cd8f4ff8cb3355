"""Live session updates fanned out through Redis pub/sub, so every API replica sees them.

Messages are queued only after the transaction that caused them commits and go out in
batches (``Notifier``), in commit order; they are notifications, not the record: the SSE
stream fills any gap from the database.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, cast

from pydantic_core import to_json
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel.ext.asyncio.session import AsyncSession as SQLModelSession

from sessionhub.common.db import after_commit
from sessionhub.common.redis import Notifier


@dataclass(frozen=True)
class LiveMessage:
    kind: str  # lines | status | grade | deleted
    data: dict[str, Any]


class LiveFeed:
    def __init__(self, redis: Redis, channel_prefix: str) -> None:
        self.redis = redis
        self.prefix = channel_prefix
        self.notifier = Notifier(redis)

    def channel(self, session_id: int) -> str:
        return f"{self.prefix}:{session_id}"

    def publish(self, session_id: int, kind: str, data: Any) -> None:
        # Pydantic's serialiser straight to bytes: models keep their REST format (one
        # timestamp format), and it costs a fraction of jsonable_encoder + json.dumps.
        body = to_json({"kind": kind, "data": data}, by_alias=True)
        self.notifier.publish(self.channel(session_id), body)

    def publish_after_commit(self, db: AsyncSession, session_id: int, kind: str, data: Any) -> None:
        """Publish once ``db`` commits; a lost notification is logged, never an error."""
        # Every unit of work here is SQLModel's session; the services type it by its base.
        after_commit(cast(SQLModelSession, db), lambda: self.publish(session_id, kind, data))

    async def aclose(self) -> None:
        """Send the notifications still queued; at shutdown, before Redis closes."""
        await self.notifier.aclose()

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
