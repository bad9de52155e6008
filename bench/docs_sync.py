"""Live co-editing: E editors on one document, each making one edit per second, on the
docs plugin (every edit logged before anyone sees it) and on y-websocket's own server
(``@y/websocket-server``, in memory, nothing kept), with the same load generator; then
flat out: fewer editors each editing as fast as a connection may (40 a second, under
the docs limit of 50), to see how many edits a second one document takes.

Measures how long an edit takes to reach every other editor (p50, p99), the edits a
second that reached everyone, the server's CPU time per second of load and its memory
at the end.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pycrdt
from websockets.asyncio.client import ClientConnection, connect

from bench.served import (
    ROOT,
    backends,
    cpu_seconds,
    free_port,
    rss_bytes,
    served_app,
    socket_url,
    spawn,
    stop,
)
from bench.sizes import Size
from bench.tables import Table, percentile

REFERENCE_SERVER = ROOT / "bench/node/node_modules/@y/websocket-server/src/server.js"
WITHIN = 60.0
CONNECTING = 20


@dataclass(frozen=True, slots=True)
class Plan:
    editors: int
    seconds: float
    rate: float
    """Edits per second, per editor."""
    documents: int = 1
    """Documents the editors share out: ``editors / documents`` on each."""

    @property
    def edits(self) -> int:
        return self.editors * int(self.seconds * self.rate)


def _plan(size: Size) -> Plan:
    return Plan(editors=3, seconds=2, rate=1) if size == "tiny" else Plan(100, 30, 1)


def _flat_out(size: Size) -> Plan:
    return Plan(editors=3, seconds=1, rate=5) if size == "tiny" else Plan(20, 15, 40)


def _many(size: Size) -> Plan:
    """Many documents open at once, two editors on each, an edit every 10 s each."""
    if size == "tiny":
        return Plan(editors=6, seconds=2, rate=1, documents=3)
    return Plan(editors=2000, seconds=30, rate=0.1, documents=1000)


def plans(size: Size) -> dict[str, Plan]:
    """The loads of a run, by name."""
    many = _many(size)
    return {"1/s": _plan(size), "flat out": _flat_out(size), f"{many.documents} documents": many}


@dataclass
class Convergence:
    """When each edit was made, and how many other editors have it."""

    editors: int
    edits: int
    """How many edits the run makes in all."""
    made: dict[str, float] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def saw(self, key: str) -> None:
        count = self.seen.get(key, 0) + 1
        self.seen[key] = count
        if count == self.editors - 1:
            self.times.append(time.monotonic() - self.made[key])
            if len(self.times) == self.edits:
                self.done.set()


class Editor:
    """A pycrdt client making its edits in a shared map: key ``<editor>:<n>``."""

    def __init__(self, name: str, socket: ClientConnection, convergence: Convergence) -> None:
        self.name = name
        self.socket = socket
        self.convergence = convergence
        self.doc: pycrdt.Doc[Any] = pycrdt.Doc()
        self.marks = self.doc.get("marks", type=pycrdt.Map)
        self.synced = asyncio.Event()
        self._remote = False
        self._outgoing: asyncio.Queue[bytes] = asyncio.Queue()
        self.doc.observe(self._changed)
        self.marks.observe(self._marked)

    def _changed(self, event: pycrdt.TransactionEvent) -> None:
        if not self._remote:
            self._outgoing.put_nowait(pycrdt.create_update_message(event.update))

    def _marked(self, event: pycrdt.MapEvent[Any]) -> None:
        if self._remote:
            for key in event.keys:
                self.convergence.saw(key)

    async def run(self) -> None:
        sender = asyncio.get_running_loop().create_task(self._send())
        self._outgoing.put_nowait(pycrdt.create_sync_message(self.doc))
        try:
            async for message in self.socket:
                if not isinstance(message, bytes) or message[0] != pycrdt.YMessageType.SYNC:
                    continue
                self._remote = True
                try:
                    reply = pycrdt.handle_sync_message(message[1:], self.doc)
                finally:
                    self._remote = False
                if message[1] == pycrdt.YSyncMessageType.SYNC_STEP2:
                    self.synced.set()
                if reply is not None:
                    self._outgoing.put_nowait(reply)
        finally:
            sender.cancel()

    async def _send(self) -> None:
        while True:
            await self.socket.send(await self._outgoing.get())

    def edit(self, number: int) -> None:
        key = f"{self.name}:{number}"
        self.convergence.made[key] = time.monotonic()
        self.marks[key] = number


async def run(size: Size = "full", database: str = "all") -> Table:
    loads = plans(size)
    many = _many(size)
    table = Table(
        "Live co-editing: one document, E editors, one edit per second each, then flat out",
        [
            "server",
            "load",
            "editors",
            "edits",
            "edits/s",
            "p50 ms",
            "p99 ms",
            "server CPU s per s",
            "server RSS MB",
        ],
    )
    table.notes.append(
        "Each editor is a pycrdt client over its own websocket (all in one Python process, "
        "on the same 2 cores as the server), setting its own key in a shared map once a "
        "second, the editors' seconds spread evenly. An edit's time runs from the set to the "
        "last other editor having applied it. lasuite docs logs every edit in its database "
        "before sending it to anyone; y-websocket's server keeps the document in memory "
        "only. CPU is the server process's user + system time during the edits, divided "
        "by their duration. Flat out: 20 editors, 40 edits a second each, for 15 s; "
        "edits/s counts those that reached every other editor, over the run's duration. "
        f"{many.documents} documents: {many.editors} editors, {many.editors // many.documents} "
        f"on each document, each editing once every {1 / many.rate:g} s for {many.seconds:g} s; "
        "an edit's time runs to the other editor of its document."
    )
    for backend in backends(database):
        async with served_app(backend) as app:
            sync_url = socket_url(app.base_url, "/api/v1/docs/sync")
            signed_in = {"Cookie": app.session_cookie}
            for load, plan in loads.items():
                urls = [f"{sync_url}/{await _document(app.client)}" for _ in range(plan.documents)]
                measured = await _measure(urls, signed_in, plan, app.server.pid)
                table.add(f"lasuite docs ({backend})", load, plan.editors, *measured.row)
                _note_opening(table, f"lasuite docs ({backend})", plan, measured)
    if REFERENCE_SERVER.exists():
        async with reference_server() as (base_url, pid):
            for load, plan in loads.items():
                urls = [f"{base_url}/{uuid.uuid4()}" for _ in range(plan.documents)]
                measured = await _measure(urls, {}, plan, pid)
                table.add("y-websocket (memory)", load, plan.editors, *measured.row)
                _note_opening(table, "y-websocket (memory)", plan, measured)
    else:
        table.notes.append("y-websocket's server is not installed: `npm ci` in bench/node.")
    return table


async def _document(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/v1/docs/documents", json={"title": "Bench"})
    response.raise_for_status()
    document_id: str = response.json()["id"]
    return document_id


@dataclass(frozen=True, slots=True)
class Measured:
    row: tuple[int, float, float, float, float, float]
    """Edits that reached everyone, edits/s, p50 and p99 ms, CPU s per s, RSS MB."""
    opening: float
    """Seconds to open every editor's socket and sync it."""


