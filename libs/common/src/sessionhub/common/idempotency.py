"""``Idempotency-Key`` for creating POSTs, stored with the resource in one transaction.

The key row is inserted before the work; a concurrent request with the same key
blocks on that row until the first commits, then replays its stored response.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Header
from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import JSONResponse

from sessionhub.common.errors import Conflict, UnprocessableEntity
from sessionhub.common.events.outbox import idempotency_table as table

# Declare it as ``key: IdempotencyKey = None``: FastAPI takes the default from the signature.
IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=255, description="Retry-safe creation key."),
]


def fingerprint(request: BaseModel | None) -> str:
    raw = request.model_dump_json() if request is not None else ""
    return hashlib.sha256(raw.encode()).hexdigest()


class StoredResponse:
    """What a replayed key answers: the first response, status and body."""

    def __init__(self, status_code: int, body: Any) -> None:
        self.status_code = status_code
        self.body = body

    def response(self, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(
            self.body,
            status_code=self.status_code,
            headers={**(headers or {}), "Idempotent-Replayed": "true"},
        )


async def claim(
    session: AsyncSession, *, user_id: str, scope: str, key: str, request: BaseModel | None
) -> StoredResponse | None:
    """Reserve ``key`` in ``session``'s transaction; or return the response stored under it.

    ``None`` means the caller owns the key and must :func:`record` its response.
    """
    print_ = fingerprint(request)
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
            "This Idempotency-Key was already used with a different request body."
        )
    if row.status_code is None:
        # Only flows spanning several transactions commit a claim before its answer.
        raise Conflict("A request with this Idempotency-Key is still being processed.")
    return StoredResponse(row.status_code, row.body)


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
    run: Callable[[], Awaitable[Any]],
    location: Callable[[Any], str] | None = None,
) -> JSONResponse:
    """Run ``run`` once per key; later calls with the key get the first response back.

    ``location`` maps the JSON body to the created resource's path: the ``Location`` of
    the first response and of every replay.
    """

    def headers(body: Any) -> dict[str, str]:
        return {"Location": location(body)} if location is not None else {}

    if key is None:
        body = jsonable_encoder(await run())
        return JSONResponse(body, status_code=status_code, headers=headers(body))
    stored = await claim(session, user_id=user_id, scope=scope, key=key, request=request)
    if stored is not None:
        return stored.response(headers(stored.body))
    body = jsonable_encoder(await run())
    await record(session, user_id=user_id, scope=scope, key=key, status_code=status_code, body=body)
    return JSONResponse(body, status_code=status_code, headers=headers(body))
