"""Password checks run off the event loop: while one is under way, the app answers other
requests (argon2 on the loop made 16 failed sign-ins slow everyone's requests)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from lasuite.identity import passwords

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


async def test_the_app_answers_while_a_password_is_checked(
    lasuite_client, make_member, held_checks
):
    started, release = held_checks
    member = await make_member()
    signing_in = asyncio.ensure_future(
        lasuite_client.post(
            "/api/v1/auth/login", json={"email": member.email, "password": "not the password"}
        )
    )
    assert await asyncio.to_thread(started.wait, WITHIN), "the check never started"

    async with asyncio.timeout(WITHIN):
        meanwhile = await lasuite_client.get("/api/v1/auth/providers")
    release.set()
    refused = await asyncio.wait_for(signing_in, WITHIN)

    assert meanwhile.status_code == 200
    assert refused.status_code == 401


async def test_a_right_password_still_signs_in(lasuite_client, make_member):
    member = await make_member()

    answer = await lasuite_client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": member.password}
    )

    assert answer.status_code == 200, answer.text
