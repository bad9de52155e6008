"""One client of the app websocket: its subscriptions, its outbox, heartbeat and limits.

Three tasks per connection: one reads and handles the client's frames, one sends
the outbox, one beats (ping, presence refresh, silence check). Whatever ends the
connection resolves ``_ended`` with the close code; then everything is released.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable
from contextlib import suppress
from typing import TYPE_CHECKING, Any, Literal

import msgspec
from litestar import WebSocket
from litestar.exceptions import WebSocketDisconnect
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.permissions.actor import Actor
from lasuite.realtime import frames
from lasuite.realtime.actions import ActionRefused
from lasuite.realtime.budget import MessageBudget
from lasuite.realtime.frames import Action, ClientFrame, Close, Ping, Subscribe, Unsubscribe
from lasuite.realtime.presence import Status
from lasuite.realtime.subscriber import Outbox, TopicSubscriber
from lasuite.realtime.topics import is_topic, namespace, org_topic

if TYPE_CHECKING:
    from lasuite.identity.signed_in import SessionMark
    from lasuite.realtime.runtime import Realtime

logger = logging.getLogger("lasuite.realtime")

MAX_TOPICS = 100
"""Topics one connection may subscribe to at once."""
CLOSE_TIMEOUT = 1.0
"""Seconds to wait for a close frame to go out (a slow client may never take it)."""


class _PresenceIn(msgspec.Struct, forbid_unknown_fields=True):
    status: Literal["online", "away"]


class Connection:
    """A signed-in client on ``/api/v1/ws``."""

    def __init__(
        self,
        socket: WebSocket[Any, Any, Any],
        actor: Actor,
        realtime: Realtime,
        session: SessionMark | None = None,
    ) -> None:
        self.id = uuid.uuid4().hex
        self.socket = socket
        self.actor = actor
        self.session = session
        """The session it was opened with (None with an API token): its end closes it."""
        self.realtime = realtime
        self.settings = realtime.settings
        self.outbox = Outbox(self.settings.ws_send_queue, lambda: self.close(Close.TOO_SLOW))
        self.subscriptions: dict[str, TopicSubscriber] = {}
        self.present_in: set[str] = set()
        self.status: Status = "online"
        self._loop = asyncio.get_running_loop()
        rate = self.settings.ws_max_messages_per_second
        self._budget = MessageBudget(rate, self._loop.time())
        self._user_budget = realtime.fair_share.budget(actor.user_id)
        """Shared by every socket of the account (``fair_share``)."""
        # A page subscribes to every topic it shows at once (a sidebar of many channels),
        # and again after each reconnection: subscriptions may come in a burst of up to
        # the topics a connection may hold plus the usual burst (so that one too many is
        # refused with ``too_many_topics`` however fast it came), at the same rate afterwards.
        self._topics_budget = MessageBudget(rate, self._loop.time(), burst=MAX_TOPICS + rate)
        self._heard_at = self._loop.time()
        self._busy = 0
        self._topics_lock = asyncio.Lock()
        """Held while subscriptions change, so that a re-check never misses one."""
        self._ended: asyncio.Future[int | None] = self._loop.create_future()
        self._close_reason = ""
        self.released = asyncio.Event()
        """Set once the connection has ended and left its topics and presence."""

    def close(self, code: int | None, reason: str = "") -> None:
        """End the connection with ``code`` (None: the client has already gone)."""
        if not self._ended.done():
            self._close_reason = reason
            self._ended.set_result(code)

    async def recheck(self, actor: Actor | None, db: AsyncSession) -> None:
        """Go on as ``actor``, the member's re-loaded actor (None: no longer a member).

        Without the right to connect the socket closes (4403); every subscription the
        topic rules no longer allow ends with an ``unsubscribed`` frame saying why.
        """
        if actor is None or not actor.can("core.realtime.connect"):
            self.close(Close.FORBIDDEN, "You may no longer use this organization's workspace.")
            return
        async with self._topics_lock:
            self.actor = actor
            for topic in list(self.subscriptions):
                if await self.realtime.topics.permit(actor, topic, db) is None:
                    await self._end_subscription(topic)
                    self.outbox.offer(frames.unsubscribed(topic, *_why_refused(actor, topic)))

    async def serve(self) -> None:
        await self.socket.accept()
        tasks = [
            self._start(self._receive(), on_error=Close.SERVER_ERROR),
            self._start(self._send(), on_error=None),
            self._start(self._beat(), on_error=Close.SERVER_ERROR),
        ]
        code: int | None = None
        self.realtime.connections.add(self)
        try:
            await self._join(org_topic(self.actor.organization_id))
            # The actor was loaded when the request began: a rights change committed
            # since then was announced before this connection was watched.
            try:
                await self.realtime.access.recheck_new(self)
            except Exception:
                logger.exception("could not re-check websocket connection %s", self.id)
                self.close(Close.SERVER_ERROR)
            code = await self._ended
        finally:
            self.realtime.connections.discard(self)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            if code is not None:
                with suppress(Exception):
                    await asyncio.wait_for(
                        self.socket.close(code, self._close_reason), CLOSE_TIMEOUT
                    )
            try:
                await self._release()
            finally:
                self.released.set()

    def _start(self, work: Awaitable[None], *, on_error: int | None) -> asyncio.Task[None]:
        async def run() -> None:
            try:
                await work
            except WebSocketDisconnect:
                self.close(None)
            except Exception:
                if on_error is not None:
                    logger.exception("websocket connection %s failed", self.id)
                self.close(on_error)

        return self._loop.create_task(run())

    async def _receive(self) -> None:
        while True:
            message = await self.socket.receive()
            if message["type"] == "websocket.disconnect":
                self.close(None)
                return
            raw: str | bytes = message.get("text") or message.get("bytes") or b""  # type: ignore[assignment]
            now = self._loop.time()
            if _size(raw) > self.settings.ws_max_frame_bytes:
                self.close(Close.TOO_BIG)
                return
            self._heard_at = now
            frame: ClientFrame | None = None
            try:
                frame = frames.read_frame(raw)
            except (msgspec.DecodeError, msgspec.ValidationError) as exc:
                problem = str(exc)
            topics = isinstance(frame, Subscribe | Unsubscribe)
            spent = (
                self._topics_budget.spend(now)
                if topics
                else self._budget.spend(now) and self._user_budget.spend(now)
            )
            if not spent:
                self.close(Close.TOO_MANY_MESSAGES)
                return
            if frame is None:
                self.outbox.offer(frames.error(None, "bad_request", problem))
                continue
            await self._handle(frame)

    async def _send(self) -> None:
        while True:
            frame = await self.outbox.take()
            await self.socket.send_data(frame)

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.settings.ws_heartbeat_seconds)
            silence = self._loop.time() - self._heard_at
            if not self._busy and silence > self.settings.ws_idle_timeout_seconds:
                self.close(Close.SILENT)
                return
            self.outbox.offer(frames.PING)
            for topic in list(self.present_in):
                await self._presence(
                    self.realtime.presence.refresh(topic, self.actor.user_id, self.id, self.status)
                )

    async def _handle(self, frame: ClientFrame) -> None:
        if isinstance(frame, Subscribe):
            async with self._topics_lock:
                await self._subscribe(frame)
        elif isinstance(frame, Unsubscribe):
            async with self._topics_lock:
                await self._unsubscribe(frame)
        elif isinstance(frame, Action):
            self._busy += 1
            try:
                await self._act(frame)
            finally:
                self._busy -= 1
        elif isinstance(frame, Ping):
            self.outbox.offer(frames.pong(frame.id))

    async def _subscribe(self, frame: Subscribe) -> None:
        topic = frame.topic
        if not is_topic(topic):
            self._refuse(frame.id, "bad_request", f"{topic!r} is not a topic ('<id>:<rest>').")
            return
        fanout = self.realtime.fanout
        if topic in self.subscriptions:
            replay = await fanout.backend.replay(topic, None)
            self.outbox.offer(frames.ack(frame.id, {"topic": topic, "event_id": replay.head}))
            return
        if len(self.subscriptions) >= MAX_TOPICS:
            self._refuse(frame.id, "too_many_topics", f"Subscribe to {MAX_TOPICS} topics at most.")
            return
        async with self.realtime.database.sessions() as db:
            rule = await self.realtime.topics.permit(self.actor, topic, db)
        if rule is None:
            self._refuse(frame.id, "forbidden", f"You may not subscribe to {topic}.")
            return
        try:
            subscriber, replay = await fanout.open(topic, frame.since)
        except Exception:
            logger.exception("could not subscribe to %r", topic)
            self._refuse(frame.id, "unavailable", "Subscribing failed; retry later.")
            return
        self.subscriptions[topic] = subscriber
        self.outbox.offer(frames.ack(frame.id, {"topic": topic, "event_id": replay.head}))
        if replay.gap:
            self.outbox.offer(frames.resync(topic, replay.head))
        for missed in replay.frames:
            self.outbox.offer(missed)
        subscriber.attach(self.outbox, replay.last)
        if rule.presence:
            await self._join(topic)

    async def _unsubscribe(self, frame: Unsubscribe) -> None:
        await self._end_subscription(frame.topic)
        self.outbox.offer(frames.ack(frame.id, {"topic": frame.topic}))

    async def _end_subscription(self, topic: str) -> None:
        subscriber = self.subscriptions.pop(topic, None)
        if subscriber is not None:
            await self.realtime.fanout.close(subscriber, topic)
        if topic in self.present_in:
            await self._leave(topic)

    async def _act(self, frame: Action) -> None:
        if frame.name == "core.set_presence":
            await self._set_presence(frame)
            return
        try:
            result = await self.realtime.actions.run(self.actor, frame.name, frame.data)
            reply = frames.ack(frame.id, result)
        except ActionRefused as refused:
            reply = frames.error(frame.id, refused.code, refused.detail)
        except TypeError:
            logger.exception("websocket action %s returned a value JSON cannot encode", frame.name)
            reply = frames.error(frame.id, "internal_error", "The action's result is not JSON.")
        self.outbox.offer(reply)

    async def _set_presence(self, frame: Action) -> None:
        try:
            self.status = msgspec.convert(frame.data, _PresenceIn).status
        except msgspec.ValidationError as exc:
            self._refuse(frame.id, "invalid_input", str(exc))
            return
        for topic in list(self.present_in):
            await self._presence(
                self.realtime.presence.refresh(topic, self.actor.user_id, self.id, self.status)
            )
        self.outbox.offer(frames.ack(frame.id, {"status": self.status}))

    def _refuse(self, request_id: int | None, code: str, detail: str) -> None:
        self.outbox.offer(frames.error(request_id, code, detail))

    async def _join(self, topic: str) -> None:
        self.present_in.add(topic)
        status = self.status
        presence = self.realtime.presence
        await self._presence(presence.join(topic, self.actor.user_id, self.id, status))
        if self.status != status:
            # The person changed their status while joining: that refresh may have landed
            # before the join, which then wrote the old status over it.
            await self._presence(presence.refresh(topic, self.actor.user_id, self.id, self.status))

    async def _leave(self, topic: str) -> None:
        self.present_in.discard(topic)
        await self._presence(self.realtime.presence.leave(topic, self.actor.user_id, self.id))

    async def _presence(self, change: Awaitable[None]) -> None:
        # Presence is best effort: an unreachable Redis must not end the connection.
        try:
            await change
        except Exception:
            logger.exception("could not update the presence of connection %s", self.id)

    async def _release(self) -> None:
        for topic, subscriber in self.subscriptions.items():
            with suppress(Exception):
                await self.realtime.fanout.close(subscriber, topic)
        self.subscriptions.clear()
        for topic in list(self.present_in):
            await self._leave(topic)


def _why_refused(actor: Actor, topic: str) -> tuple[str, str]:
    owner = namespace(topic)
    if owner != "core" and owner not in actor.enabled_plugins:
        return "plugin_disabled", f"The organization has disabled {owner}."
    return "forbidden", f"You may no longer subscribe to {topic}."


def _size(raw: str | bytes) -> int:
    if isinstance(raw, bytes) or raw.isascii():
        return len(raw)
    return len(raw.encode())
