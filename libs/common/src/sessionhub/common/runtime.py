"""Starts and stops everything a process runs: databases, bus, relays, consumers, tasks."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_delay, wait_exponential

from sessionhub.common.auth import TokenVerifier
from sessionhub.common.config import Settings
from sessionhub.common.db import Database
from sessionhub.common.events.bus import ConsumerHandle, create_bus
from sessionhub.common.events.consumer import Processor
from sessionhub.common.events.relay import OutboxRelay
from sessionhub.common.idempotency import prune_idempotency_keys
from sessionhub.common.llm import create_llm_client, warm_up
from sessionhub.common.redis import create_redis
from sessionhub.common.service import ServiceContext, ServiceSpec, queue_name

log = structlog.get_logger()


async def _wait_for(
    what: str, probe: Callable[[], Awaitable[object]], timeout_s: float = 60
) -> None:
    """Dependencies start in any order under compose/k8s; wait for them, then fail loudly."""
    async for attempt in AsyncRetrying(
        stop=stop_after_delay(timeout_s),
        wait=wait_exponential(multiplier=0.2, max=3),
        retry=retry_if_exception_type(Exception),
        reraise=True,
    ):
        with attempt:
            if attempt.retry_state.attempt_number > 1:
                log.info("waiting_for_dependency", dependency=what)
            await probe()


async def declare_queues(settings: Settings, specs: list[ServiceSpec]) -> list[str]:
    """Declare the queue and bindings of every subscription of ``specs``."""
    bus = create_bus(settings)
    await bus.start()
    try:
        declared = []
        for spec in specs:
            for sub in spec.subscriptions:
                queue = queue_name(settings, spec.name, sub.purpose)
                await bus.ensure_queue(queue, sub.routing_keys)
                declared.append(queue)
        return declared
    finally:
        await bus.close()


class Runtime:
    def __init__(
        self,
        settings: Settings,
        specs: list[ServiceSpec],
        *,
        consumers: bool = True,
        relays: bool = True,
        background: bool | None = None,
    ) -> None:
        if not settings.database_url or not settings.redis_url:
            raise ValueError("DATABASE_URL and REDIS_URL must be set (sessionhub run sets them)")
        self.settings = settings
        self.specs = specs
        self.run_consumers = consumers
        self.run_relays = relays
        self.run_background = consumers if background is None else background
        self.verifier = TokenVerifier(settings)
        self.redis = create_redis(settings.redis_url)
        self.bus = create_bus(settings)
        self.llm = create_llm_client(
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            timeout_s=settings.openai_timeout_s,
        )
        self.services: dict[str, ServiceContext] = {}
        self.relays: list[OutboxRelay] = []
        self._consumers: list[ConsumerHandle] = []
        self._tasks: list[asyncio.Task[None]] = []

    @property
    def consumers(self) -> list[ConsumerHandle]:
        return list(self._consumers)

    async def start(self) -> None:
        settings = self.settings
        assert settings.database_url
        for spec in self.specs:
            db = Database(
                settings.database_url,
                settings.db_schema_prefix + spec.schema,
                source=spec.name,
                pool_size=settings.db_pool_size,
                driver_pool_size=settings.db_driver_pool_size,
            )
            self.services[spec.name] = ServiceContext(
                spec, settings, db, self.redis, self.bus, self.llm
            )
        first = next(iter(self.services.values()), None)
        if first is not None:
            await _wait_for("postgresql", first.db.ping)
        await _wait_for("redis", self.redis.ping)
        await _wait_for("event bus", self.bus.start)
        for ctx in self.services.values():
            if settings.migrate_on_start:
                await ctx.db.migrate(ctx.spec.migrations)
            if ctx.spec.on_start is not None:
                await ctx.spec.on_start(ctx)
        if self.llm is not None:
            # Before the first delivery: a scaled-out worker must serve at full speed at once.
            await warm_up(self.llm)
        # Queues exist before the first relay runs: a message the broker cannot route
        # to any queue is dropped, and so is an embedded delivery with no binding.
        for ctx in self.services.values():
            for sub in ctx.spec.subscriptions:
                queue = ctx.queue(sub.purpose)
                if self.run_consumers:
                    self._consumers.append(
                        await self.bus.consume(queue, Processor(ctx, sub, queue))
                    )
                else:
                    await self.bus.ensure_queue(queue, sub.routing_keys)
        if self.run_relays:
            for ctx in self.services.values():
                relay = OutboxRelay(
                    ctx.db,
                    self.bus,
                    batch_size=settings.outbox_batch_size,
                    poll_interval_s=settings.outbox_poll_interval_s,
                    retention_s=settings.outbox_retention_s,
                    inbox_retention_s=settings.inbox_retention_s,
                )
                self.relays.append(relay)
                self._tasks.append(asyncio.create_task(relay.run(), name=f"relay:{ctx.spec.name}"))
        if self.run_background:
            for ctx in self.services.values():
                for job in (prune_idempotency_keys, *ctx.spec.background):
                    self._tasks.append(asyncio.create_task(job(ctx), name=f"bg:{ctx.spec.name}"))
        log.info(
            "runtime_started",
            services=[s.name for s in self.specs],
            bus=type(self.bus).__name__,
            consumers=len(self._consumers),
            llm=self.llm is not None,
        )

    async def stop(self) -> None:
        grace = self.settings.shutdown_grace_s
        await asyncio.gather(*(c.stop(grace) for c in self._consumers), return_exceptions=True)
        for relay in self.relays:
            await relay.stop()
        for task in self._tasks:
            if not task.get_name().startswith("relay:"):
                task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, grace)
        for ctx in self.services.values():
            if ctx.spec.on_stop is not None:
                with contextlib.suppress(Exception):
                    await ctx.spec.on_stop(ctx)
        await self.bus.close()
        for ctx in self.services.values():
            await ctx.db.dispose()
        with contextlib.suppress(Exception):
            await self.redis.aclose()
        if self.llm is not None:
            await self.llm.close()
        log.info("runtime_stopped")
