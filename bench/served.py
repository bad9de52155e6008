"""A real app instance for a benchmark: a fresh database, an owner signed in, and
``python -m bench.serve`` (and ``lasuite worker`` for the Redis broker) in subprocesses
whose CPU time and memory are read from ``/proc``."""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from argon2 import PasswordHasher
from redis.asyncio import Redis
from sqlalchemy import select

from lasuite.db.engine import Database
from lasuite.db.migrations import upgrade
from lasuite.identity.models import User
from lasuite.plugin_host.loader import load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.tenancy.models import Organization
from lasuite.tenancy.organizations import add_member, create_organization
from lasuite.testing.csrf import send_csrf_token
from lasuite.testing.databases import fresh_database

ROOT = Path(__file__).resolve().parents[1]
START_DEADLINE = 60.0
REDIS_DB = 12
"""The Redis database benchmarks use, apart from the test suites' (0 and 13)."""
WORKER_READY = "jobs on redis with"
_CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_TICKS = os.sysconf("SC_CLK_TCK")


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def postgres_server() -> str | None:
    """The PostgreSQL server to measure on: ``LASUITE_BENCH_DATABASE_URL``, else the test
    suites' ``LASUITE_TEST_DATABASE_URL``, else a local one when it answers."""
    url = (
        os.environ.get("LASUITE_BENCH_DATABASE_URL")
        or os.environ.get("LASUITE_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    return url if _reachable(url, 5432) else None


def redis_server() -> str | None:
    """``LASUITE_BENCH_REDIS_URL`` or a local Redis when it answers, on database 12."""
    url = os.environ.get("LASUITE_BENCH_REDIS_URL") or "redis://127.0.0.1:6379/0"
    if not _reachable(url, 6379):
        return None
    return urlunsplit(urlsplit(url)._replace(path=f"/{REDIS_DB}"))


def backends(requested: str) -> list[str]:
    """``sqlite``, ``postgres`` or ``all`` (PostgreSQL only when a server answers)."""
    if requested == "all":
        return ["sqlite", *(["postgres"] if postgres_server() else [])]
    return [requested]


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def socket_url(base_url: str, path: str = "/api/v1/ws") -> str:
    """The websocket URL of ``path`` on the app at ``base_url`` (http://…)."""
    return base_url.replace("http://", "ws://", 1) + path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _install_plugin(site: Path) -> None:
    """The ``bench`` plugin as an installed distribution (a dist-info on PYTHONPATH)."""
    info = site / "lasuite_bench-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lasuite-bench\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text("[lasuite.plugins]\nbench = bench.plugin:plugin\n")


@dataclass
class Served:
    """The running instance: its URL, its server process, and a signed-in owner."""

    base_url: str
    server: subprocess.Popen[bytes]
    client: httpx.AsyncClient
    """Signed in with a session cookie; sends the CSRF token."""
    token: str
    """An API token of the same owner."""
    database_url: str
    workdir: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def session_cookie(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.client.cookies.jar)

    def server_cpu(self) -> float:
        return cpu_seconds(self.server.pid)

    def server_rss(self) -> int:
        return rss_bytes(self.server.pid)


@asynccontextmanager
async def served_app(
    database: str = "sqlite",
    *,
    redis: bool = False,
    broker: str = "embedded",
    worker_threads: int = 0,
    extra_env: Mapping[str, str] | None = None,
) -> AsyncIterator[Served]:
    """An app on a fresh ``database`` (``sqlite`` | ``postgres``), realtime in memory or on
    Redis, jobs run ``embedded`` in the app (``worker_threads``) or by a ``redis`` worker;
    ``extra_env`` adds to (or overrides) its settings."""
    redis_url = redis_server() if redis or broker == "redis" else ""
    if redis_url is None:
        raise RuntimeError("no Redis answers (set LASUITE_BENCH_REDIS_URL)")
    server_url = postgres_server() if database == "postgres" else ""
    if server_url is None:
        raise RuntimeError("no PostgreSQL answers (set LASUITE_BENCH_DATABASE_URL)")
    if redis_url:
        await _empty_redis(redis_url)
    with tempfile.TemporaryDirectory(prefix="lasuite-bench-") as tmp:
        workdir = Path(tmp)
        async with fresh_database(database, server_url, workdir) as database_url:
            await asyncio.to_thread(upgrade, database_url, _registry())
            email, password = await _seed(database_url)
            _install_plugin(workdir / "site")
            port = free_port()
            env = {k: v for k, v in os.environ.items() if not k.startswith("LASUITE_")}
            env.update(
                PYTHONPATH=os.pathsep.join([str(workdir / "site"), str(ROOT)]),
                LASUITE_VAR_DIR=str(workdir / "var"),
                LASUITE_DATABASE_URL=database_url,
                LASUITE_REDIS_URL=redis_url if redis else "",
                LASUITE_BROKER_URL=redis_url if broker == "redis" else "",
                LASUITE_WORKER_THREADS=str(worker_threads),
                LASUITE_SECRET_KEY=secrets.token_hex(32),
                LASUITE_MIGRATE_ON_START="false",
                LASUITE_DEMO="false",
                LASUITE_HOST="127.0.0.1",
                LASUITE_PORT=str(port),
                LASUITE_DISABLED_PLUGINS=",".join(_disabled()),
                # The load is one account on one address standing for many people: the
                # fair share of an account's and an address's sockets would cut it off.
                **{f"LASUITE_WS_MAX_{name}": "1000000" for name in FAIR_SHARE_LIMITS},
            )
            env.update(extra_env or {})
            server = spawn([sys.executable, "-m", "bench.serve"], env, workdir / "server.log")
            processes = [server]
            try:
                base_url = f"http://127.0.0.1:{port}"
                await wait_ready(base_url, server, workdir / "server.log")
                if broker == "redis":
                    processes.append(await _start_worker(env, workdir))
                async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
                    token = await _sign_in(client, email, password)
                    yield Served(base_url, server, client, token, database_url, workdir, processes)
            except BaseException:
                _print_logs(workdir)
                raise
            finally:
                for process in reversed(processes):
                    stop(process)


async def _empty_redis(url: str) -> None:
    """Start from an empty database 12: no queued job or kept event of an earlier run."""
    client = Redis.from_url(url)
    try:
        await client.flushdb()
    finally:
        await client.aclose()


FAIR_SHARE_LIMITS = (
    "CONNECTIONS_PER_USER",
    "CONNECTIONS_PER_ADDRESS",
    "MESSAGES_PER_SECOND_PER_USER",
    "PLUGIN_MESSAGES_PER_SECOND_PER_USER",
)


def _disabled() -> list[str]:
    """Plugins left out, as ``LASUITE_DISABLED_PLUGINS`` of the benchmark's environment."""
    return [p for p in os.environ.get("LASUITE_DISABLED_PLUGINS", "").split(",") if p]


def _registry() -> Registry:
    return load_registry(_disabled())


async def _seed(database_url: str) -> tuple[str, str]:
    """An organization with every installed plugin enabled, and its owner."""
    database = Database(database_url)
    try:
        async with database.transaction() as db:
            await create_organization(
                db, name="Bench", slug="bench", plugins=_registry().loaded_ids | {"bench"}
            )
    finally:
        await database.dispose()
    return await add_account(database_url, "owner@bench.test", "owner")


async def add_account(database_url: str, email: str, role: str) -> tuple[str, str]:
    """A person with ``role`` in the organization ``bench``: their e-mail and password."""
    database = Database(database_url)
    password = secrets.token_urlsafe(12)
    try:
        async with database.transaction() as db:
            org = await db.scalar(select(Organization).where(Organization.slug == "bench"))
            assert org is not None, "the organization is seeded first"
            user = User(
                email=email,
                display_name=email.split("@")[0],
                password_hash=_CHEAP_HASHER.hash(password),
            )
            db.add(user)
            await db.flush()
            await add_member(db, organization_id=org.id, user_id=user.id, role=role)
    finally:
        await database.dispose()
    return email, password


async def wait_ready(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_DEADLINE
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{_read(log)}")
            with suppress(httpx.TransportError):
                if (await client.get(f"{base_url}/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the server was not ready in {START_DEADLINE}s")


async def _start_worker(env: dict[str, str], workdir: Path) -> subprocess.Popen[bytes]:
    log_path = workdir / "worker.log"
    lasuite = str(Path(sys.executable).parent / "lasuite")
    worker = spawn([lasuite, "worker", "--threads", "2"], env, log_path)
    deadline = time.monotonic() + START_DEADLINE
    while WORKER_READY not in _read(log_path):
        if worker.poll() is not None or time.monotonic() > deadline:
            stop(worker)
            raise RuntimeError(f"the worker did not start:\n{_read(log_path)}")
        await asyncio.sleep(0.1)
    return worker


async def _sign_in(client: httpx.AsyncClient, email: str, password: str) -> str:
    chat = ["chat.*"] if "chat" in _registry().loaded_ids else []
    await send_csrf_token(client)
    response = await client.post(
        "/api/v1/auth/login", json={"email": email, "password": password, "organization": "bench"}
    )
    response.raise_for_status()
    response = await client.post(
        "/api/v1/auth/tokens", json={"name": "bench", "scopes": ["core.*", "bench.*", *chat]}
    )
    response.raise_for_status()
    token: str = response.json()["token"]
    return token


def spawn(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT
        )


def _print_logs(workdir: Path) -> None:
    """The end of each process's output, to see why a run failed."""
    for log in sorted(workdir.glob("*.log")):
        print(f"--- {log.name} (end):\n{_read(log)[-4000:]}", file=sys.stderr)


def _read(log: Path) -> str:
    return log.read_text(errors="replace")


def stop(process: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)
