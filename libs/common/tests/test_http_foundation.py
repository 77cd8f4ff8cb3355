"""The shared HTTP conventions: problems, auth, idempotency, pagination, limits, ops routes."""

from __future__ import annotations

import socket
import time
from collections.abc import AsyncIterator
from dataclasses import replace

import jwt
import pytest
from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlalchemy import text

from sessionhub.common import asyncapi
from sessionhub.common.auth import CurrentUser, Role, ensure_visible
from sessionhub.common.db import after_commit, session_dep
from sessionhub.common.errors import Conflict
from sessionhub.common.idempotency import IdempotencyKey, fingerprint, idempotent, prune_once
from sessionhub.common.pagination import Page, decode_cursor, encode_cursor
from sessionhub.common.ratelimit import enforce
from sessionhub.common.redis import create_redis
from sessionhub.common.service import service_context
from sessionhub.testing.plugin import JWT_SECRET, RunningApp, isolated_settings, running_app

from .fixtures_service.probe import probe_spec

SessionDep = session_dep("probe")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


HOOKED: list[str] = []


class NoteCreate(BaseModel):
    note: str = Field(min_length=1, max_length=20)
    count: int = 1


class NoteCreated(BaseModel):
    id: int
    note: str
    owner: str


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/probe")

    @router.post("/notes", status_code=201)
    async def create_note(
        body: NoteCreate, session: SessionDep, user: CurrentUser, key: IdempotencyKey = None
    ):
        async def run() -> NoteCreated:
            row = await session.execute(
                text("INSERT INTO effects (note) VALUES (:n) RETURNING id"), {"n": body.note}
            )
            return NoteCreated(id=row.scalar_one(), note=body.note, owner=user.id)

        return await idempotent(
            session,
            user_id=user.id,
            scope="note.create",
            key=key,
            request=body,
            status_code=201,
            run=run,
            location=lambda created: f"/api/probe/notes/{created['id']}",
        )

    @router.post("/boards/{board}/notes", status_code=201)
    async def create_board_note(
        board: int,
        body: NoteCreate,
        session: SessionDep,
        user: CurrentUser,
        key: IdempotencyKey = None,
    ):
        return await create_note(body, session, user, key)

    @router.post("/redis-down")
    async def redis_down(user: CurrentUser):
        dead = create_redis(f"redis://127.0.0.1:{_closed_port()}/0")
        try:
            await dead.incr("never")
        finally:
            await dead.aclose()

    @router.get("/notes")
    async def list_notes(session: SessionDep, user: CurrentUser, cursor: str | None = None):
        (after,) = decode_cursor(cursor, int) if cursor else (0,)
        rows = (
            await session.execute(
                text("SELECT id, note FROM effects WHERE id > :a ORDER BY id LIMIT 2"), {"a": after}
            )
        ).all()
        nxt = encode_cursor(rows[-1].id) if len(rows) == 2 else None
        return Page[dict](data=[{"id": r.id, "note": r.note} for r in rows], next_cursor=nxt)

    @router.get("/owned/{owner}")
    async def owned(owner: str, user: CurrentUser):
        ensure_visible(owner, user, kind="Note", ident=owner)
        return {"owner": owner}

    @router.post("/conflict")
    async def conflict(user: CurrentUser):
        raise Conflict("Already done.")

    @router.post("/hooked/{tag}")
    async def hooked(tag: str, session: SessionDep, user: CurrentUser, fail: bool = False):
        async def remember() -> None:
            HOOKED.append(tag)

        after_commit(session, remember)
        if fail:
            raise Conflict("Rolled back.")
        return {"ok": True}

    @router.get("/boom")
    async def boom(user: CurrentUser):
        raise RuntimeError("secret internals")

    @router.post("/limited")
    async def limited(user: CurrentUser, request: __import__("fastapi").Request):
        ctx = service_context(request, "probe")
        await enforce(ctx.redis, ctx.key("rl", user.id), limit=2, window_s=60, what="pings")
        return {"ok": True}

    return router


@pytest.fixture(scope="module")
async def app() -> AsyncIterator[RunningApp]:
    spec = replace(probe_spec(), router=build_router)
    settings = isolated_settings(rabbit=False, max_request_bytes=2048)
    async with running_app([spec], settings) as running:
        yield running


