"""HTTP details every service gets from the shared app: 415 for a body that is not JSON,
405 naming every allowed method, `retry:` first on every event stream, one timestamp
format."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sse_starlette import EventSourceResponse, ServerSentEvent

from sessionhub.common.app import SSE_RETRY_MS
from sessionhub.common.auth import CurrentUser
from sessionhub.common.timestamps import PATTERN, Timestamp, format_timestamp
from sessionhub.testing.plugin import RunningApp, isolated_settings, running_app

from .fixtures_service.probe import probe_spec


class Item(BaseModel):
    name: str
    at: Timestamp


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/details")

    @router.post("/items", status_code=201)
    async def create_item(body: Item, user: CurrentUser) -> Item:
        return body

    @router.get("/items")
    async def list_items(user: CurrentUser) -> list[Item]:
        return [Item(name="a", at=datetime(2026, 1, 1, tzinfo=UTC))]

    @router.patch("/items/{ident}")
    async def rename_item(ident: int, body: Item, user: CurrentUser) -> Item:
        return body

    @router.get("/library-stream", response_class=EventSourceResponse)
    async def library_stream(user: CurrentUser) -> EventSourceResponse:
        async def events() -> AsyncIterator[ServerSentEvent]:
            yield ServerSentEvent(data="one", event="line", id="1")

        return EventSourceResponse(events())

    @router.get("/hand-stream")
    async def hand_stream(user: CurrentUser) -> StreamingResponse:
        async def events() -> AsyncIterator[bytes]:
            yield b"event: line\ndata: one\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return router


@pytest.fixture(scope="module")
async def app() -> AsyncIterator[RunningApp]:
    spec = replace(probe_spec(), router=build_router)
    async with running_app([spec], isolated_settings(rabbit=False)) as running:
        yield running


BODY = b'{"name": "a", "at": "2026-01-01T02:00:00+02:00"}'


class TestUnsupportedMediaType:
    @pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
    async def test_non_json_body_is_415(self, app: RunningApp, content_type: str) -> None:
        r = await app.client.post(
            "/api/details/items",
            content=BODY,
            headers={**app.tokens.headers("u1"), "Content-Type": content_type},
        )
        assert r.status_code == 415, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["type"].endswith("/unsupported-media-type")
        assert r.headers["accept-post"] == "application/json"

    async def test_body_without_content_type_is_415(self, app: RunningApp) -> None:
        r = await app.client.patch(
            "/api/details/items/1",
            content=BODY,
            headers={**app.tokens.headers("u1"), "Content-Type": ""},
        )
        assert r.status_code == 415, r.text
        assert r.headers["accept-patch"] == "application/json"

    @pytest.mark.parametrize("content_type", ["application/json", "application/merge-patch+json"])
    async def test_json_media_types_are_accepted(self, app: RunningApp, content_type: str) -> None:
        r = await app.client.post(
            "/api/details/items",
            content=BODY,
            headers={**app.tokens.headers("u1"), "Content-Type": content_type},
        )
        assert r.status_code == 201, r.text

    async def test_invalid_json_fields_stay_422(self, app: RunningApp) -> None:
        r = await app.client.post(
            "/api/details/items", json={"name": 1}, headers=app.tokens.headers("u1")
        )
        assert r.status_code == 422


class TestMethodNotAllowed:
    async def test_allow_lists_every_route_of_the_path(self, app: RunningApp) -> None:
        r = await app.client.delete("/api/details/items", headers=app.tokens.headers("u1"))
        assert r.status_code == 405
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["allow"] == "GET, POST"

    async def test_allow_for_a_templated_path(self, app: RunningApp) -> None:
        r = await app.client.get("/api/details/items/7", headers=app.tokens.headers("u1"))
        assert r.status_code == 405
        assert r.headers["allow"] == "PATCH"


class TestEventStreams:
    @pytest.mark.parametrize("path", ["/api/details/library-stream", "/api/details/hand-stream"])
    async def test_stream_starts_with_retry(self, app: RunningApp, path: str) -> None:
        r = await app.client.get(path, headers=app.tokens.headers("u1"))
        assert r.status_code == 200
        assert r.text.startswith(f"retry: {SSE_RETRY_MS}\n\n"), r.text
        assert "data: one" in r.text
        assert r.text.count("retry:") == 1

    async def test_json_responses_are_untouched(self, app: RunningApp) -> None:
        r = await app.client.get("/api/details/items", headers=app.tokens.headers("u1"))
        assert r.json() == [{"name": "a", "at": "2026-01-01T00:00:00.000000Z"}]


class TestTimestamps:
    def test_utc_with_six_digits(self) -> None:
        at = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
        assert format_timestamp(at) == "2026-03-02T09:15:00.000000Z"
        assert format_timestamp(at.replace(microsecond=120)) == "2026-03-02T09:15:00.000120Z"

    def test_offsets_become_utc_and_naive_is_utc(self) -> None:
        at = datetime(2026, 3, 2, 11, 15, tzinfo=timezone(timedelta(hours=2)))
        assert format_timestamp(at) == "2026-03-02T09:15:00.000000Z"
        assert format_timestamp(datetime(2026, 3, 2, 9, 15)) == "2026-03-02T09:15:00.000000Z"

    def test_pattern(self) -> None:
        assert PATTERN.match(format_timestamp(datetime.now(UTC)))
        assert not PATTERN.match("2026-03-02T09:15:00Z")
        assert not PATTERN.match("2026-03-02T09:15:00.000000+00:00")

    async def test_rest_bodies_use_it(self, app: RunningApp) -> None:
        r = await app.client.post(
            "/api/details/items",
            content=BODY,
            headers={**app.tokens.headers("u1"), "Content-Type": "application/json"},
        )
        assert r.json()["at"] == "2026-01-01T00:00:00.000000Z"
