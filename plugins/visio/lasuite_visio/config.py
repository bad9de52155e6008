"""How this instance holds meetings, read from the environment when it starts: through a
LiveKit server when ``LASUITE_LIVEKIT_URL``, ``LASUITE_LIVEKIT_API_KEY`` and
``LASUITE_LIVEKIT_API_SECRET`` are set (``LASUITE_LIVEKIT_PUBLIC_URL`` where browsers
reach it, if not at that URL; ``LASUITE_LIVEKIT_EMPTY_TIMEOUT``, seconds, and
``LASUITE_LIVEKIT_MAX_PARTICIPANTS`` bound each LiveKit room), else as a browser mesh of at most
:data:`MESH_CAPACITY` people whose STUN/TURN servers ``LASUITE_VISIO_ICE_SERVERS`` lists
(JSON, the ``RTCIceServer`` shape)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

MESH_CAPACITY = 4
"""People in a meeting without a video server: each sends its media to every other."""

TOKEN_TTL = timedelta(minutes=10)
"""How long a LiveKit token lets its holder connect (a connected participant stays)."""


EMPTY_TIMEOUT = 300
"""Seconds a LiveKit room stays open with nobody in it."""
MAX_PARTICIPANTS = 100
"""People in one LiveKit room."""


@dataclass(frozen=True, slots=True)
class LiveKit:
    url: str
    api_key: str
    api_secret: str
    empty_timeout: int = EMPTY_TIMEOUT
    max_participants: int = MAX_PARTICIPANTS
    public_url: str = ""
    """Where browsers connect (``LASUITE_LIVEKIT_PUBLIC_URL``, ``wss://…``) when the app
    reaches the server by another address; else ``url`` as a websocket URL."""

    @property
    def browser_url(self) -> str:
        """The LiveKit URL the workspace's pages connect to (ws:// or wss://)."""
        url = self.public_url or self.url
        return "ws" + url.removeprefix("http") if url.startswith("http") else url

    def origins(self) -> tuple[str, str]:
        """The origins a page talks to: the websocket, and its HTTP twin (LiveKit's
        client checks the server over HTTP when a connection fails)."""
        parts = urlsplit(self.browser_url)
        http = "https" if parts.scheme == "wss" else "http"
        return f"{parts.scheme}://{parts.netloc}", f"{http}://{parts.netloc}"


@dataclass(frozen=True, slots=True)
class MeetingConfig:
    livekit: LiveKit | None = None
    ice_servers: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)

    @property
    def mode(self) -> str:
        return "mesh" if self.livekit is None else "livekit"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> MeetingConfig:
        url = env.get("LASUITE_LIVEKIT_URL", "")
        key = env.get("LASUITE_LIVEKIT_API_KEY", "")
        secret = env.get("LASUITE_LIVEKIT_API_SECRET", "")
        livekit = (
            LiveKit(
                url,
                key,
                secret,
                empty_timeout=int(env.get("LASUITE_LIVEKIT_EMPTY_TIMEOUT", EMPTY_TIMEOUT)),
                max_participants=int(env.get("LASUITE_LIVEKIT_MAX_PARTICIPANTS", MAX_PARTICIPANTS)),
                public_url=env.get("LASUITE_LIVEKIT_PUBLIC_URL", ""),
            )
            if url and key and secret
            else None
        )
        ice = json.loads(env.get("LASUITE_VISIO_ICE_SERVERS", "[]"))
        if not isinstance(ice, list) or not all(isinstance(server, dict) for server in ice):
            raise ValueError("LASUITE_VISIO_ICE_SERVERS must be a JSON list of objects")
        return cls(livekit=livekit, ice_servers=tuple(ice))
