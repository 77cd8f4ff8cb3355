"""The transport seam: RabbitMQ in the distributed topology, PostgreSQL when embedded."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Types only: `sessionhub dlq` loads a transport and should not pay for SQLAlchemy
    # and the consumer machinery it never uses.
    import asyncpg

    from sessionhub.common.config import Settings
    from sessionhub.common.events.consumer import Processor


@dataclass(frozen=True)
class OutgoingMessage:
    event_id: str
    routing_key: str
    body: bytes


@dataclass(frozen=True)
class DeadLetter:
    ref: str
    event_id: str | None
    event_type: str | None
    error: str | None
    attempts: int
    failed_at: datetime | None


def describe_error(exc: BaseException) -> str:
    """What a transport stores with a retried or dead-lettered delivery."""
    text = f"{type(exc).__name__}: {exc}"
    return text[:2000]


class ConsumerHandle(ABC):
    #: Set once :meth:`stop` began: no new delivery starts after that.
    stopping: bool = False

    @abstractmethod
    async def stop(self, grace_s: float) -> None:
        """Stop taking deliveries, finish in-flight ones within ``grace_s``, give back the rest."""


class Bus(ABC):
    """Moves relayed outbox rows to the queues of the services that subscribe."""

    @abstractmethod
    async def start(self) -> None: ...

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def ping(self) -> None: ...

    @abstractmethod
    async def publish(self, conn: asyncpg.Connection, messages: list[OutgoingMessage]) -> None:
        """Publish durably before returning.

        ``conn`` is a connection to the publishing service's database, in the caller's
        transaction when it has one (the relay's, which marks the rows sent): the
        embedded bus writes its deliveries there with one statement; a broker ignores it.
        """

    @abstractmethod
    async def consume(self, queue: str, processor: Processor) -> ConsumerHandle: ...

    @abstractmethod
    async def ensure_queue(self, queue: str, routing_keys: list[str]) -> None:
        """Declare ``queue`` and its bindings without consuming from it.

        Events published before the queue exists reach nobody, so every process that
        knows a subscription declares its queue, consumers running or not.
        """

    @abstractmethod
    async def queue_exists(self, queue: str) -> bool:
        """Whether ``queue`` was declared, without declaring it (operators mistype names)."""

    @abstractmethod
    async def dlq_list(self, queue: str, limit: int = 100) -> list[DeadLetter]: ...

    @abstractmethod
    async def dlq_replay(self, queue: str) -> int: ...

    @abstractmethod
    async def dlq_purge(self, queue: str) -> int: ...


class Inflight:
    """Counts deliveries being handled so shutdown can wait for them."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def __enter__(self) -> None:
        self._count += 1
        self._idle.clear()

    def __exit__(self, *exc: object) -> None:
        self._count -= 1
        if self._count == 0:
            self._idle.set()

    async def wait_idle(self, timeout_s: float) -> bool:
        try:
            await asyncio.wait_for(self._idle.wait(), timeout_s)
        except TimeoutError:
            return False
        return True


def create_bus(settings: Settings) -> Bus:
    """RabbitMQ when configured, else the embedded bus in PostgreSQL.

    The transports are imported here, not at module level: ``sessionhub dlq`` needs one
    of them and nothing else of the runtime.
    """
    if settings.rabbitmq_url:
        from sessionhub.common.events.rabbit import RabbitBus

        return RabbitBus(
            settings.rabbitmq_url,
            exchange=settings.events_exchange,
            retry_delays_ms=settings.retry_delays_ms,
        )
    from sessionhub.common.events.pgbus import PostgresBus

    assert settings.database_url
    return PostgresBus(
        settings.database_url,
        schema=f"{settings.db_schema_prefix}sessionhub_bus",
        retry_delays_ms=settings.retry_delays_ms,
    )
