"""RabbitMQ transport: one topic exchange, quorum queues, TTL retry queues, DLQs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

import aio_pika
import aiormq
import structlog
from aio_pika.abc import (
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustChannel,
    AbstractRobustConnection,
)
from aiormq.abc import DeliveredMessage
from aiormq.exceptions import AMQPError, ChannelInvalidStateError
from pamqp.commands import Basic

from sessionhub.common.events.bus import (
    Bus,
    ConsumerHandle,
    DeadLetter,
    Inflight,
    OutgoingMessage,
    describe_error,
)
from sessionhub.common.metrics import EVENTS_DEAD_LETTERED, EVENTS_RETRIED, EVENTS_UNROUTABLE

if TYPE_CHECKING:
    import asyncpg

    from sessionhub.common.events.consumer import Processor

log = structlog.get_logger()

CONTENT_TYPE = "application/cloudevents+json"
QUORUM = {"x-queue-type": "quorum"}
PERSISTENT = int(aio_pika.DeliveryMode.PERSISTENT)


def retry_queue(queue: str, delay_ms: int) -> str:
    # The delay is in the name: a queue's TTL cannot change once declared.
    return f"{queue}.retry.{delay_ms}ms"


def dlq(queue: str) -> str:
    return f"{queue}.dlq"


class RabbitBus(Bus):
    def __init__(
        self,
        url: str,
        *,
        exchange: str,
        retry_delays_ms: list[int],
        reconnect_interval_s: float = 1.0,
        publish_timeout_s: float = 30.0,
    ) -> None:
        self._url = url
        self._exchange_name = exchange
        self._delays = retry_delays_ms
        self._reconnect_interval_s = reconnect_interval_s
        self._publish_timeout_s = publish_timeout_s
        self._connection: AbstractRobustConnection | None = None
        self._publisher: AbstractRobustChannel | None = None

    async def start(self) -> None:
        self._connection = await aio_pika.connect_robust(
            self._url,
            client_properties={"connection_name": f"sessionhub {self._exchange_name}"},
            reconnect_interval=self._reconnect_interval_s,
        )
        self._publisher = await self._connection.channel(publisher_confirms=True)
        # Declared on the publisher channel so a reconnect declares it again.
        await self._declare_exchange(self._publisher)

    async def _declare_exchange(
        self, channel: AbstractRobustChannel
    ) -> aio_pika.abc.AbstractExchange:
        return await channel.declare_exchange(
            self._exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
        )

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
            self._connection = None
            self._publisher = None

    async def ping(self) -> None:
        # A robust connection is not "closed" while it reconnects, yet it is not ready.
        self._ensure_connected()

    @property
    def publisher(self) -> AbstractRobustChannel:
        if self._publisher is None:
            raise RuntimeError("RabbitBus.start() was not called")
        return self._publisher

    def _ensure_connected(self) -> AbstractRobustConnection:
        connection = self._connection
        if connection is None:
            raise RuntimeError("RabbitBus.start() was not called")
        if not connection.connected.is_set():
            # Waiting for the robust reconnect would hold the relay's row locks and
            # transaction open for as long as the broker is away; fail and back off.
            raise ConnectionError("RabbitMQ is unreachable; reconnecting")
        return connection

    async def publish(self, conn: asyncpg.Connection, messages: list[OutgoingMessage]) -> None:
        self._ensure_connected()
        channel = cast(aiormq.Channel, await self.publisher.get_underlay_channel())
        # The channel underneath aio-pika's Exchange.publish, which waits for the socket
        # to drain after every message while holding the channel lock: that serialises
        # a batch. Here frames are queued back to back (wait=False) and the confirms,
        # which the broker pipelines, are awaited together: one round trip per batch.
        # The timeout covers a half-open TCP connection that never answers.
        results = await asyncio.wait_for(
            asyncio.gather(
                *(
                    channel.basic_publish(
                        m.body,
                        exchange=self._exchange_name,
                        routing_key=m.routing_key,
                        properties=Basic.Properties(
                            message_id=m.event_id,
                            message_type=m.routing_key,
                            content_type=CONTENT_TYPE,
                            delivery_mode=PERSISTENT,
                        ),
                        mandatory=True,
                        wait=False,
                    )
                    for m in messages
                )
            ),
            self._publish_timeout_s,
        )
        for m, result in zip(messages, results, strict=True):
            if isinstance(result, DeliveredMessage):
                # No queue is bound yet: nobody subscribes, which is not an error.
                EVENTS_UNROUTABLE.labels(m.routing_key).inc()
                log.warning("event_unroutable", event_type=m.routing_key, event_id=m.event_id)

    async def declare(
        self, channel: AbstractRobustChannel, queue: str, keys: list[str]
    ) -> AbstractQueue:
        exchange = await self._declare_exchange(channel)
        main = await channel.declare_queue(queue, durable=True, arguments=QUORUM)
        for key in keys:
            await main.bind(exchange, routing_key=key)
        for delay in self._delays:
            await channel.declare_queue(
                retry_queue(queue, delay),
                durable=True,
                arguments={
                    "x-message-ttl": delay,
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": queue,
                },
            )
        await channel.declare_queue(dlq(queue), durable=True, arguments=QUORUM)
        return main

    async def ensure_queue(self, queue: str, routing_keys: list[str]) -> None:
        assert self._connection is not None
        channel = await self._connection.channel(publisher_confirms=False)
        try:
            await self.declare(channel, queue, routing_keys)
        finally:
            await channel.close()

    async def consume(self, queue: str, processor: Processor) -> ConsumerHandle:
        assert self._connection is not None
        channel = await self._connection.channel(publisher_confirms=False)
        await channel.set_qos(prefetch_count=processor.subscription.prefetch)
        main = await self.declare(channel, queue, processor.subscription.routing_keys)
        consumer = _RabbitConsumer(self, channel, main, processor)
        await consumer.start()
        return consumer

    async def park_or_retry(
        self, queue: str, message: AbstractIncomingMessage, exc: BaseException, attempt: int
    ) -> None:
        """Re-route a failed delivery to its next retry queue, or to the DLQ when spent."""
        headers: dict[str, Any] = dict(message.headers or {})
        error = describe_error(exc)
        if attempt < len(self._delays):
            target = retry_queue(queue, self._delays[attempt])
            headers.update({"x-attempt": attempt + 1, "x-last-error": error})
            EVENTS_RETRIED.labels(queue).inc()
            log.warning("event_retry_scheduled", queue=queue, attempt=attempt + 1, error=error)
        else:
            target = dlq(queue)
            headers.update(
                {
                    "x-attempt": attempt + 1,
                    "x-error": error,
                    "x-failed-at": datetime.now(UTC).isoformat(),
                    "x-original-queue": queue,
                }
            )
            EVENTS_DEAD_LETTERED.labels(queue).inc()
            log.error("event_dead_lettered", queue=queue, attempts=attempt + 1, error=error)
        self._ensure_connected()
        await asyncio.wait_for(self._forward(message, headers, target), self._publish_timeout_s)

    async def _forward(
        self, message: AbstractIncomingMessage, headers: dict[str, Any], queue: str
    ) -> None:
        """Send a copy of ``message`` straight to ``queue`` (retry, DLQ or back from it)."""
        await self.publisher.default_exchange.publish(
            aio_pika.Message(
                message.body,
                headers=headers,
                message_id=message.message_id,
                type=message.type,
                content_type=message.content_type,
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            routing_key=queue,
        )

    async def queue_exists(self, queue: str) -> bool:
        # A passive declare fails (and closes its channel) when the queue is missing.
        channel = await self._ensure_connected().channel()
        try:
            await channel.declare_queue(queue, passive=True)
        except aiormq.exceptions.ChannelNotFoundEntity:
            return False
        finally:
            with contextlib.suppress(Exception):
                await channel.close()
        return True

    async def _dlq_queue(self, queue: str) -> tuple[AbstractRobustChannel, AbstractQueue]:
        assert self._connection is not None
        channel = await self._connection.channel()
        await self.declare(channel, queue, [])
        return channel, await channel.get_queue(dlq(queue), ensure=False)

    async def dlq_list(self, queue: str, limit: int = 100) -> list[DeadLetter]:
        channel, parked = await self._dlq_queue(queue)
        held: list[AbstractIncomingMessage] = []
        try:
            while len(held) < limit:
                message = await parked.get(no_ack=False, fail=False)
                if message is None:
                    break
                held.append(message)
            return [_dead_letter(m) for m in held]
        finally:
            # Closing the channel hands every held message back, in order.
            await channel.close()

    async def dlq_replay(self, queue: str) -> int:
        channel, parked = await self._dlq_queue(queue)
        replayed = 0
        try:
            while (message := await parked.get(no_ack=False, fail=False)) is not None:
                headers = {
                    k: v for k, v in (message.headers or {}).items() if not k.startswith("x-")
                }
                await self._forward(message, headers, queue)
                await message.ack()
                replayed += 1
        finally:
            await channel.close()
        return replayed

    async def dlq_purge(self, queue: str) -> int:
        channel, parked = await self._dlq_queue(queue)
        try:
            result = await parked.purge()
            return int(getattr(result, "message_count", 0) or 0)
        finally:
            await channel.close()


def _dead_letter(message: AbstractIncomingMessage) -> DeadLetter:
    headers = message.headers or {}
    failed_at = headers.get("x-failed-at")
    return DeadLetter(
        ref=str(message.message_id),
        event_id=message.message_id,
        event_type=message.type,
        error=str(headers.get("x-error")) if headers.get("x-error") else None,
        attempts=_attempt(message),
        failed_at=datetime.fromisoformat(str(failed_at)) if failed_at else None,
    )


class _RabbitConsumer(ConsumerHandle):
    def __init__(
        self,
        bus: RabbitBus,
        channel: AbstractRobustChannel,
        queue: AbstractQueue,
        processor: Processor,
    ) -> None:
        self._bus = bus
        self._channel = channel
        self._queue = queue
        self._processor = processor
        self._inflight = Inflight()
        self._tag: str | None = None
        self._batch: asyncio.Queue[AbstractIncomingMessage] | None = None
        self._batcher: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._processor.subscription.batch_handler is not None:
            self._batch = asyncio.Queue()
            self._batcher = asyncio.create_task(self._drain_batches())
            self._tag = await self._queue.consume(self._enqueue)
        else:
            self._tag = await self._queue.consume(self._on_message)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        if self.stopping:
            # Not started: left unacked, it goes back to the queue when the channel closes.
            return
        with self._inflight:
            attempt = _attempt(message)
            try:
                await self._processor.handle(message.body, attempt)
            except Exception as exc:
                await self._fail(message, exc, attempt)
            else:
                await _settle(message.ack(), self._processor.queue)

    async def _fail(
        self, message: AbstractIncomingMessage, exc: BaseException, attempt: int
    ) -> None:
        try:
            await self._bus.park_or_retry(self._processor.queue, message, exc, attempt)
        except Exception:
            # Could not re-route: let the broker redeliver it instead of losing it.
            log.warning("event_reroute_failed", queue=self._processor.queue, exc_info=True)
            await _settle(message.nack(requeue=True), self._processor.queue)
            return
        await _settle(message.ack(), self._processor.queue)

    async def _enqueue(self, message: AbstractIncomingMessage) -> None:
        assert self._batch is not None
        if not self.stopping:
            self._batch.put_nowait(message)

    async def _drain_batches(self) -> None:
        assert self._batch is not None
        size = self._processor.subscription.batch_size
        while True:
            first = await self._batch.get()
            if self.stopping:
                continue
            with self._inflight:
                batch = [first]
                while len(batch) < size and not self._batch.empty():
                    batch.append(self._batch.get_nowait())
                try:
                    await self._handle_batch(batch)
                except Exception:
                    # This task is the only reader of the buffer: it must outlive any
                    # batch, or the consumer would stall while holding its prefetch.
                    log.exception("event_batch_failed", queue=self._processor.queue)

    async def _handle_batch(self, batch: list[AbstractIncomingMessage]) -> None:
        outcomes = await self._processor.handle_batch([(m.body, _attempt(m)) for m in batch])
        done: list[AbstractIncomingMessage] = []
        for message, outcome in zip(batch, outcomes, strict=True):
            if outcome is None:
                done.append(message)
            else:
                await self._fail(message, outcome, _attempt(message))
        if not done:
            return
        # Every earlier delivery of this channel is settled by now (batches run one at
        # a time, failures were settled above), so one multiple-ack covers the batch.
        # After a reconnect a batch may straddle two channels: ack those one by one.
        if len({id(_channel_of(m)) for m in done}) == 1:
            await _settle(done[-1].ack(multiple=True), self._processor.queue)
        else:
            for message in done:
                await _settle(message.ack(), self._processor.queue)

    async def stop(self, grace_s: float) -> None:
        self.stopping = True
        if self._tag is not None:
            with contextlib.suppress(Exception):
                await self._queue.cancel(self._tag)
        # Deliveries already buffered for a batch have not started: leave them unacked.
        if self._batch is not None:
            while not self._batch.empty():
                self._batch.get_nowait()
        finished = await self._inflight.wait_idle(grace_s)
        if not finished:
            log.warning("consumer_stopped_with_inflight", queue=self._processor.queue)
        if self._batcher is not None:
            self._batcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._batcher
        # Unacked deliveries go back to the queue when the channel closes.
        with contextlib.suppress(Exception):
            await self._channel.close()


async def _settle(action: Awaitable[None], queue: str) -> None:
    """Ack or nack; a channel lost meanwhile means the broker redelivers instead."""
    try:
        await action
    except (AMQPError, ChannelInvalidStateError, ConnectionError) as exc:
        # The effect (if any) committed with its inbox row, so the redelivery is a no-op.
        log.info("event_settle_lost", queue=queue, error=repr(exc))


def _channel_of(message: AbstractIncomingMessage) -> object | None:
    try:
        return message.channel
    except ChannelInvalidStateError:
        return None


def _attempt(message: AbstractIncomingMessage) -> int:
    value = (message.headers or {}).get("x-attempt", 0)
    return int(value) if isinstance(value, int | str) else 0
