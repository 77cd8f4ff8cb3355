"""The boundary guard over real HTTP: headers, query strings, paths, bodies, limits."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict
from sqlalchemy import text

from sessionhub.common.auth import CurrentUser
from sessionhub.common.boundary import MAX_JSON_DEPTH
from sessionhub.common.db import session_dep
from sessionhub.common.text import SafeJson, SafeStr
from sessionhub.testing.plugin import RunningApp, isolated_settings, running_app, serving

from .fixtures_service.probe import probe_spec

SessionDep = session_dep("probe")
GLOBAL_LIMIT = 8192
ROUTE_LIMIT = 1024


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: SafeStr
    metadata: SafeJson = None


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/guard")

    async def store(body: Note, db: SessionDep) -> dict[str, int]:
        # Through jsonb for real: what PostgreSQL refuses must never get this far.
        row = await db.execute(
            text("INSERT INTO effects (note) VALUES (:n || CAST(:m AS jsonb)::text) RETURNING id"),
            {"n": body.note, "m": json.dumps(body.metadata)},
        )
        return {"id": row.scalar_one()}

    @router.post("/notes", status_code=201)
    async def create(body: Note, db: SessionDep, user: CurrentUser) -> dict[str, int]:
        return await store(body, db)

    @router.post("/small", status_code=201, max_body_size=ROUTE_LIMIT)
    async def small(body: Note, db: SessionDep, user: CurrentUser) -> dict[str, int]:
        return await store(body, db)

    @router.get("/search")
    async def search(user: CurrentUser, q: str = "") -> dict[str, str]:
        return {"q": q}

    @router.get("/items/{item}")
    async def item(item: str, user: CurrentUser) -> dict[str, str]:
        return {"item": item}

    @router.get("/headers")
    async def headers(request: Request) -> dict[str, str]:
        return {"x-foo": request.headers.get("x-foo", "")}

    return router


@pytest.fixture(scope="module")
async def app() -> AsyncIterator[RunningApp]:
    spec = replace(probe_spec(), router=build_router)
    settings = isolated_settings(rabbit=False, max_request_bytes=GLOBAL_LIMIT)
    async with running_app([spec], settings, consumers=False) as running:
        yield running


@pytest.fixture(scope="module")
async def http(app: RunningApp) -> AsyncIterator[httpx.AsyncClient]:
    async with serving(app.app) as url, httpx.AsyncClient(base_url=url) as client:
        yield client


async def _stored(app: RunningApp) -> int:
    async with app.runtime.services["probe"].db.read_session() as db:
        return int((await db.execute(text("SELECT count(*) FROM effects"))).scalar_one())


def _problem(r: httpx.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["type"] != "about:blank"
    return body


def _post(http: httpx.AsyncClient, app: RunningApp, path: str, raw: bytes, **kw) -> object:
    headers = {**app.tokens.headers("u1"), "content-type": "application/json", **kw}
    return http.post(path, content=raw, headers=headers)


class TestHeaders:
    @pytest.mark.parametrize("name", ["X-Foo", "Authorization", "X-Request-ID", "Last-Event-ID"])
    async def test_non_utf8_header_is_400_before_auth(
        self, http: httpx.AsyncClient, name: str
    ) -> None:
        r = await http.get("/api/guard/search", headers={name: b"\xff\xfe"})
        body = _problem(r, 400)
        assert body["header"].lower() == name.lower()

    async def test_utf8_header_passes(self, http: httpx.AsyncClient) -> None:
        r = await http.get("/api/guard/headers", headers={"X-Foo": "héllo".encode()})
        assert r.status_code == 200


class TestQueryAndPath:
    @pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "q=%ff", "q=%ed%a0%80", "q%00=1"])
    async def test_unstorable_query_is_422_naming_it(
        self, http: httpx.AsyncClient, app: RunningApp, query: str
    ) -> None:
        r = await http.get(f"/api/guard/search?{query}", headers=app.tokens.headers("u1"))
        body = _problem(r, 422)
        assert body["errors"][0]["field"].startswith("query.q")

    async def test_ordinary_query_passes(self, http: httpx.AsyncClient, app: RunningApp) -> None:
        r = await http.get("/api/guard/search?q=caf%C3%A9+x", headers=app.tokens.headers("u1"))
        assert r.json() == {"q": "café x"}

    async def test_nul_in_path_is_422(self, http: httpx.AsyncClient, app: RunningApp) -> None:
        r = await http.get("/api/guard/items/a%00b", headers=app.tokens.headers("u1"))
        assert _problem(r, 422)["errors"][0]["field"] == "path"


class TestJsonBodies:
    @pytest.mark.parametrize(
        ("raw", "field"),
        [
            (b'{"note": "a\\u0000b"}', "body.note"),
            (b'{"note": "\\ud800"}', "body.note"),
            (b'{"note": "\xed\xa0\x80"}', "body.note"),
            (
                b'{"note": "ok", "metadata": {"a": [1, {"k\\u0000": 1}]}}',
                "body.metadata.a.1.k\\u0000",
            ),
            (b'{"note": "ok", "metadata": {"a": ["\\uDFFF"]}}', "body.metadata.a.0"),
            (b'{"note\\u0000": "ok"}', "body.note\\u0000"),
            # A refused key is named escaped, or the problem itself could not be encoded.
            (b'{"note": "ok", "metadata": {"x\\ud800": 1}}', "body.metadata.x\\ud800"),
        ],
    )
    async def test_unstorable_text_is_422_naming_the_path(
        self, http: httpx.AsyncClient, app: RunningApp, raw: bytes, field: str
    ) -> None:
        before = await _stored(app)
        body = _problem(await _post(http, app, "/api/guard/notes", raw), 422)
        assert body["errors"][0]["field"] == field
        assert await _stored(app) == before

    async def test_not_utf8_is_400(self, http: httpx.AsyncClient, app: RunningApp) -> None:
        body = _problem(await _post(http, app, "/api/guard/notes", b'{"note": "\xff"}'), 400)
        assert body["type"].endswith("/malformed-json")

    @pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 500, 4000])
    async def test_deep_nesting_is_refused_before_parsing(
        self, http: httpx.AsyncClient, app: RunningApp, depth: int
    ) -> None:
        raw = b'{"note": "x", "metadata": ' + b"[" * depth + b"]" * depth + b"}"
        r = await _post(http, app, "/api/guard/notes", raw)
        assert _problem(r, 400)["type"].endswith("/malformed-json")

    async def test_safe_json_caps_depth_below_the_body_limit(
        self, http: httpx.AsyncClient, app: RunningApp
    ) -> None:
        raw = b'{"note": "x", "metadata": ' + b"[" * 40 + b"]" * 40 + b"}"
        assert _problem(await _post(http, app, "/api/guard/notes", raw), 422)["errors"]

    async def test_good_body_is_stored(self, http: httpx.AsyncClient, app: RunningApp) -> None:
        raw = json.dumps({"note": "é😀", "metadata": {"k": ["\u00e9", 1.5]}}).encode()
        r = await _post(http, app, "/api/guard/notes", raw)
        assert r.status_code == 201, r.text


async def _chunks(size: int) -> AsyncIterator[bytes]:
    payload = _payload(size)
    for i in range(0, len(payload), 512):
        yield payload[i : i + 512]


def _payload(size: int) -> bytes:
    return json.dumps({"note": "x" * size}).encode()


class TestBodyLimits:
    @pytest.mark.parametrize(
        ("path", "size", "limit"),
        [
            ("/api/guard/notes", GLOBAL_LIMIT, GLOBAL_LIMIT),
            ("/api/guard/small", ROUTE_LIMIT, ROUTE_LIMIT),
        ],
    )
    @pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "length"])
    async def test_over_the_limit_is_413_however_sent(
        self,
        http: httpx.AsyncClient,
        app: RunningApp,
        path: str,
        size: int,
        limit: int,
        chunked: bool,
    ) -> None:
        before = await _stored(app)
        content = _chunks(size) if chunked else _payload(size)
        headers = {**app.tokens.headers("u1"), "content-type": "application/json"}
        r = await http.post(path, content=content, headers=headers)
        assert _problem(r, 413)["limit_bytes"] == limit
        assert await _stored(app) == before

    @pytest.mark.parametrize("path", ["/api/guard/notes", "/api/guard/small"])
    async def test_under_the_limit_chunked_passes(
        self, http: httpx.AsyncClient, app: RunningApp, path: str
    ) -> None:
        r = await http.post(
            path,
            content=_chunks(ROUTE_LIMIT // 2),
            headers={**app.tokens.headers("u1"), "content-type": "application/json"},
        )
        assert r.status_code == 201, r.text
