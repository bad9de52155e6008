"""The TLS context of the HTTP clients this process opens.

Building one loads the system's CA bundle, about 15 ms of CPU: a client opened per
sign-in or per call would spend that each time. One context, built on first use, is
shared by every client (an ``ssl.SSLContext`` may be used by many connections at once).
"""

from __future__ import annotations

import ssl
from functools import cache

import httpx


@cache
def client_tls() -> ssl.SSLContext:
    """The context verifying servers against the CA bundle httpx trusts by default."""
    return httpx.create_ssl_context()
