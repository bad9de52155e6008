"""Password checks run off the event loop: while one is under way, the app answers other
requests (argon2 on the loop made 16 failed sign-ins slow everyone's requests)."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest

from lasuite.identity import passwords
from lasuite.testing import send_csrf_token
from tests.e2e.server import served_like_lasuite_run

WITHIN = 10.0


@pytest.fixture
def held_checks(monkeypatch: pytest.MonkeyPatch):
    """Password checks wait until the test lets them go on."""
    release, started = threading.Event(), threading.Event()
    check = passwords._verify

    def held(password_hash, password):
        started.set()
        release.wait(WITHIN)
        return check(password_hash, password)

    monkeypatch.setattr(passwords, "_verify", held)
    yield started, release
    release.set()


async def test_the_app_answers_while_a_password_is_checked(lasuite_app, make_member, held_checks):
    started, release = held_checks
    member = await make_member()
    # A served app and an asynchronous client: the test client would send one request
    # at a time.
    with served_like_lasuite_run(lasuite_app) as (base_url, _):
        async with httpx.AsyncClient(base_url=base_url, timeout=WITHIN) as http:
            await send_csrf_token(http)
            signing_in = asyncio.ensure_future(
                http.post(
                    "/api/v1/auth/login",
                    json={"email": member.email, "password": "not the password"},
                )
            )
            assert await asyncio.to_thread(started.wait, WITHIN), "the check never started"

            meanwhile = await http.get("/api/v1/auth/providers")
            still_checking = not signing_in.done()
            release.set()
            refused = await signing_in

    assert meanwhile.status_code == 200
    assert still_checking
    assert refused.status_code == 401


async def test_a_right_password_still_signs_in(lasuite_client, make_member):
    member = await make_member()

    answer = await lasuite_client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": member.password}
    )

    assert answer.status_code == 200, answer.text
