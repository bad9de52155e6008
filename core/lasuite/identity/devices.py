"""What a person recognizes a session by: the browser and system its User-Agent names."""

from __future__ import annotations

import re

import msgspec

# The first match wins: Edge and Opera say "Chrome" too, Chrome says "Safari".
_BROWSERS = (
    ("Edge", re.compile(r"\bEdg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"\bOPR/")),
    ("Firefox", re.compile(r"\b(?:Firefox|FxiOS)/")),
    ("Chromium", re.compile(r"\bChromium/")),
    ("Chrome", re.compile(r"\b(?:HeadlessChrome|Chrome|CriOS)/")),
    ("Safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/")),
)
_SYSTEMS = (
    ("Android", re.compile(r"\bAndroid\b")),
    ("iOS", re.compile(r"\b(?:iPhone|iPad|iPod)\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)


class Device(msgspec.Struct, frozen=True):
    browser: str
    """``Firefox``, ``Chrome``…; empty when the User-Agent names none we know."""
    system: str
    """``Windows``, ``Android``…; empty when unknown."""
    mobile: bool


def device_of(user_agent: str) -> Device:
    return Device(
        browser=_first(_BROWSERS, user_agent),
        system=_first(_SYSTEMS, user_agent),
        mobile="Mobi" in user_agent or "iPhone" in user_agent,
    )


def _first(patterns: tuple[tuple[str, re.Pattern[str]], ...], user_agent: str) -> str:
    return next((name for name, pattern in patterns if pattern.search(user_agent)), "")
