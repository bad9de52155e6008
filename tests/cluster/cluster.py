"""Real ``lasuite`` processes sharing PostgreSQL and Redis, and a websocket client of them.

The test plugins (``board``, ``watcher``, ``reports``) are installed for the
subprocesses as a dist-info with entry points on ``PYTHONPATH``, as
``tests/core/test_worker.py`` does.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
from sqlalchemy.engine import make_url
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from tests.core import board_plugin, jobs_plugin
from tests.core.distributions import LASUITE, install_distribution

ROOT = Path(__file__).resolve().parents[2]
START_DEADLINE = 90.0
STOP_DEADLINE = 30.0
WITHIN = 10.0
"""Seconds a wait on a websocket frame lasts before it fails the test."""
REDIS_DB = 13
"""The Redis database the cluster uses, apart from the other suites' (which use 0)."""
WORKER_READY = "jobs on redis with"

PLUGIN_ENTRY_POINTS = [*board_plugin.ENTRY_POINTS, jobs_plugin.ENTRY_POINT]


def cluster_registry() -> Registry:
    """What the subprocesses load: every installed plugin, plus the test plugins."""
    return load_registry(found=[*discover(), *PLUGIN_ENTRY_POINTS])


def install_test_plugins(site: Path) -> None:
    install_distribution(
        site,
        name="lasuite-cluster-plugins",
        version="0.1.0",
        entry_points={ep.name: ep.value for ep in PLUGIN_ENTRY_POINTS},
        files={},
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def redis_database(url: str, number: int) -> str:
    """``url`` pointing at the Redis database ``number``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))


def create_database(server_url: str) -> str:
    """Create an empty PostgreSQL database on ``server_url``; its SQLAlchemy URL."""
    url = make_url(server_url)
    name = f"lasuite_cluster_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(server_url, f'CREATE DATABASE "{name}"'))
    return url.set(drivername="postgresql+asyncpg", database=name).render_as_string(
        hide_password=False
    )


def drop_database(database_url: str) -> None:
    name = make_url(database_url).database
    asyncio.run(_admin(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _admin(any_url: str, statement: str) -> None:
    url = make_url(any_url)
    admin = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database="postgres",
    )
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


@dataclass
class Process:
    """One ``lasuite`` process group, its output going to ``log``."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    base_url: str = ""

    def report(self) -> str:
        return f"--- {self.name} output:\n{self.log.read_text(errors='replace')}"

    def kill(self) -> None:
        """SIGKILL the whole process group, as a crashing machine would."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_DEADLINE)

    def stop(self) -> None:
        """SIGTERM the process group; SIGKILL what is left after ``STOP_DEADLINE``."""
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        with suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=STOP_DEADLINE)
        self.kill()

    def assert_alive(self) -> None:
        assert self.process.poll() is None, f"{self.name} exited early\n{self.report()}"

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_DEADLINE
        while time.monotonic() < deadline:
            self.assert_alive()
            try:
                if httpx.get(f"{self.base_url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{self.name}: /readyz not 200 in {START_DEADLINE}s\n{self.report()}")

    def wait_for_output(self, text: str) -> None:
        deadline = time.monotonic() + START_DEADLINE
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            self.assert_alive()
            time.sleep(0.2)
        raise AssertionError(f"{self.name} never printed {text!r}\n{self.report()}")


@dataclass
class Cluster:
    """Shared settings of the processes, and the processes started so far."""

    workdir: Path
    database_url: str
    redis_url: str
    secret_key: str = field(default_factory=lambda: uuid.uuid4().hex * 2)
    processes: list[Process] = field(default_factory=list)
    _names: Iterator[int] = field(default_factory=itertools.count)

    @property
    def site(self) -> Path:
        return self.workdir / "site"

    def environment(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LASUITE_")}
        env.update(
            PYTHONPATH=os.pathsep.join([str(self.site), str(ROOT)]),
            LASUITE_VAR_DIR=str(self.workdir / "var"),
            LASUITE_DATABASE_URL=self.database_url,
            LASUITE_REDIS_URL=self.redis_url,
            LASUITE_BROKER_URL=self.redis_url,
            LASUITE_SECRET_KEY=self.secret_key,
            LASUITE_MIGRATE_ON_START="false",
            LASUITE_DEMO="false",
            LASUITE_HOST="127.0.0.1",
        )
        env.update(extra)
        return env

    def upgrade(self) -> None:
        done = subprocess.run(
            [str(LASUITE), "db", "upgrade"],
            env=self.environment(),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"lasuite db upgrade failed:\n{done.stdout}\n{done.stderr}"

    def _spawn(self, label: str, args: list[str], **extra: str) -> Process:
        name = f"{label}-{next(self._names)}"
        log = self.workdir / f"{name}.log"
        with log.open("wb") as output:
            popen = subprocess.Popen(
                [str(LASUITE), *args],
                env=self.environment(**extra),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name, popen, log)
        self.processes.append(process)
        return process

    def start_app(self) -> Process:
        """``lasuite run`` on a free port, once its ``/readyz`` answers 200."""
        port = free_port()
        # Jobs go to the broker; the app instances run none themselves.
        process = self._spawn("app", ["run"], LASUITE_PORT=str(port), LASUITE_WORKER_THREADS="0")
        process.base_url = f"http://127.0.0.1:{port}"
        process.wait_until_ready()
        return process

    def start_worker(self) -> Process:
        process = self._spawn("worker", ["worker", "--threads", "2"])
        process.wait_for_output(WORKER_READY)
        return process

    def report(self) -> str:
        return "\n".join(p.report() for p in self.processes)

    def stop(self) -> None:
        for process in self.processes:
            process.stop()


@contextmanager
def running_cluster(workdir: Path, server_url: str, redis_url: str) -> Iterator[Cluster]:
    """A fresh database migrated by ``lasuite db upgrade``, for processes started on it."""
    database_url = create_database(server_url)
    cluster = Cluster(workdir, database_url, redis_database(redis_url, REDIS_DB))
    try:
        install_test_plugins(cluster.site)
        cluster.upgrade()
        yield cluster
    finally:
        cluster.stop()
        drop_database(database_url)


def websocket_url(base_url: str) -> str:
    return base_url.replace("http://", "ws://", 1) + "/api/v1/ws"


def cookie_header(client: httpx.AsyncClient) -> str:
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in client.cookies.jar)


class ClusterSocket:
    """A client of one instance's ``/api/v1/ws`` over TCP, answering its pings."""

    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection
        self.ids = itertools.count(1)
        self.pending: list[dict[str, Any]] = []

    async def receive(self, within: float = WITHIN) -> dict[str, Any]:
        while True:
            try:
                raw = await asyncio.wait_for(self.connection.recv(), within)
            except TimeoutError:
                raise AssertionError(f"no websocket frame within {within}s") from None
            frame: dict[str, Any] = json.loads(raw)
            if frame.get("op") != "ping":
                return frame
            await self.connection.send(json.dumps({"op": "pong"}))

    async def next_frame(self) -> dict[str, Any]:
        return self.pending.pop(0) if self.pending else await self.receive()

    async def request(self, op: str, **fields: Any) -> dict[str, Any]:
        """Send a frame with a new ``id``; its answer (frames before it are kept)."""
        request_id = next(self.ids)
        await self.connection.send(json.dumps({"op": op, "id": request_id, **fields}))
        while True:
            frame = await self.receive()
            if frame.get("id") == request_id:
                return frame
            self.pending.append(frame)

    async def subscribe(self, topic: str, *, since: int | None = None) -> dict[str, Any]:
        fields: dict[str, Any] = {"topic": topic}
        if since is not None:
            fields["since"] = since
        return await self.request("subscribe", **fields)

    async def events(self, count: int, topic: str, name: str) -> list[dict[str, Any]]:
        """The next ``count`` events ``name`` of ``topic``; other frames are skipped."""
        found: list[dict[str, Any]] = []
        while len(found) < count:
            frame = await self.next_frame()
            if frame["op"] == "event" and (frame["topic"], frame["name"]) == (topic, name):
                found.append(frame)
        return found

    async def frames_until_pong(self) -> list[dict[str, Any]]:
        """Every frame received before the answer to a ping: what was still in flight."""
        request_id = next(self.ids)
        await self.connection.send(json.dumps({"op": "ping", "id": request_id}))
        frames, self.pending = self.pending, []
        while (frame := await self.receive()) != {"op": "pong", "id": request_id}:
            frames.append(frame)
        return frames

    async def closed(self, within: float = WITHIN) -> None:
        """Wait until the connection is gone (closed or reset)."""
        try:
            async with asyncio.timeout(within):
                while True:
                    await self.connection.recv()
        except ConnectionClosed:
            return
        except TimeoutError:
            raise AssertionError(f"the websocket stayed open for {within}s") from None


@asynccontextmanager
async def open_socket(base_url: str, client: httpx.AsyncClient) -> AsyncIterator[ClusterSocket]:
    """Open ``base_url``'s app websocket with the session of ``client``."""
    async with connect(
        websocket_url(base_url), additional_headers={"Cookie": cookie_header(client)}
    ) as connection:
        yield ClusterSocket(connection)
