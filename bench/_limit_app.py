"""The limit session-api's hot path is compared against: FastAPI + asyncpg, one INSERT.

    python bench/_limit_app.py --dsn postgresql://... --schema bench_x --port 8123

``POST /items`` validates a small JSON body with Pydantic, inserts one row with one
round trip on a pooled connection and answers 201 with the id, served by uvicorn with
the same defaults as ``sessionhub serve`` (uvloop and httptools when installed). No auth,
no middleware, no logging: what any endpoint doing this one write costs on this machine.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel


class ItemCreate(BaseModel):
    agent_name: str


class ItemCreated(BaseModel):
    id: int


def build(dsn: str, schema: str, pool_size: int) -> FastAPI:
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
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(lifespan=lifespan)
    insert = f'INSERT INTO "{schema}".items (agent_name) VALUES ($1) RETURNING id'

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/items", status_code=201)
    async def create_item(body: ItemCreate) -> ItemCreated:
        assert pool is not None
        return ItemCreated(id=await pool.fetchval(insert, body.agent_name))

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--schema", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pool-size", type=int, default=10)
    args = parser.parse_args()
    uvicorn.run(
        build(args.dsn, args.schema, args.pool_size),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
    )


if __name__ == "__main__":
    main()
