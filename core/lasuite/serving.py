"""How ``lasuite run`` serves the app: uvicorn, with the bounds a public server needs.

- A client has ``LASUITE_HEADER_TIMEOUT`` seconds to send a request's headers, from the
  moment it connects (or starts its next request): a client dribbling them, or sending
  nothing, cannot hold a connection for ever.
- An idle kept-alive connection is closed after ``LASUITE_IDLE_TIMEOUT`` seconds.
- Past ``LASUITE_MAX_CONNECTIONS`` connections (websockets included), new requests are
  answered 503 at once.
- Proxies in ``LASUITE_FORWARDED_ALLOW_IPS`` set the client address and the scheme
  (``X-Forwarded-Proto``: over TLS, cookies are ``Secure`` and HSTS is sent).
"""

from __future__ import annotations

import asyncio
import gc
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from lasuite.log_format import log_config
from lasuite.settings import Settings


class _TimelyHeaders(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers do not
    arrive within :attr:`header_timeout` seconds."""

    header_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._headers_due: asyncio.TimerHandle | None = None
        self._await_headers()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._await_headers()

    def on_headers_complete(self) -> None:
        self._headers_came()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_came()
        super().connection_lost(exc)

    def _await_headers(self) -> None:
        self._headers_came()
        self._headers_due = self.loop.call_later(self.header_timeout, self._too_slow)

    def _headers_came(self) -> None:
        if self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None

    def _too_slow(self) -> None:
        self._headers_due = None
        if not self.transport.is_closing():
            self.transport.close()


GC_THRESHOLDS = (50_000, 20, 100)
"""Allocations between young collections, and young (then middle) collections between
older ones: Python's default (700, 10, 10) ran a full collection every few seconds
under load."""


def freeze_what_was_built() -> None:
    """Before serving: leave the objects built so far (every module imported, the app's
    route tree and metadata) out of the garbage collector's passes, and run its passes
    less often. A full pass walks every object the process holds, about 0.45 µs each:
    with 1,000 documents open (bench docs) they paused the app for 150 to 450 ms every few
    seconds, and an edit's p99 was 213 to 311 ms; with this, 60 ms."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def server_config(app: Any, settings: Settings, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration of ``app`` served on ``settings``' address and bounds
    (``options`` override uvicorn's)."""
    protocol = type("TimelyHeaders", (_TimelyHeaders,), {"header_timeout": settings.header_timeout})
    return uvicorn.Config(
        app,
        **{
            "host": settings.host,
            "port": settings.port,
            "http": protocol,
            "timeout_keep_alive": settings.idle_timeout,
            "limit_concurrency": settings.max_connections,
            "ws_per_message_deflate": False,
            "ws_max_size": settings.ws_max_frame_bytes,
            "proxy_headers": True,
            "forwarded_allow_ips": settings.forwarded_allow_ips,
            "log_level": "info",
            "log_config": log_config(settings.log_format) or uvicorn.config.LOGGING_CONFIG,
            **options,
        },
    )
