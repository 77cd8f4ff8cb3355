"""The limit a hot path is compared against: FastAPI + asyncpg, one statement per request.

    python bench/_limit_app.py --dsn postgresql://... --schema bench_x --port 8123

``POST /items`` (session-api's limit) validates a small JSON body with Pydantic, inserts
one row with one round trip on a pooled connection and answers 201 with the id.
``PATCH /docs/{id}`` (the builder's) writes the request's JSON body, unparsed, over one
document with one ``UPDATE`` (the database checks it is JSON) and answers its revision.
Both are served by uvicorn with the same defaults as ``sessionhub serve`` (uvloop and
httptools when installed). No auth, no middleware, no logging: what any endpoint doing
this one write costs on this machine.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import uvicorn
from fastapi import FastAPI, Request
from pydantic import BaseModel


class ItemCreate(BaseModel):
    agent_name: str


class ItemCreated(BaseModel):
    id: int


class DocSaved(BaseModel):
    revision: int


def build(dsn: str, schema: str, pool_size: int, docs: int, compression: str) -> FastAPI:
    pool: asyncpg.Pool | None = None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        nonlocal pool
        pool = await asyncpg.create_pool(dsn, min_size=pool_size, max_size=pool_size)
        async with pool.acquire() as conn:
            await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            await conn.execute(
                f'CREATE TABLE IF NOT EXISTS "{schema}".items '
                "(id bigserial PRIMARY KEY, agent_name text NOT NULL, "
                "created_at timestamptz NOT NULL DEFAULT now())"
            )
            await conn.execute(
                f'CREATE TABLE IF NOT EXISTS "{schema}".docs '
                f"(id int PRIMARY KEY, doc jsonb COMPRESSION {compression}, revision int NOT NULL)"
            )
            await conn.executemany(
                f"INSERT INTO \"{schema}\".docs VALUES ($1, '{{}}', 1) ON CONFLICT DO NOTHING",
                [(i,) for i in range(docs)],
            )
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(lifespan=lifespan)
    insert = f'INSERT INTO "{schema}".items (agent_name) VALUES ($1) RETURNING id'
    update = (
        f'UPDATE "{schema}".docs SET doc = $1::text::jsonb, revision = revision + 1 '
        "WHERE id = $2 RETURNING revision"
    )

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/items", status_code=201)
    async def create_item(body: ItemCreate) -> ItemCreated:
        assert pool is not None
        return ItemCreated(id=await pool.fetchval(insert, body.agent_name))

    @app.patch("/docs/{doc_id}")
    async def save_doc(doc_id: int, request: Request) -> DocSaved:
        assert pool is not None
        body = (await request.body()).decode()
        return DocSaved(revision=await pool.fetchval(update, body, doc_id))

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pool-size", type=int, default=10)
    parser.add_argument("--docs", type=int, default=0, help="documents PATCH /docs/{id} writes")
    parser.add_argument("--doc-compression", default="pglz", choices=("pglz", "lz4"))
    args = parser.parse_args()
    uvicorn.run(
        build(args.dsn, args.schema, args.pool_size, args.docs, args.doc_compression),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