class TestProblems:
    async def test_validation_error_lists_fields(self, app: RunningApp) -> None:
        r = await app.client.post(
            "/api/probe/notes", json={"note": "", "count": "x"}, headers=app.tokens.headers("u1")
        )
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/problem+json"
        body = r.json()
        assert {e["field"] for e in body["errors"]} == {"body.note", "body.count"}
        assert body["status"] == 422

    async def test_malformed_json_is_400(self, app: RunningApp) -> None:
        r = await app.client.post(
            "/api/probe/notes",
            content=b'{"note": ',
            headers={**app.tokens.headers("u1"), "content-type": "application/json"},
        )
        assert r.status_code == 400
        assert r.json()["type"].endswith("/malformed-json")

    async def test_app_error_renders_problem(self, app: RunningApp) -> None:
        r = await app.client.post("/api/probe/conflict", headers=app.tokens.headers("u1"))
        assert r.status_code == 409
        assert r.json()["detail"] == "Already done."

    async def test_unknown_error_leaks_nothing(self, app: RunningApp) -> None:
        r = await app.client.get("/api/probe/boom", headers=app.tokens.headers("u1"))
        assert r.status_code == 500
        assert "secret" not in r.text

    async def test_oversized_body_is_413(self, app: RunningApp) -> None:
        r = await app.client.post(
            "/api/probe/notes",
            content=b"x" * 5000,
            headers={**app.tokens.headers("u1"), "content-type": "application/json"},
        )
        assert r.status_code == 413
        assert r.headers["content-type"] == "application/problem+json"

    async def test_unknown_route_is_404_problem(self, app: RunningApp) -> None:
        r = await app.client.get("/api/nothing-here")
        assert r.status_code == 404
        assert r.headers["content-type"] == "application/problem+json"


class TestUnitOfWork:
    async def test_after_commit_runs_before_the_response_and_never_on_error(
        self, app: RunningApp
    ) -> None:
        h = app.tokens.headers("u1")
        assert (await app.client.post("/api/probe/hooked/kept", headers=h)).status_code == 200
        assert "kept" in HOOKED
        r = await app.client.post("/api/probe/hooked/dropped", params={"fail": True}, headers=h)
        assert r.status_code == 409
        assert "dropped" not in HOOKED


