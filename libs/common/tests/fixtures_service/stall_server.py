"""A real server process for the stall test: the probe service plus expensive failures.

Run as ``python stall_server.py``; it reads its settings from the environment like
``sessionhub serve`` (logging configured the same way), prints its port, and serves
until terminated.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import APIRouter, Request
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).parent))

from probe import probe_spec

from sessionhub.common.app import create_app
from sessionhub.common.auth import CurrentUser
from sessionhub.common.config import Settings
from sessionhub.common.db import session_dep
from sessionhub.common.logging import configure_logging

SessionDep = session_dep("probe")


def _descend(level: int, payload: bytes, bulky: dict[str, Any]) -> None:
    # Every frame holds the whole body and a large structure: what a renderer that
    # prints locals has to walk, frame after frame.
    if level == 0:
        raise RuntimeError(f"failed at the bottom with {len(payload)} bytes")
    _descend(level - 1, payload, {"up": bulky, "level": level})


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/stall")

    @router.post("/deep")
    async def deep(request: Request, user: CurrentUser) -> None:
        payload = await request.body()
        bulky = {f"k{i}": list(range(200)) for i in range(200)}
        _descend(400, payload, bulky)

    @router.get("/db-error")
    async def db_error(db: SessionDep, user: CurrentUser) -> None:
        await db.execute(text("SELECT * FROM no_such_table"))

    return router


async def main() -> None:
    settings = Settings()
    configure_logging(settings)
    app = create_app(settings, [replace(probe_spec(), router=build_router)], consumers=False)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(app, log_config=None, access_log=False)
    await uvicorn.Server(config).serve(sockets=[sock])


if __name__ == "__main__":
    asyncio.run(main())
