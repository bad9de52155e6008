"""Rooms of one document on two instances, driven directly: news relayed between them,
and a room that missed some reading it from the log."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pycrdt

from lasuite.realtime.relay import Relay
from lasuite_docs.protocol import DocumentUpdate
from lasuite_docs.rooms import Limits, Rooms, Session
from tests.plugins.docs.sync_clients import new_document, typed_updates

WITHIN = 10.0


class DroppingRelay:
    """A relay losing the first news it is asked to publish."""

    def __init__(self, relay: Any) -> None:
        self._relay = relay
        self.dropped = 0

    async def publish(self, channel: str, data: bytes) -> None:
        if self.dropped == 0 and data[16:17] == b"U":
            self.dropped += 1
            return
        await self._relay.publish(channel, data)

    def listen(self, channel: str) -> Any:
        return self._relay.listen(channel)


def session(limits: Limits) -> Session:
    return Session(None, actor=None, can_edit=True, limits=limits)  # type: ignore[arg-type]


async def frames_of(session: Session, count: int) -> list[bytes]:
    """The next ``count`` frames sent to ``session``."""
    outbox = session._outbox
    async with asyncio.timeout(WITHIN):
        return [await outbox.get() for _ in range(count)]


def text_of(doc: pycrdt.Doc[Any]) -> str:
    return str(doc.get("text", type=pycrdt.Text))


async def test_a_room_that_missed_news_reads_the_missed_edits_from_the_log(
    lasuite_client, make_member, lasuite_database
):
    document_id: uuid.UUID = await new_document(lasuite_client, make_member)
    relay = Relay(None)
    limits = Limits()
    async with relay.channels:
        lossy = DroppingRelay(relay.for_plugin("docs"))
        here = Rooms(lasuite_database, lossy, limits)
        there = Rooms(lasuite_database, relay.for_plugin("docs"), limits)
        writer, reader = session(limits), session(limits)
        room_here = await here.join(document_id, writer)
        room_there = await there.join(document_id, reader)
        await frames_of(reader, 1)  # the server's sync step 1
        first, second = typed_updates("ab")

        room_here.receive(writer, DocumentUpdate(first))
        await room_here.settled()
        room_here.receive(writer, DocumentUpdate(second))
        await room_here.settled()
        await frames_of(reader, 2)  # both edits, the missed one read from the log

        assert lossy.dropped == 1
        assert text_of(room_there.doc) == text_of(room_here.doc) == "ab"
        await here.close()
        await there.close()
