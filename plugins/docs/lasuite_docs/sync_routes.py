"""A document's websocket, ``/api/v1/docs/sync/<document id>``: y-websocket's protocol, so
that Yjs' own ``WebsocketProvider`` (server URL ``…/api/v1/docs/sync``, room name the
document's id) and pycrdt clients edit through it."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any

from litestar import WebSocket, websocket
from litestar.di import NamedDependency
from litestar.exceptions import WebSocketDisconnect
from litestar.params import FromPath

from lasuite.plugins import Caller
from lasuite_docs import services
from lasuite_docs.access import at_least, role_for
from lasuite_docs.protocol import BadFrame, read_frame
from lasuite_docs.rooms import Close, Refused, Room, Rooms, Session


@websocket("/sync/{document_id:uuid}", public=True)
async def sync_document(
    socket: WebSocket[Any, Any, Any],
    document_id: FromPath[uuid.UUID],
    caller: Caller,
    rooms: NamedDependency[Rooms],
) -> None:
    """Edit the document live with everyone who has it open; readers only receive.
    Visitors (signed out, or of another organization) read a page a public link reaches."""
    await socket.accept()
    async with rooms.database.transaction() as db:
        document = await services.find_document(db, document_id)
        role = None if document is None else await role_for(db, caller, document)
    if document is None or not at_least(role, "reader"):
        await socket.close(Close.NOT_FOUND, "No such document.")
        return
    session = Session(socket, actor=caller, can_edit=at_least(role, "editor"), limits=rooms.limits)
    room = await rooms.join(document_id, session)
    pump = asyncio.get_running_loop().create_task(session.pump())
    try:
        ended = await _serve(socket, room, session)
    finally:
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await pump
        await rooms.leave(room, session)
    if ended is not None:
        with contextlib.suppress(Exception):
            await socket.close(ended.code, ended.reason)


async def _serve(socket: WebSocket[Any, Any, Any], room: Room, session: Session) -> Refused | None:
    """Read the client's frames until it leaves (None) or the session must end."""
    told = asyncio.get_running_loop().create_task(session.closed())
    try:
        while True:
            receiving = asyncio.ensure_future(socket.receive())
            await asyncio.wait({receiving, told}, return_when=asyncio.FIRST_COMPLETED)
            if told.done():
                receiving.cancel()
                return told.result()
            message = receiving.result()
            if message["type"] == "websocket.disconnect":
                return None
            data = message.get("bytes")
            try:
                if not isinstance(data, bytes):
                    raise BadFrame("a text frame")
                if len(data) > room.limits.max_frame_bytes:
                    raise Refused(Close.TOO_BIG, "This frame is over the size limit.")
                room.receive(session, read_frame(data))
            except BadFrame as exc:
                return Refused(Close.BAD_FRAME, f"Not a y-websocket frame: {exc}.")
            except Refused as refused:
                return refused
    except WebSocketDisconnect:
        return None
    finally:
        told.cancel()
