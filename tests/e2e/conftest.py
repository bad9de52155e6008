"""Fixtures of the browser suite: the served app, Chromium, isolated users.

Without ``/usr/bin/chromium-headless-shell`` or without built web assets the suite is
skipped with a notice (``make e2e`` builds them); with ``CI=true`` either is a failure.
Screenshots of every open page are saved in ``tests/e2e/artifacts`` when a test
fails, and after every test with ``LASUITE_E2E_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from lasuite.plugin_host.loader import discover, load_registry
from lasuite.shell import SHELL_DIR
from lasuite.testing.services import in_ci
from tests.e2e.browser import (
    CHROMIUM_ARGS,
    Users,
    camera_args,
    require_chromium,
    save_screenshots,
)
from tests.e2e.plugins import BROKEN, FINDER, HELLO
from tests.e2e.server import Account, AccountSeed, LiveApp, OrganizationSeed, live_app

PASSWORD = "correct horse battery staple"

ALICE = Account("alice@ministere-a.test", PASSWORD, "Alice Martin")
BOB = Account("bob@ministere-b.test", PASSWORD, "Bob Durand")
CAROL = Account("carol@ministere-a.test", PASSWORD, "Carol Petit")
DENISE = Account("denise@ministere-a.test", PASSWORD, "Denise Moreau")
"""In a hundred chat channels: her sidebar is not shared with the other tests."""

FAILED = pytest.StashKey[bool]()


def require_built_shell() -> None:
    if (SHELL_DIR / "index.html").exists():
        return
    message = "Browser suite skipped: the web assets are not built (run `make web`)"
    if in_ci():
        pytest.fail(f"{message}; CI builds them with `make test`", pytrace=False)
    pytest.skip(message)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    report: pytest.TestReport = yield
    item.stash.setdefault(FAILED, False)
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture(scope="package")
def chromium() -> Path:
    return require_chromium()


@pytest.fixture(scope="package")
def live(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """The app with the ``hello``, ``broken`` and ``finder`` test plugins, two ministries,
    three users.

    Ministère A has every plugin but ``broken``; Ministère B has them all. Alice is
    owner of A, Bob a member of B, Carol a member of both (A first).
    """
    require_built_shell()
    registry = load_registry(found=[*discover(), HELLO, BROKEN, FINDER])
    every = registry.loaded_ids
    organizations = [
        OrganizationSeed("ministere-a", "Ministère A", every - {"broken"}),
        OrganizationSeed("ministere-b", "Ministère B", every),
    ]
    accounts = [
        AccountSeed(ALICE, (("ministere-a", "owner"),)),
        AccountSeed(BOB, (("ministere-b", "member"),)),
        AccountSeed(CAROL, (("ministere-a", "member"), ("ministere-b", "member"))),
        AccountSeed(DENISE, (("ministere-a", "member"),)),
    ]
    var_dir = tmp_path_factory.mktemp("e2e") / "var"
    with live_app(var_dir, registry, organizations, accounts) as app:
        yield app


@pytest.fixture(scope="package")
def browser(
    live: LiveApp, chromium: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    # Started after the app is seeded: the sync API keeps an event loop of its own.
    camera = camera_args(tmp_path_factory.mktemp("camera"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), args=[*CHROMIUM_ARGS, *camera]
        )
        yield browser
        browser.close()


@pytest.fixture
def users(browser: Browser, live: LiveApp, request: pytest.FixtureRequest) -> Iterator[Users]:
    """Isolated browser contexts, one per person: ``users.new()``."""
    opened = Users(browser, live.base_url)
    yield opened
    failed = request.node.stash.get(FAILED, False)
    if failed or os.environ.get("LASUITE_E2E_SCREENSHOTS") == "1":
        save_screenshots(opened.all, request.node.name)
    opened.close()
