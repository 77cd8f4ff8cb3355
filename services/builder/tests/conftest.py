"""Builder test helpers: the real app on the real servers, and the API as a front end uses it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from sessionhub.builder.service_spec import spec
from sessionhub.testing.plugin import RunningApp, isolated_settings, running_app

FULL_METADATA: dict[str, Any] = {
    "title": "Handling price objections",
    "sessionType": "workshop",
    "category": "Sales",
    "desiredOutcome": "Reps answer price objections with value, not discounts",
    "currentProblem": "Deals stall when buyers push back on price",
    "specificTopics": "value framing, discount discipline",
    "startDate": "2026-12-01",
    "startTime": "09:00",
    "endTime": "10:30",
    "timezone": "Europe/Berlin",
    "location": "Berlin office",
    "locationId": 4,
    "audienceId": 2,
    "audienceName": "Individual contributors",
    "toneId": 1,
    "toneName": "Professional",
    "topics": [
        {"title": "Value framing", "description": "Lead with outcomes", "durationMinutes": 20},
        {"title": "Discount discipline", "durationMinutes": 15},
    ],
}


class BuilderApi:
    """The builder HTTP API as the console uses it."""

    def __init__(self, app: RunningApp, user: str = "alice", role: str = "trainee") -> None:
        self.app = app
        self.user = user
        self.role = role

    @property
    def client(self) -> httpx.AsyncClient:
        return self.app.client

    @property
    def ctx(self) -> Any:
        return self.app.runtime.services["builder"]

    def as_user(self, user: str, role: str = "trainee") -> BuilderApi:
        return BuilderApi(self.app, user, role)

    def headers(self, **extra: str) -> dict[str, str]:
        return {**self.app.tokens.headers(self.user, self.role), **extra}

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers(), **kwargs.pop("headers", {})}
        return await self.client.request(method, "/api/builder" + path, headers=headers, **kwargs)

    async def create(self, **doc: Any) -> dict[str, Any]:
        response = await self.request("POST", "/drafts", json=doc)
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def get(self, draft_id: str) -> dict[str, Any]:
        response = await self.request("GET", f"/drafts/{draft_id}")
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def patch(self, draft_id: str, patch: Any, revision: int | str) -> httpx.Response:
        return await self.request(
            "PATCH",
            f"/drafts/{draft_id}",
            json=patch,
            headers={"If-Match": f'"{revision}"', "Content-Type": "application/merge-patch+json"},
        )

    async def save(self, draft_id: str, patch: Any, revision: int) -> dict[str, Any]:
        response = await self.patch(draft_id, patch, revision)
        assert response.status_code == 200, response.text
        return dict(response.json())


@pytest.fixture
async def builder() -> AsyncIterator[BuilderApi]:
    async with running_app([spec], isolated_settings(rabbit=False)) as app:
        yield BuilderApi(app)
