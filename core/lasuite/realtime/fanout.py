"""Topic frames to every subscribed connection on every app instance, through Litestar's
channels plugin and a :class:`~lasuite.realtime.backend.TopicBackend`."""

from __future__ import annotations

from litestar.channels import ChannelsPlugin

from lasuite.realtime.backend import Replay, TopicBackend
from lasuite.realtime.subscriber import TopicSubscriber


class Fanout:
    """Publishes a frame once per topic; the backend delivers it to the instances that
    have subscribers, which hand the same bytes to each of them."""

    def __init__(self, backend: TopicBackend, *, subscriber_backlog: int) -> None:
        self.backend = backend
        self.channels = ChannelsPlugin(
            backend,
            arbitrary_channels_allowed=True,
            subscriber_class=TopicSubscriber,
            subscriber_max_backlog=subscriber_backlog,
        )

    async def publish(self, topic: str, frame: bytes) -> None:
        """Publish an event frame (without ``event_id``: the backend stamps it)."""
        await self.channels.wait_published(frame, [topic])

    async def open(self, topic: str, since: int | None) -> tuple[TopicSubscriber, Replay]:
        """Subscribe to ``topic``, then read what was published after ``since``.

        The subscription is live before the replay is read, so no event falls between
        them; the subscriber drops the events the replay already has.
        """
        subscriber = await self.channels.subscribe(topic)
        assert isinstance(subscriber, TopicSubscriber)
        try:
            await self.backend.wait_subscribed(topic)
            replay = await self.backend.replay(topic, since)
        except BaseException:
            await self.channels.unsubscribe(subscriber, topic)
            raise
        return subscriber, replay

    async def close(self, subscriber: TopicSubscriber, topic: str) -> None:
        await self.channels.unsubscribe(subscriber, topic)