def _note_opening(table: Table, server: str, plan: Plan, measured: Measured) -> None:
    if plan.documents > 1:
        table.notes.append(
            f"{server}: opening the {plan.editors} editors' sockets on {plan.documents} "
            f"documents (20 at a time) and syncing them took {measured.opening:.1f} s."
        )


async def _measure(urls: list[str], headers: dict[str, str], plan: Plan, pid: int) -> Measured:
    """``plan.editors`` editors shared out over the documents at ``urls``."""
    per_document = plan.editors // len(urls)
    convergence = Convergence(per_document, plan.edits)
    async with AsyncExitStack() as stack:
        opening = time.monotonic()
        editors = await _connect(stack, urls, per_document, headers, convergence)
        opening = time.monotonic() - opening
        cpu, started = cpu_seconds(pid), time.monotonic()
        await _edit(editors, plan)
        await asyncio.wait_for(convergence.done.wait(), WITHIN)
        elapsed = time.monotonic() - started
        cpu = cpu_seconds(pid) - cpu
        rss = rss_bytes(pid)
    times = convergence.times
    row = (
        len(times),
        len(times) / elapsed,
        percentile(times, 0.5) * 1000,
        percentile(times, 0.99) * 1000,
        cpu / elapsed,
        rss / 2**20,
    )
    return Measured(row, opening)


async def _connect(
    stack: AsyncExitStack,
    urls: list[str],
    per_document: int,
    headers: dict[str, str],
    convergence: Convergence,
) -> list[Editor]:
    gate = asyncio.Semaphore(CONNECTING)

    async def one(index: int) -> Editor:
        async with gate:
            socket = await connect(
                urls[index // per_document],
                additional_headers=headers,
                compression=None,
                open_timeout=WITHIN,
            )
        stack.push_async_callback(socket.close)
        editor = Editor(f"e{index}", socket, convergence)
        task = asyncio.get_running_loop().create_task(editor.run())
        stack.callback(task.cancel)
        await asyncio.wait_for(editor.synced.wait(), WITHIN)
        return editor

    return list(await asyncio.gather(*(one(i) for i in range(per_document * len(urls)))))


async def _edit(editors: list[Editor], plan: Plan) -> None:
    """Each editor edits ``plan.rate`` times a second, the editors spread over the second."""
    period = 1 / plan.rate
    start = time.monotonic()
    moments = sorted(
        (start + n * period + i * period / len(editors), i, n)
        for i in range(len(editors))
        for n in range(int(plan.seconds * plan.rate))
    )
    for at, index, number in moments:
        delay = at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)  # the load's schedule, not a wait on anything
        editors[index].edit(number)


@asynccontextmanager
async def reference_server() -> AsyncIterator[tuple[str, int]]:
    """y-websocket's own server (``@y/websocket-server``), on a free loopback port."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="lasuite-bench-") as tmp:
        env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}
        process = spawn(["node", str(REFERENCE_SERVER)], env, Path(tmp) / "y-websocket.log")
        try:
            yield await _ready(port), process.pid
        finally:
            stop(process)


async def _ready(port: int) -> str:
    """The reference server's websocket URL, once it answers (within ``WITHIN``)."""
    base_url = f"http://127.0.0.1:{port}"
    async with asyncio.timeout(WITHIN), httpx.AsyncClient() as client:
        while True:
            with suppress(httpx.TransportError):
                if (await client.get(base_url)).status_code == 200:
                    return socket_url(base_url, "")
            await asyncio.sleep(0.1)
