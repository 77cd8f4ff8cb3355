"""The shared SSE response over real HTTP: retry, ids, names, heartbeats, errors, disconnects."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import APIRouter
from pydantic import BaseModel, Field

from sessionhub.common.app import SSE_RETRY_MS
from sessionhub.common.errors import Conflict
from sessionhub.common.sse import sse_event, sse_response
from sessionhub.testing.plugin import (
    isolated_settings,
    running_app,
    serving,
    wait_until,
)

from .fixtures_service.probe import probe_spec

CLOSED: list[str] = []


class Tick(BaseModel):
    at: datetime
    count: int = Field(serialization_alias="n")


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/sse")

    @router.get("/ticks")
    async def ticks(fail: str = ""):
        async def events() -> AsyncIterator:
            yield sse_event("tick", Tick(at=datetime(2026, 1, 1, tzinfo=UTC), count=1), id=1)
            yield sse_event("tock", {"at": datetime(2026, 1, 1, tzinfo=UTC)}, id="2")
            if fail == "app":
                raise Conflict("The session moved on.")
            if fail == "bug":
                raise RuntimeError("internal detail")

        return sse_response(events())

    @router.get("/idle")
    async def idle():
        async def events() -> AsyncIterator:
            try:
                yield sse_event("hello", {})
                await asyncio.Event().wait()
            finally:
                CLOSED.append("idle")

        return sse_response(events(), heartbeat_s=0.05)

    return router


@pytest.fixture(scope="module")
async def url() -> AsyncIterator[str]:
    spec = replace(probe_spec(), router=build_router)
    async with (
        running_app([spec], isolated_settings(rabbit=False), consumers=False) as app,
        serving(app.app) as base,
    ):
        yield base


async def _frames(url: str, path: str) -> list[str]:
    async with httpx.AsyncClient(base_url=url) as client:
        r = await client.get(path)
        assert r.headers["content-type"].startswith("text/event-stream")
        assert r.headers["cache-control"] == "no-cache"
        return [f for f in r.text.replace("\r\n", "\n").split("\n\n") if f]


async def test_retry_ids_names_and_rest_json(url: str) -> None:
    frames = await _frames(url, "/api/sse/ticks")
    assert frames[0] == f"retry: {SSE_RETRY_MS}"
    assert frames[1] == 'id: 1\nevent: tick\ndata: {"at":"2026-01-01T00:00:00Z","n":1}'
    assert frames[2] == 'id: 2\nevent: tock\ndata: {"at":"2026-01-01T00:00:00Z"}'
    assert len(frames) == 3


@pytest.mark.parametrize(
    ("fail", "problem"),
    [
        ("app", '{"status":409,"code":"conflict","detail":"The session moved on."}'),
        ("bug", '{"status":500,"code":"internal-error","detail":"The stream failed; retry."}'),
    ],
)
async def test_a_failure_mid_stream_ends_with_an_error_event(
    url: str, fail: str, problem: str
) -> None:
    frames = await _frames(url, f"/api/sse/ticks?fail={fail}")
    assert frames[-1] == f"event: error\ndata: {problem}"
    assert "internal detail" not in "".join(frames)


async def test_heartbeats_flow_and_a_disconnect_ends_the_generator(url: str) -> None:
    seen: list[str] = []
    async with (
        httpx.AsyncClient(base_url=url) as client,
        client.stream("GET", "/api/sse/idle") as r,
    ):
        async for line in r.aiter_lines():
            seen.append(line)
            if sum(line.startswith(": ping") for line in seen) >= 2:
                break
    await wait_until(lambda: asyncio.sleep(0, result="idle" in CLOSED), message="closed")
    assert "event: hello" in seen


def test_event_names_are_one_line() -> None:
    with pytest.raises(ValueError):
        sse_event("two\nlines")
    with pytest.raises(ValueError):
        sse_event("")
