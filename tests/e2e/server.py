"""The app served over real HTTP for the browser: uvicorn in a thread, a temporary
var dir with a migrated SQLite database, and seeded organizations and users."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from litestar import Litestar

from lasuite.app import create_app
from lasuite.db.engine import Database
from lasuite.db.migrations import upgrade
from lasuite.identity.models import User
from lasuite.plugin_host.registry import Registry
from lasuite.serving import server_config
from lasuite.settings import Settings
from lasuite.tenancy.organizations import add_member, create_organization
from lasuite.testing.members import cheap_password_hash

START_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class Account:
    """A seeded user: how to sign in, and who they are."""

    email: str
    password: str
    display_name: str


@dataclass(frozen=True, slots=True)
class OrganizationSeed:
    slug: str
    name: str
    plugins: frozenset[str]


@dataclass(frozen=True, slots=True)
class AccountSeed:
    account: Account
    memberships: tuple[tuple[str, str], ...]
    """(organization slug, role), the first one being where they sign in."""


@dataclass(frozen=True, slots=True)
class LiveApp:
    base_url: str
    accounts: dict[str, Account]
    settings: Settings
    """The served app's: a test arranges rows or files it has no screen to make."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def seed(
    database_url: str, organizations: Iterable[OrganizationSeed], accounts: Iterable[AccountSeed]
) -> None:
    database = Database(database_url)
    try:
        async with database.transaction() as db:
            orgs = {}
            for org in organizations:
                orgs[org.slug] = await create_organization(
                    db, name=org.name, slug=org.slug, plugins=org.plugins
                )
            for seeded in accounts:
                user = User(
                    email=seeded.account.email,
                    display_name=seeded.account.display_name,
                    password_hash=cheap_password_hash(seeded.account.password),
                )
                db.add(user)
                await db.flush()
                for slug, role in seeded.memberships:
                    await add_member(db, organization_id=orgs[slug].id, user_id=user.id, role=role)
    finally:
        await database.dispose()


@contextmanager
def serve(app: Litestar, port: int) -> Iterator[str]:
    """Run ``app`` on 127.0.0.1:``port`` in a thread; yield its base URL."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", ws_per_message_deflate=False
    )
    with serve_config(config) as base_url:
        yield base_url


@contextmanager
def serve_config(config: uvicorn.Config) -> Iterator[str]:
    """Run uvicorn's ``config`` (on 127.0.0.1) in a thread; yield its base URL."""
    port = config.port
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="lasuite-e2e-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@contextmanager
def served_like_lasuite_run(app: Litestar, **settings: Any) -> Iterator[tuple[str, int]]:
    """``app`` served by ``lasuite run``'s server configuration (its bounds, trusted
    proxies and timeouts, ``settings`` changing them); its base URL and port."""
    port = free_port()
    config = server_config(
        app, Settings(host="127.0.0.1", port=port, **settings), log_level="warning"
    )
    with serve_config(config) as base_url:
        yield base_url, port


@contextmanager
def live_app(
    var_dir: Path,
    registry: Registry,
    organizations: Iterable[OrganizationSeed],
    accounts: Iterable[AccountSeed],
) -> Iterator[LiveApp]:
    """A migrated, seeded app instance served over HTTP until the block ends."""
    accounts = list(accounts)
    var_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    settings = Settings(var_dir=var_dir, port=port, host="127.0.0.1", demo=False)
    upgrade(settings.database, registry)
    asyncio.run(seed(settings.database, organizations, accounts))
    with serve(create_app(settings, registry=registry), port) as base_url:
        yield LiveApp(
            base_url, {a.account.email.split("@")[0]: a.account for a in accounts}, settings
        )
