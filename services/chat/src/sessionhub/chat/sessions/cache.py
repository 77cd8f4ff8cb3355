"""Chat session headers cached in Redis, so posting a message does not read PostgreSQL.

A header is what the message path needs of a session (owner, persona, title, clear
mark, expiry). Any change to those drops it; a deleted session leaves a tombstone, so a
concurrent reader that loaded the row just before the delete committed cannot put it
back. Every Redis failure degrades to a PostgreSQL read.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from uuid import UUID

from redis.asyncio import Redis
from redis.exceptions import RedisError

GONE = "gone"


@dataclass(frozen=True)
class ChatSessionHeader:
    id: UUID
    user_id: str
    persona: str
    title: str | None
    cleared_seq: int
    expires_at: datetime | None

    def to_json(self) -> str:
        data = asdict(self)
        data["id"] = str(self.id)
        data["expires_at"] = self.expires_at.isoformat() if self.expires_at else None
        return json.dumps(data)

    @classmethod
    def from_json(cls, raw: str) -> ChatSessionHeader:
        data = json.loads(raw)
        return cls(
            id=UUID(data["id"]),
            user_id=data["user_id"],
            persona=data["persona"],
            title=data["title"],
            cleared_seq=int(data["cleared_seq"]),
            expires_at=datetime.fromisoformat(data["expires_at"]) if data["expires_at"] else None,
        )


class ChatSessionCache:
    def __init__(self, redis: Redis, *, key_prefix: str, ttl_s: int) -> None:
        self._redis = redis
        self._prefix = key_prefix
        self._ttl_s = ttl_s

    def key(self, session_id: UUID) -> str:
        return f"{self._prefix}:session:{session_id}"

    async def get(self, session_id: UUID) -> ChatSessionHeader | str | None:
        """The header, ``GONE`` for a deleted session, or None when not cached."""
        try:
            raw = await self._redis.get(self.key(session_id))
        except RedisError:
            return None
        if raw is None:
            return None
        text = raw.decode() if isinstance(raw, bytes) else str(raw)
        return GONE if text == GONE else ChatSessionHeader.from_json(text)

    async def put(self, header: ChatSessionHeader) -> None:
        with contextlib.suppress(RedisError):
            await self._redis.set(self.key(header.id), header.to_json(), nx=True, ex=self._ttl_s)

    async def drop(self, session_id: UUID) -> None:
        with contextlib.suppress(RedisError):
            await self._redis.delete(self.key(session_id))

    async def bury(self, session_ids: Sequence[UUID]) -> None:
        if not session_ids:
            return
        with contextlib.suppress(RedisError):
            async with self._redis.pipeline(transaction=False) as pipe:
                for session_id in session_ids:
                    pipe.set(self.key(session_id), GONE, ex=self._ttl_s)
                await pipe.execute()
