"""The notifier against the real Redis: order, batching, loss tolerated, shutdown."""

from __future__ import annotations

import asyncio
import uuid

from redis.asyncio import Redis
from structlog.testing import capture_logs

from sessionhub.common.redis import Notifier
from sessionhub.testing.plugin import REDIS_URL, wait_until


async def received(redis: Redis, channel: str, count: int) -> list[bytes]:
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(channel)
    got: list[bytes] = []
    try:

        async def more() -> bool:
            while (message := await pubsub.get_message(timeout=0.05)) is not None:
                got.append(message["data"])
            return len(got) >= count

        await wait_until(more, message=f"{count} messages on {channel}")
        return got
    finally:
        await pubsub.aclose()


async def subscribed(redis: Redis, channel: str) -> None:
    async def one() -> bool:
        counts = await redis.pubsub_numsub(channel)
        return bool(counts and counts[0][1] >= 1)

    await wait_until(one, message=f"a subscriber on {channel}")


async def listening(redis: Redis, count: int) -> tuple[str, asyncio.Task[list[bytes]]]:
    """A fresh channel and a listener, subscribed, collecting its first ``count`` messages."""
    channel = f"test-notifier:{uuid.uuid4().hex}"
    listener = asyncio.create_task(received(redis, channel, count))
    await subscribed(redis, channel)
    return channel, listener


async def test_messages_arrive_in_the_order_they_were_queued(redis: Redis) -> None:
    notifier = Notifier(redis)
    channel, listener = await listening(redis, 200)
    for i in range(200):
        notifier.publish(channel, str(i))
        if i % 7 == 0:
            await asyncio.sleep(0)  # some batches of one, some of many
    await notifier.flush()
    assert await listener == [str(i).encode() for i in range(200)]
    await notifier.aclose()


async def test_an_unreachable_redis_loses_notifications_and_says_so() -> None:
    dead = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    notifier = Notifier(dead)
    with capture_logs() as logs:
        notifier.publish("nowhere", "a")
        notifier.publish("nowhere", "b")
        await notifier.flush()
    assert [e["event"] for e in logs] == ["notifications_lost"]
    assert logs[0]["count"] == 2
    await notifier.aclose()
    await dead.aclose()


async def test_the_queue_is_bounded_while_redis_is_away(redis: Redis) -> None:
    notifier = Notifier(redis, max_pending=3)
    channel, listener = await listening(redis, 3)
    with capture_logs() as logs:
        for i in range(5):  # queued in one moment: the drain task has not run yet
            notifier.publish(channel, str(i))
    assert [e["event"] for e in logs] == ["notification_dropped"] * 2
    await notifier.flush()
    assert await listener == [b"2", b"3", b"4"]
    await notifier.aclose()


async def test_close_sends_what_is_queued(redis: Redis) -> None:
    notifier = Notifier(redis)
    channel, listener = await listening(redis, 3)
    for i in range(3):
        notifier.publish(channel, str(i))
    await notifier.aclose()
    assert await listener == [b"0", b"1", b"2"]


async def test_a_dropped_connection_does_not_stop_later_notifications(redis: Redis) -> None:
    name = f"test-notifier-{uuid.uuid4().hex}"
    own = Redis.from_url(REDIS_URL, client_name=name)
    notifier = Notifier(own)
    channel, listener = await listening(redis, 2)
    notifier.publish(channel, "before")
    await notifier.flush()
    killed = 0
    for client in await redis.client_list():
        if client.get("name") == name:
            killed += await redis.client_kill_filter(_id=client["id"])
    assert killed >= 1
    notifier.publish(channel, "after")
    await notifier.flush()
    assert await listener == [b"before", b"after"]
    await notifier.aclose()
    await own.aclose()
