"""What a service declares (ServiceSpec) and what it gets at run time (ServiceContext)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from openai import AsyncOpenAI
from redis.asyncio import Redis

from sessionhub.common.config import Settings
from sessionhub.common.db import Database
from sessionhub.common.events.subscription import Subscription

if TYPE_CHECKING:
    import typer

    from sessionhub.common.events.bus import Bus


def queue_name(settings: Settings, service: str, purpose: str) -> str:
    """One durable queue per (service, purpose); replicas of the service compete on it."""
    return f"{settings.queue_prefix}{service}.{purpose}"


@dataclass(frozen=True)
class ServiceSpec:
    """A service as the runtime sees it; every topology assembles these the same way."""

    name: str
    schema: str
    migrations: str
    description: str = ""
    router: Callable[[], APIRouter] | None = None
    subscriptions: tuple[Subscription, ...] = ()
    background: tuple[Callable[[ServiceContext], Coroutine[Any, Any, None]], ...] = ()
    on_start: Callable[[ServiceContext], Coroutine[Any, Any, None]] | None = None
    on_stop: Callable[[ServiceContext], Coroutine[Any, Any, None]] | None = None
    cli: Callable[[], typer.Typer] | None = None
    cli_name: str | None = None
    #: Facts ``/ready`` reports without failing on them (e.g. a degraded mode).
    status: Callable[[ServiceContext], dict[str, str]] | None = None


@dataclass
class ServiceContext:
    spec: ServiceSpec
    settings: Settings
    db: Database
    redis: Redis
    bus: Bus
    llm: AsyncOpenAI | None
    state: dict[str, Any] = field(default_factory=dict)

    def queue(self, purpose: str) -> str:
        return queue_name(self.settings, self.spec.name, purpose)

    def key(self, *parts: object) -> str:
        """A Redis key in this service's namespace."""
        return ":".join([self.settings.redis_prefix + self.spec.name, *map(str, parts)])


def load_specs(names: list[str] | None = None) -> list[ServiceSpec]:
    """Services installed in this environment, discovered by entry point."""
    found = {ep.name: ep for ep in entry_points(group="sessionhub.services")}
    wanted = names or sorted(found)
    unknown = [n for n in wanted if n not in found]
    if unknown:
        raise KeyError(
            f"unknown service(s): {', '.join(unknown)}; installed: {', '.join(sorted(found))}"
        )
    return [found[n].load() for n in wanted]


def service_context(request: Request, name: str) -> ServiceContext:
    ctx: ServiceContext = request.app.state.runtime.services[name]
    return ctx
