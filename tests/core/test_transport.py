"""``lasuite run``'s transport, served as it serves it (uvicorn through
``server_config``, real sockets): TLS told by a trusted proxy makes cookies ``Secure``
and sends HSTS; slow or silent clients are let go; past the connection cap, 503."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

from tests.e2e.server import served_like_lasuite_run

pytestmark = pytest.mark.parametrize("lasuite_database_url", ["sqlite"], indirect=True)

WITHIN = 10.0


def headers_of(base_url: str, **headers: str) -> httpx.Headers:
    with httpx.Client(base_url=base_url, timeout=WITHIN) as client:
        response = client.get("/healthz", headers=headers)
    assert response.status_code == 200, response.text
    return response.headers


def secure(headers: httpx.Headers) -> list[bool]:
    """For each cookie set, whether it is ``Secure``."""
    return [
        "secure" in {a.strip().lower() for a in cookie.split(";")[1:]}
        for cookie in headers.get_list("set-cookie")
    ]


def closed_by_server(connection: socket.socket) -> bool:
    """True once the server closed ``connection`` (read until then, or ``WITHIN``)."""
    connection.settimeout(WITHIN)
    try:
        while connection.recv(4096):
            pass
    except TimeoutError:
        return False
    return True


def test_through_a_trusted_tls_proxy_cookies_are_secure_and_browsers_told_to_stay(
    lasuite_app,
):
    with served_like_lasuite_run(lasuite_app) as (base_url, _):
        over_tls = headers_of(base_url, **{"x-forwarded-proto": "https"})
        plain = headers_of(base_url)

    assert secure(over_tls) == [True]
    assert over_tls["strict-transport-security"].startswith("max-age=31536000")
    assert secure(plain) == [False]
    assert "strict-transport-security" not in plain


def test_an_untrusted_proxy_cannot_claim_tls(lasuite_app):
    with served_like_lasuite_run(lasuite_app, forwarded_allow_ips="192.0.2.1") as (base_url, _):
        claimed = headers_of(base_url, **{"x-forwarded-proto": "https"})

    assert secure(claimed) == [False]
    assert "strict-transport-security" not in claimed


def test_a_client_too_slow_with_its_headers_or_silent_is_let_go(lasuite_app):
    with served_like_lasuite_run(lasuite_app, header_timeout=0.5) as (base_url, port):
        with (
            socket.create_connection(("127.0.0.1", port)) as dribbling,
            socket.create_connection(("127.0.0.1", port)) as silent,
        ):
            dribbling.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            let_go = closed_by_server(dribbling), closed_by_server(silent)
        with httpx.Client(base_url=base_url, timeout=WITHIN) as client:
            # A client that sends its requests in time keeps its connection.
            answers = [client.get("/healthz").status_code for _ in range(2)]

    assert let_go == (True, True)
    assert answers == [200, 200]


def test_past_the_connection_cap_requests_are_answered_503(lasuite_app):
    with served_like_lasuite_run(lasuite_app, max_connections=2) as (base_url, port):
        with (
            socket.create_connection(("127.0.0.1", port)),
            socket.create_connection(("127.0.0.1", port)),
            httpx.Client(base_url=base_url, timeout=WITHIN) as client,
        ):
            refused = client.get("/healthz")
        # Once those two are gone, requests are served again.
        statuses = []
        deadline = time.monotonic() + WITHIN
        while 200 not in statuses and time.monotonic() < deadline:
            with httpx.Client(base_url=base_url, timeout=WITHIN) as client:
                statuses.append(client.get("/healthz").status_code)

    assert refused.status_code == 503
    assert statuses[-1] == 200
    assert set(statuses) <= {200, 503}
