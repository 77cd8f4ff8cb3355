"""What a service subscribes to: one durable queue, its events and their handler.

Its own module so a service's spec can name its subscriptions without importing the
consumer machinery (which imports the service types back).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sessionhub.common.events.registry import Event

if TYPE_CHECKING:
    from sessionhub.common.events.consumer import BatchContext, Delivery, HandlerContext

Handler = Callable[["HandlerContext", "Delivery[Any]"], Awaitable[None]]
BatchHandler = Callable[["BatchContext", "list[Delivery[Any]]"], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """One durable queue of a service: the events it needs and who handles them.

    ``concurrency`` is how many deliveries one process handles at once (the
    broker prefetch); a ``batch_handler`` gets up to ``batch_size`` deliveries in
    one transaction, for write-heavy consumers.
    """

    purpose: str
    events: tuple[type[Event], ...]
    handler: Handler | None = None
    batch_handler: BatchHandler | None = None
    concurrency: int = 1
    batch_size: int = 200

    def __post_init__(self) -> None:
        if (self.handler is None) == (self.batch_handler is None):
            raise ValueError("a subscription needs exactly one of handler / batch_handler")

    @property
    def routing_keys(self) -> list[str]:
        return sorted({e.event_type for e in self.events})

    @property
    def prefetch(self) -> int:
        return self.batch_size * 2 if self.batch_handler else self.concurrency
