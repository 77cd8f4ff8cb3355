"""Chat test helpers: a running chat app on the real servers, and a small API client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from sessionhub.chat.service_spec import spec
from sessionhub.common.config import Settings
from sessionhub.testing.plugin import RunningApp, isolated_settings, running_app, wait_until

from .plans import Tenants, load_tenants


class ChatApi:
    """The chat HTTP API as a front end uses it, plus a look at what PostgreSQL holds."""

    def __init__(self, app: RunningApp, user: str = "alice") -> None:
        self.app = app
        self.user = user

    @property
    def client(self) -> httpx.AsyncClient:
        return self.app.client

    @property
    def ctx(self) -> Any:
        return self.app.runtime.services["chat"]

    def as_user(self, user: str) -> ChatApi:
        return ChatApi(self.app, user)

    def headers(self, **extra: str) -> dict[str, str]:
        return {**self.app.tokens.headers(self.user), **extra}

    async def create(self, **body: Any) -> dict[str, Any]:
        body.setdefault("persona", "default")
        response = await self.client.post("/api/chat/sessions", json=body, headers=self.headers())
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def post(self, session_id: str, content: str = "", **body: Any) -> httpx.Response:
        return await self.client.post(
            f"/api/chat/sessions/{session_id}/messages",
            json={"content": content, **body},
            headers=self.headers(),
        )

    async def say(self, session_id: str, content: str, **body: Any) -> dict[str, Any]:
        response = await self.post(session_id, content, **body)
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def history(self, session_id: str, *, limit: int = 200) -> list[dict[str, Any]]:
        """Every message, following next_cursor."""
        out: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": limit}
            if cursor:
                params["cursor"] = cursor
            response = await self.client.get(
                f"/api/chat/sessions/{session_id}/messages", params=params, headers=self.headers()
            )
            assert response.status_code == 200, response.text
            page = response.json()
            out.extend(page["data"])
            cursor = page["next_cursor"]
            if cursor is None:
                return out

    async def session(self, session_id: str) -> dict[str, Any]:
        response = await self.client.get(f"/api/chat/sessions/{session_id}", headers=self.headers())
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def stored(self, session_id: str) -> list[tuple[int, str, str]]:
        """(seq, role, content) of the rows persisters wrote, in order."""
        async with self.ctx.db.read_session() as db:
            rows = await db.execute(
                text(
                    "SELECT seq, role, content FROM chat_messages "
                    "WHERE session_id = :s ORDER BY seq, id"
                ),
                {"s": session_id},
            )
            return [(r.seq, r.role, r.content) for r in rows]

    async def wait_stored(self, session_id: str, count: int) -> list[tuple[int, str, str]]:
        async def probe() -> list[tuple[int, str, str]] | None:
            rows = await self.stored(session_id)
            return rows if len(rows) >= count else None

        return await wait_until(probe, timeout_s=30, message=f"{count} persisted messages")

    async def wait_count(self, session_id: str, count: int) -> dict[str, Any]:
        async def probe() -> dict[str, Any] | None:
            session = await self.session(session_id)
            return session if session["message_count"] == count else None

        return await wait_until(probe, timeout_s=30, message=f"message_count {count}")


AppFactory = Callable[..., AbstractAsyncContextManager[ChatApi]]


@pytest.fixture
def chat_app() -> AppFactory:
    """``async with chat_app(settings=None, consumers=True, keep=False) as api``."""

    @asynccontextmanager
    async def start(
        settings: Settings | None = None, *, consumers: bool = True, keep: bool = False, **kw: Any
    ) -> AsyncIterator[ChatApi]:
        settings = settings or isolated_settings(rabbit=False, **kw)
        async with running_app([spec], settings, consumers=consumers, keep=keep) as app:
            yield ChatApi(app)

    return start


@pytest.fixture
async def api(chat_app: AppFactory) -> AsyncIterator[ChatApi]:
    """A chat app on the embedded bus, without an LLM (offline replies)."""
    async with chat_app() as chat:
        yield chat


PLAN_TENANTS = Tenants(
    users=["alice", *(f"other-{i}" for i in range(4))],
    sessions_per_user=4_000,
    messages_per_user=20_000,
)


@pytest.fixture(scope="session")
async def planned() -> AsyncIterator[ChatApi]:
    """One chat tenant holding five users of realistic size (COPY, then ANALYZE), for
    plan tests; loaded once per test session."""
    settings = isolated_settings(rabbit=False)
    async with running_app([spec], settings, consumers=False) as app:
        await load_tenants(settings, PLAN_TENANTS)
        yield ChatApi(app)
