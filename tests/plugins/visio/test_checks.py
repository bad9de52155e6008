"""Visio's part of ``lasuite check``: the LiveKit server answers with the configured key
(the fake checks the token it is sent), and the speech-to-text service is reachable."""

from __future__ import annotations

import pytest

from lasuite.plugins import CheckFailed
from lasuite_visio import checks
from tests.core.mailbox import free_port
from tests.plugins.visio.fake_livekit import FakeLiveKit


async def test_livekit_answering_with_our_key_passes(fake_livekit: FakeLiveKit):
    found = await checks.video_server()

    assert found == f"LiveKit at {fake_livekit.url}, 0 rooms open"
    assert [call.method for call in fake_livekit.calls] == ["ListRooms"]


async def test_livekit_refusing_our_secret_is_a_problem(fake_livekit, monkeypatch):
    monkeypatch.setenv("LASUITE_LIVEKIT_API_SECRET", "another-secret-that-is-long-enough-too")

    with pytest.raises(CheckFailed) as failed:
        await checks.video_server()

    assert "LiveKit at" in failed.value.problem
    assert "API key and secret" in failed.value.fix
    assert fake_livekit.calls == []


async def test_without_livekit_the_mesh_and_its_ice_servers_are_checked(monkeypatch):
    monkeypatch.setenv("LASUITE_VISIO_ICE_SERVERS", '[{"urls": "stun:stun.example.org"}]')
    found = await checks.video_server()
    monkeypatch.setenv("LASUITE_VISIO_ICE_SERVERS", '{"urls": "stun:stun.example.org"}')

    with pytest.raises(CheckFailed) as failed:
        await checks.video_server()

    assert found.endswith("browser mesh, 1 STUN/TURN servers")
    assert "LASUITE_VISIO_ICE_SERVERS" in failed.value.problem


async def test_an_unreachable_transcription_service_is_a_problem(monkeypatch):
    monkeypatch.setenv("LASUITE_VISIO_TRANSCRIPTION_URL", f"http://127.0.0.1:{free_port()}/v1")

    with pytest.raises(CheckFailed) as failed:
        await checks.transcription()

    assert "cannot be reached" in failed.value.problem