class TestAuth:
    async def test_missing_token_is_401(self, app: RunningApp) -> None:
        r = await app.client.get("/api/probe/notes")
        assert r.status_code == 401
        assert r.headers["www-authenticate"] == "Bearer"

    @pytest.mark.parametrize(
        "claims",
        [
            {"sub": "u1", "exp": int(time.time()) - 10},
            {"sub": "u1", "exp": int(time.time()) + 60, "role": "emperor"},
            {"exp": int(time.time()) + 60},
            {"sub": "", "exp": int(time.time()) + 60},
            {"sub": "  ", "exp": int(time.time()) + 60},
            {"sub": 42, "exp": int(time.time()) + 60},
            {"sub": ["u1"], "exp": int(time.time()) + 60},
            {"sub": "u" * 1000, "exp": int(time.time()) + 60},
            {"sub": "u\u0000", "exp": int(time.time()) + 60},
            {"sub": "u1", "exp": 10**30},
            {"sub": "u1", "exp": int(time.time()) + 11 * 365 * 86_400},
            {"sub": "u1", "exp": int(time.time()) + 60, "role": ["manager"]},
            {"sub": "u1", "exp": int(time.time()) + 60, "role": {"a": 1}},
        ],
        ids=[
            "expired",
            "unknown-role",
            "no-subject",
            "empty-subject",
            "blank-subject",
            "int-subject",
            "list-subject",
            "huge-subject",
            "nul-subject",
            "exp-1e30",
            "exp-11-years",
            "list-role",
            "dict-role",
        ],
    )
    async def test_bad_tokens_are_401(self, app: RunningApp, claims: dict) -> None:
        token = jwt.encode(claims, JWT_SECRET, algorithm="HS256")
        r = await app.client.get("/api/probe/notes", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401

    async def test_oversized_token_is_401(self, app: RunningApp) -> None:
        token = jwt.encode(
            {"sub": "u1", "exp": int(time.time()) + 60, "pad": "x" * 20_000},
            JWT_SECRET,
            algorithm="HS256",
        )
        r = await app.client.get("/api/probe/notes", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401

    async def test_wrong_signature_is_401(self, app: RunningApp) -> None:
        token = jwt.encode({"sub": "u1", "exp": int(time.time()) + 60}, "other" * 10, "HS256")
        r = await app.client.get("/api/probe/notes", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401

    async def test_other_users_resource_is_404_but_admin_sees_it(self, app: RunningApp) -> None:
        r = await app.client.get("/api/probe/owned/u2", headers=app.tokens.headers("u1"))
        assert r.status_code == 404
        r = await app.client.get("/api/probe/owned/u2", headers=app.tokens.headers("a", Role.admin))
        assert r.status_code == 200


class TestIdempotency:
    async def test_same_key_replays_first_response(self, app: RunningApp) -> None:
        headers = {**app.tokens.headers("idem-user"), "Idempotency-Key": "k-1"}
        first = await app.client.post("/api/probe/notes", json={"note": "one"}, headers=headers)
        again = await app.client.post("/api/probe/notes", json={"note": "one"}, headers=headers)
        assert first.status_code == again.status_code == 201
        assert first.json() == again.json()
        assert again.headers["idempotent-replayed"] == "true"
        location = f"/api/probe/notes/{first.json()['id']}"
        assert first.headers["location"] == again.headers["location"] == location

    async def test_created_without_key_has_location(self, app: RunningApp) -> None:
        r = await app.client.post(
            "/api/probe/notes", json={"note": "two"}, headers=app.tokens.headers("u1")
        )
        assert r.status_code == 201
        assert r.headers["location"] == f"/api/probe/notes/{r.json()['id']}"

    async def test_same_key_other_body_is_422(self, app: RunningApp) -> None:
        headers = {**app.tokens.headers("idem-user"), "Idempotency-Key": "k-2"}
        await app.client.post("/api/probe/notes", json={"note": "one"}, headers=headers)
        r = await app.client.post("/api/probe/notes", json={"note": "two"}, headers=headers)
        assert r.status_code == 422

    async def test_keys_are_per_user(self, app: RunningApp) -> None:
        a = await app.client.post(
            "/api/probe/notes",
            json={"note": "a"},
            headers={**app.tokens.headers("ua"), "Idempotency-Key": "shared"},
        )
        b = await app.client.post(
            "/api/probe/notes",
            json={"note": "a"},
            headers={**app.tokens.headers("ub"), "Idempotency-Key": "shared"},
        )
        assert a.json()["id"] != b.json()["id"]

    async def test_same_key_on_another_path_is_422_not_a_replay(self, app: RunningApp) -> None:
        headers = {**app.tokens.headers("idem-user"), "Idempotency-Key": "k-path"}
        first = await app.client.post(
            "/api/probe/boards/2/notes", json={"note": "same"}, headers=headers
        )
        other = await app.client.post(
            "/api/probe/boards/3/notes", json={"note": "same"}, headers=headers
        )
        assert first.status_code == 201
        assert other.status_code == 422
        assert "path" in other.json()["detail"]

    async def _pending_claim(self, app: RunningApp, key: str, age_s: int) -> None:
        async with app.runtime.services["probe"].db.session() as db:
            await db.execute(
                text(
                    "INSERT INTO idempotency_keys (user_id, scope, key, fingerprint, created_at)"
                    " VALUES ('idem-user', 'note.create', :k, :f,"
                    " now() - make_interval(secs => :age))"
                ),
                {
                    "k": key,
                    "f": fingerprint(NoteCreate(note="stuck"), "POST /api/probe/notes"),
                    "age": age_s,
                },
            )

    async def test_abandoned_claim_expires_and_a_retry_completes_it(self, app: RunningApp) -> None:
        headers = {**app.tokens.headers("idem-user"), "Idempotency-Key": "k-stuck"}
        await self._pending_claim(app, "k-stuck", age_s=3600)
        r = await app.client.post("/api/probe/notes", json={"note": "stuck"}, headers=headers)
        assert r.status_code == 201, r.text
        again = await app.client.post("/api/probe/notes", json={"note": "stuck"}, headers=headers)
        assert again.json() == r.json()
        assert again.headers["idempotent-replayed"] == "true"

    async def test_a_fresh_claim_is_409_with_retry_after(self, app: RunningApp) -> None:
        headers = {**app.tokens.headers("idem-user"), "Idempotency-Key": "k-busy"}
        await self._pending_claim(app, "k-busy", age_s=0)
        r = await app.client.post("/api/probe/notes", json={"note": "stuck"}, headers=headers)
        assert r.status_code == 409
        assert r.headers["retry-after"] == "1"

    async def test_pruning_deletes_only_old_keys(self, app: RunningApp) -> None:
        await self._pending_claim(app, "k-old", age_s=10 * 86_400)
        await self._pending_claim(app, "k-new", age_s=0)
        async with app.runtime.services["probe"].db.session() as db:
            assert await prune_once(db, retention_s=86_400) >= 1
            keys = set((await db.execute(text("SELECT key FROM idempotency_keys"))).scalars())
        assert "k-new" in keys
        assert "k-old" not in keys


class TestDependencies:
    async def test_redis_down_is_503_with_retry_after(self, app: RunningApp) -> None:
        r = await app.client.post("/api/probe/redis-down", headers=app.tokens.headers("u1"))
        assert r.status_code == 503
        assert r.headers["content-type"] == "application/problem+json"
        assert int(r.headers["retry-after"]) > 0


class TestPagination:
    async def test_cursor_walks_every_row_once(self, app: RunningApp) -> None:
        h = app.tokens.headers("pager")
        for i in range(5):
            await app.client.post("/api/probe/notes", json={"note": f"p{i}"}, headers=h)
        seen, cursor = [], None
        while True:
            params = {"cursor": cursor} if cursor else {}
            page = (await app.client.get("/api/probe/notes", params=params, headers=h)).json()
            seen += [row["id"] for row in page["data"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == sorted(set(seen))
        assert len(seen) >= 5

    @pytest.mark.parametrize(
        "cursor",
        ["%%%", encode_cursor("abc"), "WzFlNDAwXQ", "W05hTl0", encode_cursor(2**63 - 1) + "x"],
    )
    async def test_forged_cursor_is_400_problem(self, app: RunningApp, cursor: str) -> None:
        r = await app.client.get(
            "/api/probe/notes", params={"cursor": cursor}, headers=app.tokens.headers("u1")
        )
        assert r.status_code == 400
        assert r.json()["type"].endswith("/invalid-cursor")


class TestRateLimit:
    async def test_third_hit_in_window_is_429_with_retry_after(self, app: RunningApp) -> None:
        h = app.tokens.headers("limited-user")
        codes = [
            (await app.client.post("/api/probe/limited", headers=h)).status_code for _ in range(3)
        ]
        assert codes == [200, 200, 429]
        r = await app.client.post("/api/probe/limited", headers=h)
        assert 1 <= int(r.headers["retry-after"]) <= 60
        redis = app.runtime.redis
        buckets = [
            k async for k in redis.scan_iter(match=f"{app.settings.redis_prefix}*limited-user*")
        ]
        assert len(buckets) == 1
        assert 0 < await redis.ttl(buckets[0]) <= 60

    async def test_counts_on_after_redis_forgot_the_script(self, app: RunningApp) -> None:
        """EVALSHA finds no script on a restarted or flushed Redis: EVAL loads it again."""
        h = app.tokens.headers("flushed-user")
        assert (await app.client.post("/api/probe/limited", headers=h)).status_code == 200
        await app.runtime.redis.script_flush()
        codes = [
            (await app.client.post("/api/probe/limited", headers=h)).status_code for _ in range(2)
        ]
        assert codes == [200, 429]


class TestOperations:
    async def test_health_ready_metrics_asyncapi(self, app: RunningApp) -> None:
        assert (await app.client.get("/health")).json() == {"status": "ok"}
        ready = await app.client.get("/ready")
        assert ready.status_code == 200, ready.text
        assert set(ready.json()["checks"]) == {"postgresql:probe", "redis", "events"}
        metrics = await app.client.get("/metrics")
        assert "sessionhub_http_request_duration_seconds" in metrics.text
        doc = await app.client.get("/asyncapi")
        assert doc.text.startswith(f"asyncapi: {asyncapi.ASYNCAPI_VERSION}")

    async def test_request_id_is_echoed(self, app: RunningApp) -> None:
        r = await app.client.get("/health", headers={"X-Request-ID": "req-123"})
        assert r.headers["x-request-id"] == "req-123"


async def test_each_pool_takes_its_own_setting() -> None:
    # The driver pool is sized for a replica's concurrency, apart from SQLAlchemy's: a
    # setting that fell back to the other would bring back append's queueing tail.
    settings = isolated_settings(rabbit=False, db_pool_size=3, db_driver_pool_size=7)
    async with running_app([probe_spec()], settings, consumers=False) as running:
        db = running.runtime.services["probe"].db
        assert (db.pool_size, db.driver_pool_size) == (3, 7)
        assert (await db.driver_pool()).get_max_size() == 7
