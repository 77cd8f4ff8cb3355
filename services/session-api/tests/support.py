"""Helpers shared by the session-api tests: actors with tokens, outbox reads, a real server."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from sqlalchemy import text

from sessionhub.common.auth import Role
from sessionhub.common.events.envelope import Envelope
from sessionhub.testing.plugin import RunningApp

BASE = "/api/training-sessions"
SERVICE = "session-api"


class Actor:
    """One user of the API: a unique id, a token and shortcuts for common calls."""

    def __init__(
        self, app: RunningApp, role: Role | str = Role.trainee, user_id: str | None = None
    ):
        self.app = app
        self.id = user_id or f"u-{uuid.uuid4().hex[:10]}"
        self.role = Role(role)
        self.headers = app.tokens.headers(self.id, self.role)

    @property
    def client(self) -> httpx.AsyncClient:
        return self.app.client

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.client.request(method, path, headers=headers, **kwargs)

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("POST", path, **kwargs)

    async def patch(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("PATCH", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.request("DELETE", path, **kwargs)

    async def start_session(self, **body: Any) -> dict[str, Any]:
        response = await self.post(BASE, json={"agent_name": "Alex", **body})
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def say(self, session_id: int, text: str, speaker: str = "trainee") -> dict[str, Any]:
        response = await self.patch(
            f"{BASE}/{session_id}", json={"transcript_line": {"speaker": speaker, "text": text}}
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def session(self, session_id: int) -> dict[str, Any]:
        response = await self.get(f"{BASE}/{session_id}")
        assert response.status_code == 200, response.text
        return dict(response.json())


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = dict(response.json())
    assert body["status"] == status
    assert body["detail"]
    return body


async def outbox_events(app: RunningApp, event_type: str) -> list[Envelope]:
    """Events session-api queued for publication, oldest first."""
    db = app.runtime.services[SERVICE].db
    async with db.read_session() as session:
        rows = await session.execute(
            text("SELECT body FROM outbox WHERE event_type = :t ORDER BY id"), {"t": event_type}
        )
        return [Envelope.from_bytes(body) for (body,) in rows.all()]


async def events_for(app: RunningApp, event_type: str, session_id: int) -> list[dict[str, Any]]:
    return [
        e.data for e in await outbox_events(app, event_type) if e.data["session_id"] == session_id
    ]


async def read_sse(
    response: httpx.Response,
) -> AsyncIterator[tuple[str, dict[str, Any], str | None]]:
    """(event, data, id) triples of a text/event-stream response, as they arrive."""
    event, data, ident = "message", "", None
    async for line in response.aiter_lines():
        if line == "":
            if data:
                yield event, json.loads(data), ident
            event, data, ident = "message", "", None
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                event = value
            elif name == "data":
                data = value if not data else data + "\n" + value
            elif name == "id":
                ident = value


@asynccontextmanager
async def failing_trigger(
    app: RunningApp, table: str, when: str, *, event: str = "INSERT"
) -> AsyncIterator[None]:
    """A real PostgreSQL failure: ``event`` on ``table`` raises while ``when`` (SQL over
    NEW) holds. Narrow ``when`` to the test's own rows; the schema is shared."""
    name = f"fail_{uuid.uuid4().hex[:12]}"
    db = app.runtime.services[SERVICE].db
    async with db.session() as tx:
        await tx.execute(
            text(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF {when} THEN RAISE EXCEPTION 'injected failure'; END IF; "
                "RETURN NEW; END $$"
            )
        )
        await tx.execute(
            text(
                f"CREATE TRIGGER {name} BEFORE {event} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
        )
    try:
        yield
    finally:
        async with db.session() as tx:
            await tx.execute(text(f"DROP TRIGGER {name} ON {table}"))
            await tx.execute(text(f"DROP FUNCTION {name}()"))
