"""Test clients that pass the CSRF check the way the workspace's JavaScript does."""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any

import httpx

from lasuite.identity.csrf import CSRF_COOKIE, CSRF_HEADER, SAFE_METHODS


async def _echo_csrf_cookie(request: httpx.Request) -> None:
    if request.method in SAFE_METHODS or CSRF_HEADER in request.headers:
        return
    cookies: SimpleCookie = SimpleCookie(request.headers.get("cookie", ""))
    if CSRF_COOKIE in cookies:
        request.headers[CSRF_HEADER] = cookies[CSRF_COOKIE].value


async def send_csrf_token(client: Any) -> None:
    """Make ``client`` (an ``httpx.AsyncClient``, such as Litestar's ``AsyncTestClient``)
    copy the ``csrftoken`` cookie into the ``x-csrftoken`` header of every unsafe request.

    Gets the cookie first (from ``/healthz``) if the client has none yet. The
    ``lasuite_client`` fixture and :meth:`Member.sign_in` call it, so tests need
    not; a request that sets ``x-csrftoken`` itself is left alone. Example::

        async with AsyncTestClient(app) as client:
            await send_csrf_token(client)
            response = await client.post("/api/v1/auth/logout")
    """
    hooks = client.event_hooks["request"]
    if _echo_csrf_cookie not in hooks:
        hooks.append(_echo_csrf_cookie)
    if CSRF_COOKIE not in client.cookies:
        await client.get("/healthz")
