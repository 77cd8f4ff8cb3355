"""``Idempotency-Key`` for creating POSTs, stored with the resource in one transaction.

The key row is inserted before the work; a concurrent request with the same key
blocks on that row until the first commits, then replays its stored response.

The fingerprint covers the method, the path and the body, so a key reused on another
resource (``/templates/2/groups`` then ``/templates/3/groups``) is refused, never
answered with the other resource's response. A claim committed before its answer
(flows spanning transactions) that never completes — the process died in between —
expires after ``idempotency_pending_ttl_s`` and a retry takes it over.
:func:`prune_idempotency_keys` (run by the workers of every service) deletes keys
older than ``idempotency_retention_s``.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import structlog
from fastapi import Depends, Header, Request
from pydantic import BaseModel
from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from sessionhub.common.errors import Conflict, UnprocessableEntity
from sessionhub.common.events.outbox import idempotency_table as table

if TYPE_CHECKING:
    from sessionhub.common.service import ServiceContext

from sessionhub.common.logsafety import plain_traceback

log = structlog.get_logger()

#: A claim without a response older than this is abandoned (default when no settings).
PENDING_TTL_S = 300.0


@dataclass(frozen=True)
class _KeyedRequest:
    target: str
    pending_ttl_s: float


_current: ContextVar[_KeyedRequest | None] = ContextVar("idempotent_request", default=None)


# The header, for a dependency that reads it with others (then passes it to ``remember``).
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=255, description="Retry-safe creation key."),
]


def remember(request: Request, key: str | None) -> str | None:
    """Note the request's method and path for ``idempotent``'s fingerprint; returns ``key``.

    Call it from an async dependency, so the context variable is set in the task that
    runs the endpoint.
    """
    runtime = getattr(request.app.state, "runtime", None)
    ttl = runtime.settings.idempotency_pending_ttl_s if runtime is not None else PENDING_TTL_S
    # The scope's path, not request.url.path: building the URL object cost more than
    # everything else here.
    _current.set(_KeyedRequest(f"{request.method} {request.scope['path']}", ttl))
    return key


async def _idempotency_key(request: Request, key: IdempotencyKeyHeader = None) -> str | None:
    return remember(request, key)


# Declare it as ``key: IdempotencyKey = None``. It also remembers the method and path
# of the request, which the fingerprint covers.
IdempotencyKey = Annotated[str | None, Depends(_idempotency_key)]


def fingerprint(request: BaseModel | None, target: str = "") -> str:
    raw = request.model_dump_json() if request is not None else ""
    return hashlib.sha256(f"{target}\n{raw}".encode()).hexdigest()


class JSONBodyResponse(JSONResponse):
    """A JSON response rendered by orjson: a created resource's body is already plain
    JSON data (``model_dump(mode="json", by_alias=True)``, what jsonable_encoder gave,
    or a stored body), and ``json.dumps`` of it cost more than the model's own
    serialisation."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class StoredResponse:
    """What a replayed key answers: the first response, status and body."""

    def __init__(self, status_code: int, body: Any) -> None:
        self.status_code = status_code
        self.body = body

    def response(self, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONBodyResponse(
            self.body,
            status_code=self.status_code,
            headers={**(headers or {}), "Idempotent-Replayed": "true"},
        )


async def claim(
    session: AsyncSession, *, user_id: str, scope: str, key: str, request: BaseModel | None
) -> StoredResponse | None:
    """Reserve ``key`` in ``session``'s transaction; or return the response stored under it.

    ``None`` means the caller owns the key and must :func:`record` its response.
    Raises 422 when the key was used for another request (method, path or body) and
    409 while another request holding the key is still running.
    """
    keyed = _current.get()
    print_ = fingerprint(request, keyed.target if keyed is not None else "")
    pending_ttl_s = keyed.pending_ttl_s if keyed is not None else PENDING_TTL_S
    ident = {"user_id": user_id, "scope": scope, "key": key}
    inserted = (
        await session.execute(
            pg_insert(table)
            .values(**ident, fingerprint=print_)
            .on_conflict_do_nothing()
            .returning(table.c.key)
        )
    ).first()
    if inserted is not None:
        return None
    row = (
        await session.execute(
            select(table.c.fingerprint, table.c.status_code, table.c.body).where(
                *(table.c[k] == v for k, v in ident.items())
            )
        )
    ).one()
    if row.fingerprint != print_:
        raise UnprocessableEntity(
            "This Idempotency-Key was already used for a different request "
            "(another method, path or body); use a new key."
        )
    if row.status_code is None:
        # Only flows spanning several transactions commit a claim before its answer.
        if await _take_over(session, ident, pending_ttl_s):
            return None
        raise Conflict(
            "A request with this Idempotency-Key is still being processed.",
            headers={"Retry-After": "1"},
        )
    return StoredResponse(row.status_code, row.body)


async def _take_over(session: AsyncSession, ident: dict[str, str], ttl_s: float) -> bool:
    """Whether this request took over a claim abandoned for longer than ``ttl_s``.

    One UPDATE: of two retries racing for the same stale claim, exactly one wins.
    """
    taken = (
        await session.execute(
            update(table)
            .where(
                *(table.c[k] == v for k, v in ident.items()),
                table.c.status_code.is_(None),
                table.c.created_at
                < text("now() - make_interval(secs => :ttl)").bindparams(ttl=ttl_s),
            )
            .values(created_at=text("now()"))
            .returning(table.c.key)
        )
    ).first()
    if taken is not None:
        log.warning("idempotency_claim_taken_over", scope=ident["scope"], pending_ttl_s=ttl_s)
    return taken is not None


async def record(
    session: AsyncSession, *, user_id: str, scope: str, key: str, status_code: int, body: Any
) -> None:
    await session.execute(
        update(table)
        .where(table.c.user_id == user_id, table.c.scope == scope, table.c.key == key)
        .values(status_code=status_code, body=body)
    )


async def idempotent(
    session: AsyncSession,
    *,
    user_id: str,
    scope: str,
    key: str | None,
    request: BaseModel | None,
    status_code: int,
    run: Callable[[], Awaitable[BaseModel]],
    location: Callable[[Any], str] | None = None,
) -> JSONResponse:
    """Run ``run`` once per key; later calls with the key get the first response back.

    ``location`` maps the JSON body to the created resource's path: the ``Location`` of
    the first response and of every replay.
    """

    def headers(body: Any) -> dict[str, str]:
        return {"Location": location(body)} if location is not None else {}

    if key is None:
        body = (await run()).model_dump(mode="json", by_alias=True)
        return JSONBodyResponse(body, status_code=status_code, headers=headers(body))
    stored = await claim(session, user_id=user_id, scope=scope, key=key, request=request)
    if stored is not None:
        return stored.response(headers(stored.body))
    body = (await run()).model_dump(mode="json", by_alias=True)
    await record(session, user_id=user_id, scope=scope, key=key, status_code=status_code, body=body)
    return JSONBodyResponse(body, status_code=status_code, headers=headers(body))


_PRUNE = text(
    """DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys
         WHERE created_at < now() - make_interval(secs => :retention)
         LIMIT :batch)"""
)


async def prune_once(db: AsyncSession, *, retention_s: float, batch: int = 5_000) -> int:
    """Delete up to ``batch`` keys older than ``retention_s``; how many went."""
    result = await db.execute(_PRUNE, {"retention": retention_s, "batch": batch})
    return int(getattr(result, "rowcount", 0) or 0)


async def prune_idempotency_keys(ctx: ServiceContext) -> None:
    """Background job of every service's workers: keys live ``idempotency_retention_s``.

    Deletes in small batches (short transactions, no long locks), then sleeps.
    """
    settings = ctx.settings
    while True:
        try:
            while True:
                async with ctx.db.session() as db:
                    deleted = await prune_once(db, retention_s=settings.idempotency_retention_s)
                if deleted < 5_000:
                    break
        except Exception as exc:
            log.error(
                "idempotency_prune_failed", service=ctx.spec.name, exception=plain_traceback(exc)
            )
        await asyncio.sleep(settings.idempotency_prune_interval_s)
