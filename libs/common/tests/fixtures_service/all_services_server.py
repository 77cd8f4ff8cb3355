"""Every installed service in one real server process (the bad-input suite's target).

Reads its settings from the environment like ``sessionhub serve``, prints its port,
serves until terminated.
"""

from __future__ import annotations

import asyncio
import socket

import uvicorn

from sessionhub.common.app import create_app
from sessionhub.common.config import Settings
from sessionhub.common.logging import configure_logging
from sessionhub.common.service import load_specs


async def main() -> None:
    settings = Settings()
    configure_logging(settings)
    app = create_app(settings, load_specs(), consumers=True)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(app, log_config=None, access_log=False)
    await uvicorn.Server(config).serve(sockets=[sock])


if __name__ == "__main__":
    asyncio.run(main())
