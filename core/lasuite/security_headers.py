"""Security headers on every response, and the strict Content-Security-Policy of pages.

HTML gets a CSP that allows the app's own origin only: no inline script (the
shell's page adds the hash of its import map), no inline style, no framing.
The Swagger UI at ``/api/docs`` runs an inline script and inline styles, so its
pages get a CSP of their own that allows those, and nothing from elsewhere either.
"""

from __future__ import annotations

from collections.abc import Iterable

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from lasuite.api_docs import DOCS_PATH

CSP_HEADER = "content-security-policy"

_COMMON = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

API_DOCS_CSP = "; ".join(
    f"{k} {v}"
    for k, v in {
        **_COMMON,
        "script-src": "'self' 'unsafe-inline'",
        "style-src": "'self' 'unsafe-inline'",
    }.items()
)


def content_security_policy(
    script_hashes: Iterable[str] = (), connect_sources: Iterable[str] = ()
) -> str:
    """The strict policy of the workspace's pages, allowing the given inline scripts and
    connections to the origins plugins named (``ctx.allow_connections``)."""
    directives = {
        **_COMMON,
        "connect-src": " ".join(["'self'", *connect_sources]),
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self'",
    }
    return "; ".join(f"{k} {v}" for k, v in directives.items())


STRICT_CSP = content_security_policy()

ALWAYS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


HSTS = "max-age=31536000; includeSubDomains"
"""Over TLS, browsers are told to come back over TLS only, for a year."""


async def add_security_headers(message: Message, scope: Scope) -> None:
    """``before_send`` hook: the headers above on every HTTP response; over TLS (the
    server's own, or a trusted proxy's, whose ``X-Forwarded-Proto`` uvicorn applies),
    HSTS and every cookie marked ``Secure``."""
    if message["type"] != "http.response.start":
        return
    if scope.get("scheme") == "https":
        message["headers"] = _secure_cookies(message["headers"])
    headers = MutableScopeHeaders.from_message(message)
    for name, value in ALWAYS.items():
        if name not in headers:
            headers[name] = value
    if scope.get("scheme") == "https" and "strict-transport-security" not in headers:
        headers["strict-transport-security"] = HSTS
    if CSP_HEADER in headers or not headers.get("content-type", "").startswith("text/html"):
        return
    path: str = scope.get("path", "")
    in_docs = path == DOCS_PATH or path.startswith(f"{DOCS_PATH}/")
    headers[CSP_HEADER] = API_DOCS_CSP if in_docs else STRICT_CSP


def _secure_cookies(headers: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` with the cookies set without ``Secure`` marked so."""
    return [
        (name, value + b"; Secure")
        if name.lower() == b"set-cookie"
        and b"secure" not in {part.strip().lower() for part in value.split(b";")[1:]}
        else (name, value)
        for name, value in headers
    ]
