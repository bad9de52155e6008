"""Fixtures of visio's tests: a fake LiveKit server the app is pointed at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.plugins.visio.fake_livekit import FakeLiveKit

KEY, SECRET = "lasuite-test-key", "a-secret-of-the-lasuite-tests-that-is-long-enough"


@pytest.fixture
def fake_livekit(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLiveKit]:
    """A fake LiveKit server on loopback, and the app configured to use it (name this
    fixture before ``lasuite_client``: the app reads its configuration when it starts)."""
    fake = FakeLiveKit(KEY, SECRET)
    url = fake.start()
    monkeypatch.setenv("LASUITE_LIVEKIT_URL", url)
    monkeypatch.setenv("LASUITE_LIVEKIT_API_KEY", KEY)
    monkeypatch.setenv("LASUITE_LIVEKIT_API_SECRET", SECRET)
    try:
        yield fake
    finally:
        fake.stop()
