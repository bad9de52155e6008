"""The plugins' relay between app instances, on Redis."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from lasuite.realtime.relay import PluginRelay, Relay
from lasuite.testing import require_service
from tests.core.realtime import REDIS_ENV
from tests.core.test_websocket import kill_pubsub_connections

NAME = "lasuite-relay-test"


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(require_service("Redis", REDIS_ENV))
    yield client
    await client.aclose()


@pytest.fixture
async def relay() -> AsyncIterator[PluginRelay]:
    own = Redis.from_url(require_service("Redis", REDIS_ENV), client_name=NAME)
    instance = Relay(own)
    async with instance.channels:
        yield instance.for_plugin("board")
    await own.aclose()


async def test_a_listener_hears_what_is_published_on_its_channel_only(relay):
    async with relay.listen("news") as news, relay.listen("other") as other:
        await relay.publish("news", b"hello")
        heard = await asyncio.wait_for(anext(news), 5)
        await relay.publish("other", b"there")
        elsewhere = await asyncio.wait_for(anext(other), 5)

    assert (heard, elsewhere) == (b"hello", b"there")


async def test_the_relay_takes_up_a_lost_redis_connection(relay, redis):
    async with relay.listen("news") as news:
        killed = await kill_pubsub_connections(redis, NAME)
        heard = await first_heard(relay, news, b"after")

    assert killed == 1
    assert heard == b"after"


async def first_heard(relay: PluginRelay, news: AsyncIterator[bytes], data: bytes) -> bytes:
    """``data`` published on the channel "news" until ``news`` hears it (what is
    published while the connection is being taken up again is lost)."""

    async def keep_publishing() -> None:
        while True:
            await relay.publish("news", data)
            await asyncio.sleep(0.1)

    publisher = asyncio.create_task(keep_publishing())
    try:
        return await asyncio.wait_for(anext(news), 15)
    finally:
        publisher.cancel()
