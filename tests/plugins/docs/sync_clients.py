"""What the docs sync tests share: the app served over a real socket, members signed in
on it, and a pycrdt client speaking y-websocket to a document."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pycrdt
import websockets

from lasuite.testing import Member
from lasuite.tls import client_tls

DOCUMENTS = "/api/v1/docs/documents"
WITHIN = 10.0


@contextlib.asynccontextmanager
async def signed_in(base_url: str, member: Member) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=base_url, verify=client_tls()) as client:
        await member.sign_in(client)
        yield client


def cookie_header(client: httpx.AsyncClient) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


async def create_document(client: httpx.AsyncClient, title: str = "Note") -> str:
    """A document open to the organization's members as editors (the link's reach)."""
    response = await client.post(DOCUMENTS, json={"title": title})
    assert response.status_code == 201, response.text
    document_id: str = response.json()["id"]
    await open_to_organization(client, document_id)
    return document_id


async def open_to_organization(client: Any, document_id: str, role: str = "editor") -> None:
    """Let every member of the organization reach the document with ``role``."""
    response = await client.patch(
        f"{DOCUMENTS}/{document_id}/link",
        json={"link_reach": "authenticated", "link_role": role},
    )
    assert response.status_code == 200, response.text


async def grant(client: Any, document_id: str, role: str, **holder: Any) -> dict[str, Any]:
    """Grant ``role`` on the document to a ``user_id`` or a ``team_id``."""
    response = await client.put(
        f"{DOCUMENTS}/{document_id}/accesses",
        json={"role": role, **{k: str(v) for k, v in holder.items()}},
    )
    assert response.status_code == 200, response.text
    granted: dict[str, Any] = response.json()
    return granted


def typed_updates(text: str) -> list[bytes]:
    """The updates a client sends while typing ``text`` one character at a time."""
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    shared = doc.get("text", type=pycrdt.Text)
    updates: list[bytes] = []
    doc.observe(lambda event: updates.append(event.update))
    for character in text:
        shared += character
    return updates


async def new_document(client: Any, make_member: Any) -> uuid.UUID:
    """A document of a new member, signed in on ``client`` (an app test client)."""
    member = await make_member(role="member")
    await member.sign_in(client)
    response = await client.post(DOCUMENTS, json={"title": "Journal"})
    assert response.status_code == 201, response.text
    return uuid.UUID(response.json()["id"])


def sync_url(base_url: str, document_id: str) -> str:
    return f"{base_url.replace('http', 'ws', 1)}/api/v1/docs/sync/{document_id}"


async def close_code(socket: Any) -> int:
    """Read ``socket`` until the server closes it; its close code."""
    async with asyncio.timeout(WITHIN):
        with contextlib.suppress(websockets.ConnectionClosed):
            async for _ in socket:
                pass
    code: int = socket.close_code
    return code


class YClient:
    """A document's editor over y-websocket, as a Yjs client does it: sends its state on
    connecting, answers the server's, sends each local change as an update."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.doc: pycrdt.Doc[Any] = pycrdt.Doc()
        self.text = self.doc.get("text", type=pycrdt.Text)
        self.awareness = pycrdt.Awareness(self.doc)
        """Who is here, as the server's awareness messages tell."""
        self.synced = asyncio.Event()
        self.close_code: int | None = None
        self._remote = False
        self._answered = asyncio.Event()
        self.ended = asyncio.Event()
        """Set once the server closed the connection (or it broke)."""
        self._outgoing: asyncio.Queue[bytes] = asyncio.Queue()
        self._news = asyncio.Condition()
        self.doc.observe(self._changed)

    def _changed(self, event: pycrdt.TransactionEvent) -> None:
        if not self._remote:
            self._outgoing.put_nowait(pycrdt.create_update_message(event.update))

    async def _send(self) -> None:
        """Send the queued messages, in order."""
        with contextlib.suppress(websockets.ConnectionClosed):
            while True:
                await self.socket.send(await self._outgoing.get())

    async def run(self) -> None:
        self._outgoing.put_nowait(pycrdt.create_sync_message(self.doc))
        sender = asyncio.get_running_loop().create_task(self._send())
        try:
            async for message in self.socket:
                if message[0] == pycrdt.YMessageType.AWARENESS:
                    update = pycrdt.read_message(message[1:])
                    self.awareness.apply_awareness_update(update, "server")
                    async with self._news:
                        self._news.notify_all()
                    continue
                if message[0] != pycrdt.YMessageType.SYNC:
                    continue
                self._remote = True
                try:
                    reply = pycrdt.handle_sync_message(message[1:], self.doc)
                finally:
                    self._remote = False
                if message[1] == pycrdt.YSyncMessageType.SYNC_STEP2:
                    self.synced.set()
                    self._answered.set()
                if reply is not None:
                    self._outgoing.put_nowait(reply)
                async with self._news:
                    self._news.notify_all()
        except websockets.ConnectionClosed:
            pass
        finally:
            sender.cancel()
            self.close_code = self.socket.close_code
            self.ended.set()

    async def until(self, check: Callable[[], bool], within: float = WITHIN) -> None:
        """Wait until ``check()`` holds, re-checked on each message from the server."""
        async with asyncio.timeout(within), self._news:
            await self._news.wait_for(check)

    async def roundtrip(self) -> None:
        """Ask the server for what this client lacks and wait for the answer: the server
        handles a socket's frames in order, so it has handled every earlier one."""
        self._answered.clear()
        self._outgoing.put_nowait(pycrdt.create_sync_message(self.doc))
        async with asyncio.timeout(WITHIN):
            await self._answered.wait()

    def announce(self, state: dict[str, Any] | None) -> None:
        """Tell the others who this client is and where (None: gone)."""
        self.awareness.set_local_state(state)
        update = self.awareness.encode_awareness_update([self.awareness.client_id])
        self._outgoing.put_nowait(pycrdt.create_awareness_message(update))

    def others(self) -> dict[int, dict[str, Any]]:
        """The states of the other clients present."""
        return {
            client: state
            for client, state in self.awareness.states.items()
            if client != self.awareness.client_id
        }

    def type(self, text: str) -> None:
        self.text += text

    @property
    def content(self) -> str:
        return str(self.text)


@contextlib.asynccontextmanager
async def editing(
    base_url: str, document_id: str, client: httpx.AsyncClient, **headers: str
) -> AsyncIterator[YClient]:
    """A :class:`YClient` on the document, synced with the server."""
    async with websockets.connect(
        sync_url(base_url, document_id),
        additional_headers={"Cookie": cookie_header(client), **headers},
        max_size=None,
    ) as socket:
        editor = YClient(socket)
        task = asyncio.get_running_loop().create_task(editor.run())
        try:
            async with asyncio.timeout(WITHIN):
                await editor.synced.wait()
            yield editor
        finally:
            await socket.close()
            await task
