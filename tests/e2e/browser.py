"""Debian's Chromium driven by Playwright: launch flags, isolated users, page records.

Never ``playwright install``: the browser is Debian's headless shell of Chromium,
``/usr/bin/chromium-headless-shell`` (``apt-get install chromium-headless-shell``), the
same kind of browser Playwright runs headless tests in, launched with the flags that
keep it off the network and with a fake camera and microphone for meeting tests. The
full browser (``chromium``) run headless drew every page through its whole windowed
stack: the browser suite spent 683 s of CPU with it against 410 s with the shell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    expect,
)

from lasuite.testing.services import in_ci

CHROMIUM = Path("/usr/bin/chromium-headless-shell")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium calls Google's hosts from a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Meetings: a fake camera and microphone, no prompt (the camera's picture: see
    # :func:`camera_args`).
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
]

CAMERA_SIZE = (160, 120)
CAMERA_FRAMES = 15
"""A second of a small moving picture, looped: Chromium's own fake camera films 640x480
at 30 frames a second, which four browsers of a meeting then encode for each other and
the two cores spend their time on."""


def camera_args(directory: Path) -> list[str]:
    """Chromium's arguments for a fake camera filming a small bar that moves (a Y4M
    file written in ``directory``), so that a received video visibly plays."""
    width, height = CAMERA_SIZE
    path = directory / "camera.y4m"
    frames = []
    for index in range(CAMERA_FRAMES):
        left = index * width // CAMERA_FRAMES
        row = bytes(235 if left <= x < left + width // 8 else 16 for x in range(width))
        chroma = bytes([128]) * (width * height // 2)  # U then V planes, 4:2:0, grey
        frames.append(b"FRAME\n" + row * height + chroma)
    header = f"YUV4MPEG2 W{width} H{height} F{CAMERA_FRAMES}:1 Ip A1:1 C420jpeg\n"
    path.write_bytes(header.encode() + b"".join(frames))
    return [f"--use-file-for-fake-video-capture={path}"]


ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def require_chromium() -> Path:
    """The browser's path; skip the suite without it (fail in CI, which installs it)."""
    if CHROMIUM.exists():
        return CHROMIUM
    if in_ci():
        pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing", pytrace=False)
    pytest.skip(
        f"Browser suite skipped: install Chromium's headless shell ({CHROMIUM}: "
        "apt-get install chromium-headless-shell)"
    )


@dataclass
class PageRecord:
    """What a page did: console errors, uncaught exceptions, every URL it requested."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def foreign_requests(self, base_url: str) -> list[str]:
        """Requests that left the app's origin (data: and blob: URLs stay in the page)."""
        return [
            url
            for url in self.requests
            if not url.startswith((f"{base_url}/", "data:", "blob:")) and url != base_url
        ]


@dataclass
class User:
    """One person at their browser: an isolated context (own cookies and storage)."""

    context: BrowserContext
    page: Page
    record: PageRecord


class Users:
    """Opens isolated browser contexts, one per person, so that several users act at once.

    ``users.new()`` is a fresh person; ``users.new(media=True)`` may also use the
    fake camera and microphone (for meetings).
    """

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.all: list[User] = []

    def new(self, *, media: bool = False, locale: str = "fr-FR") -> User:
        context = self.browser.new_context(base_url=self.base_url, locale=locale)
        if media:
            context.grant_permissions(["camera", "microphone"], origin=self.base_url)
        page = context.new_page()
        record = PageRecord()
        record.watch(page)
        user = User(context, page, record)
        self.all.append(user)
        return user

    def close(self) -> None:
        for user in self.all:
            user.context.close()


def save_screenshots(users: list[User], name: str) -> list[Path]:
    """A full-page screenshot of each user's page in ``tests/e2e/artifacts``."""
    ARTIFACTS.mkdir(exist_ok=True)
    saved = []
    for index, user in enumerate(users, start=1):
        path = ARTIFACTS / f"{name}-user{index}.png"
        try:
            user.page.screenshot(path=path, full_page=True)
        except Exception:  # a crashed page still lets the others be saved
            continue
        saved.append(path)
    return saved


def read_in(page: Page, locale: str) -> None:
    """Switch this browser's language only (the header's choice would also be kept with
    the account, which the browser tests share)."""
    page.evaluate("async (code) => (await import('@lasuite/shell')).setLocale(code)", locale)
    expect(page.locator("html")).to_have_attribute("lang", locale)
