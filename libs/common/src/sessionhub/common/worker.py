"""``sessionhub worker``: consumers, relays and background jobs without HTTP."""

from __future__ import annotations

import asyncio
import signal

import structlog
from prometheus_client import start_http_server

from sessionhub.common.config import Settings
from sessionhub.common.runtime import Runtime
from sessionhub.common.service import ServiceSpec

log = structlog.get_logger()


async def run_worker(
    settings: Settings, specs: list[ServiceSpec], *, metrics_port: int = 0
) -> None:
    if metrics_port:
        start_http_server(metrics_port)
    runtime = Runtime(settings, specs, consumers=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await runtime.start()
    log.info("worker_ready", services=[s.name for s in specs])
    await stop.wait()
    log.info("worker_stopping", grace_s=settings.shutdown_grace_s)
    await runtime.stop()
