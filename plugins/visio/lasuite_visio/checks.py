"""Visio's part of ``lasuite check``: the LiveKit server answers with our key (or meetings
are held as a browser mesh, with STUN/TURN servers that parse), and the speech-to-text
service for transcriptions is reachable."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from lasuite.plugins import CheckFailed
from lasuite_visio.config import MESH_CAPACITY, MeetingConfig
from lasuite_visio.livekit_rooms import LiveKitRooms
from lasuite_visio.problems import VideoServerUnavailable
from lasuite_visio.speech import SpeechToText


async def video_server() -> str:
    try:
        config = MeetingConfig.from_env()
    except ValueError as exc:
        raise CheckFailed(
            str(exc), fix='e.g. LASUITE_VISIO_ICE_SERVERS=[{"urls": "stun:stun.example.org"}]'
        ) from exc
    if config.livekit is None:
        return (
            f"no LiveKit: meetings of up to {MESH_CAPACITY} as a browser mesh, "
            f"{len(config.ice_servers)} STUN/TURN servers"
        )
    rooms = LiveKitRooms(config.livekit)
    try:
        count = await rooms.open_rooms()
    except VideoServerUnavailable as exc:
        raise CheckFailed(
            f"LiveKit at {config.livekit.url}: {exc.__cause__!r}",
            fix="start LiveKit, or correct LASUITE_LIVEKIT_URL and the API key and secret "
            "(those of its `keys:` configuration)",
        ) from exc
    finally:
        await rooms.close()
    return f"LiveKit at {config.livekit.url}, {count} rooms open"


async def transcription() -> str:
    speech = SpeechToText.from_env()
    if speech is None:
        return "no speech-to-text service: meetings are not transcribed"
    address = urlsplit(speech.url)
    port = address.port or (443 if address.scheme == "https" else 80)
    try:
        _reader, writer = await asyncio.wait_for(
            asyncio.open_connection(address.hostname, port), timeout=5
        )
    except (OSError, TimeoutError) as exc:
        raise CheckFailed(
            f"{speech.url} cannot be reached: {exc!r}",
            fix="start the service, or correct LASUITE_VISIO_TRANSCRIPTION_URL",
        ) from exc
    writer.close()
    await writer.wait_closed()
    return speech.url
