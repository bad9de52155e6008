"""Session cookies, a new session id at every sign-in, and CSRF checks on cookie requests."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis
from sqlalchemy import select

from lasuite.app import create_app
from lasuite.audit.models import AuditEvent
from lasuite.db.engine import Database
from lasuite.settings import Settings
from lasuite.state import runtime_of
from lasuite.stores import SessionFiles
from lasuite.testing import another_client, require_service

LOGIN = "/api/v1/auth/login"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"
TOKENS = "/api/v1/auth/tokens"
SESSION = "lasuite_session"


@pytest_asyncio.fixture
async def client(lasuite_app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A client that, unlike ``lasuite_client``, sends no CSRF header on its own."""
    async with AsyncTestClient(lasuite_app) as plain:
        yield plain


def credentials(member) -> dict[str, str]:
    return {"email": member.email, "password": member.password}


async def csrf_token(client) -> str:
    response = await client.get("/healthz")
    token: str = response.cookies.get("csrftoken") or client.cookies["csrftoken"]
    return token


async def sign_in(client, member) -> str:
    """Sign in the way the workspace does; return the new session id."""
    token = await csrf_token(client)
    response = await client.post(LOGIN, json=credentials(member), headers={"x-csrftoken": token})
    assert response.status_code == 200, response.text
    session_id: str = response.cookies[SESSION]
    return session_id


def set_cookie(response, name: str) -> str:
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert len(headers) == 1, response.headers.get_list("set-cookie")
    return headers[0].lower()


async def test_a_get_hands_out_a_csrf_cookie_the_workspace_can_read(client):
    for path in ("/healthz", ME):
        client.cookies.clear()
        response = await client.get(path)

        cookie = set_cookie(response, "csrftoken")
        assert "httponly" not in cookie, path
        assert "samesite=lax" in cookie, path
        assert "secure" not in cookie, path


async def test_the_session_cookie_is_httponly_and_samesite_lax(client, make_member):
    alice = await make_member()
    token = await csrf_token(client)

    response = await client.post(LOGIN, json=credentials(alice), headers={"x-csrftoken": token})

    cookie = set_cookie(response, SESSION)
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie


async def test_cookies_are_secure_when_the_public_url_is_https(
    lasuite_app, lasuite_settings: Settings, lasuite_registry, make_member
):
    settings = lasuite_settings.model_copy(update={"public_url": "https://suite.example.gouv.fr"})
    alice = await make_member()
    async with AsyncTestClient(create_app(settings, registry=lasuite_registry)) as client:
        probe = await client.get("/healthz")
        token = probe.cookies["csrftoken"]
        login = await client.post(
            LOGIN,
            json=credentials(alice),
            headers={"x-csrftoken": token, "cookie": f"csrftoken={token}"},
        )

    assert login.status_code == 200, login.text
    assert "; secure" in set_cookie(probe, "csrftoken")
    assert "; secure" in set_cookie(login, SESSION)


async def test_anonymous_requests_leave_no_session_behind(client):
    response = await client.get("/healthz")

    assert SESSION not in response.cookies


async def test_signing_in_gives_a_new_session_id_and_the_old_one_stops_working(client, make_member):
    alice = await make_member()
    first = await sign_in(client, alice)

    second = await sign_in(client, alice)
    client.cookies.delete(SESSION)
    with_old = await client.get(ME, headers={"cookie": f"{SESSION}={first}"})
    with_new = await client.get(ME, headers={"cookie": f"{SESSION}={second}"})

    assert second != first
    assert with_old.status_code == 401
    assert with_new.status_code == 200


async def test_a_planted_session_id_is_replaced_at_sign_in(client, make_member):
    """Session fixation: an id chosen by someone else never becomes the victim's session."""
    victim = await make_member()
    planted = uuid.uuid4().hex * 2
    client.cookies.set(SESSION, planted)

    issued = await sign_in(client, victim)
    client.cookies.clear()
    attacker = await client.get(ME, headers={"cookie": f"{SESSION}={planted}"})

    assert issued != planted
    assert attacker.status_code == 401


async def test_a_session_id_stops_working_after_sign_out(client, make_member):
    alice = await make_member()
    session_id = await sign_in(client, alice)

    out = await client.post(LOGOUT, headers={"x-csrftoken": client.cookies["csrftoken"]})
    client.cookies.clear()
    replayed = await client.get(ME, headers={"cookie": f"{SESSION}={session_id}"})

    assert out.status_code == 204
    assert replayed.status_code == 401


async def test_an_unsafe_request_without_the_csrf_token_is_refused(client, make_member):
    alice = await make_member()
    await sign_in(client, alice)

    missing = await client.post(LOGOUT)
    forged = await client.post(LOGOUT, headers={"x-csrftoken": "forged"})
    still_signed_in = await client.get(ME)

    for response in (missing, forged):
        assert response.status_code == 403
        assert response.json() == {
            "error": "forbidden",
            "detail": "CSRF token verification failed",
        }
    assert still_signed_in.status_code == 200


async def test_an_unsafe_request_with_the_csrf_token_goes_through(client, make_member):
    alice = await make_member()
    await sign_in(client, alice)

    response = await client.post(LOGOUT, headers={"x-csrftoken": client.cookies["csrftoken"]})

    assert response.status_code == 204


async def test_signing_in_needs_the_csrf_token(client, make_member):
    """Login CSRF: another site cannot sign a browser into an account of its choosing."""
    alice = await make_member()

    response = await client.post(LOGIN, json=credentials(alice))

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert SESSION not in response.cookies


async def _token_for(client, member) -> str:
    await sign_in(client, member)
    response = await client.post(
        TOKENS,
        json={"name": "script", "scopes": ["core.*"]},
        headers={"x-csrftoken": client.cookies["csrftoken"]},
    )
    assert response.status_code == 201, response.text
    client.cookies.clear()
    token: str = response.json()["token"]
    return token


async def test_a_token_request_without_session_cookie_needs_no_csrf_token(client, make_member):
    alice = await make_member()
    token = await _token_for(client, alice)
    listed = (await client.get(TOKENS, headers={"Authorization": f"Bearer {token}"})).json()

    response = await client.delete(
        f"{TOKENS}/{listed[0]['id']}", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status_code == 204


async def test_a_token_request_with_a_session_cookie_still_needs_the_csrf_token(
    client, make_member
):
    alice = await make_member()
    token = await _token_for(client, alice)
    await sign_in(client, alice)

    response = await client.post(LOGOUT, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403


async def test_sign_in_and_sign_out_are_audited(client, make_member, lasuite_app):
    alice = await make_member()
    await client.post(
        LOGIN,
        json={**credentials(alice), "password": "wrong"},
        headers={"x-csrftoken": await csrf_token(client)},
    )
    await sign_in(client, alice)
    await client.post(LOGOUT, headers={"x-csrftoken": client.cookies["csrftoken"]})

    database = Database(runtime_of(lasuite_app.state).settings.database)
    try:
        async with database.sessions() as db:
            events = (
                await db.scalars(
                    select(AuditEvent)
                    .where(AuditEvent.actor_id == alice.user_id)
                    .order_by(AuditEvent.created_at)
                )
            ).all()
    finally:
        await database.dispose()

    assert [e.action for e in events] == [
        "core.login.failed",
        "core.login.succeeded",
        "core.logout",
    ]
    assert events[0].target == alice.email
    assert events[0].organization_id is None
    assert events[1].organization_id == alice.organization_id
    assert all(e.ip == "testclient" for e in events)


@pytest.fixture
def redis_url() -> str:
    return require_service("Redis", "LASUITE_TEST_REDIS_URL")


async def test_with_redis_sessions_are_shared_by_every_app_instance(
    lasuite_app, lasuite_settings: Settings, lasuite_registry, make_member, redis_url: str
):
    settings = lasuite_settings.model_copy(update={"redis_url": redis_url})
    alice = await make_member()
    first_app = create_app(settings, registry=lasuite_registry)
    second_app = create_app(settings, registry=lasuite_registry)
    async with AsyncTestClient(first_app) as first, AsyncTestClient(second_app) as second:
        session_id = await sign_in(first, alice)
        me_elsewhere = await second.get(ME, headers={"cookie": f"{SESSION}={session_id}"})
    redis = Redis.from_url(redis_url)
    try:
        stored = await redis.exists(f"lasuite:sessions:{session_id}")
        ttl = await redis.ttl(f"lasuite:sessions:{session_id}")
    finally:
        await redis.aclose()

    assert me_elsewhere.status_code == 200
    assert me_elsewhere.json()["email"] == alice.email
    assert stored == 1
    assert 0 < ttl <= 14 * 24 * 3600


async def test_a_request_that_leaves_the_session_alone_does_not_write_it(
    lasuite_client, make_member
):
    """Otherwise a request in flight during an organization switch would undo the switch."""
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.get("/api/v1/auth/me")

    assert response.status_code == 200
    assert "lasuite_session" not in response.headers.get("set-cookie", "")


async def test_a_session_file_is_rewritten_to_renew_it_only_once_half_its_life_is_spent(
    tmp_path,
):
    """A session is read on every request; rewriting its file each time was most of
    the store's cost."""
    store = SessionFiles(tmp_path, create_directories=True)
    await store.set("fresh", b"a", expires_in=250)
    await store.set("aging", b"b", expires_in=100)

    read = [await store.get(key, renew_for=300) for key in ("fresh", "aging")]

    assert read == [b"a", b"b"]
    assert 240 <= await store.expires_in("fresh") <= 250  # not rewritten
    assert 290 <= await store.expires_in("aging") <= 300  # renewed
    assert await store.get("absent", renew_for=300) is None


async def test_a_session_file_is_read_again_only_once_it_changed(tmp_path, monkeypatch):
    """Every request reads its session: the file is read once, then only after another
    process rewrote or deleted it."""
    store = SessionFiles(tmp_path, create_directories=True)
    elsewhere = SessionFiles(tmp_path)  # another process's store on the same directory
    reads: list[str] = []
    load = SessionFiles._load_from_path

    async def counted(path):
        reads.append(path.name)
        return await load(path)

    monkeypatch.setattr(SessionFiles, "_load_from_path", staticmethod(counted))
    await store.set("s", b"a", expires_in=300)

    unchanged = [await store.get("s", renew_for=300) for _ in range(3)]
    after_reads = len(reads)
    await elsewhere.set("s", b"b", expires_in=300)
    rewritten = await store.get("s", renew_for=300)
    await elsewhere.delete("s")
    deleted = await store.get("s", renew_for=300)

    assert unchanged == [b"a"] * 3
    assert after_reads == 1
    assert rewritten == b"b"
    assert deleted is None


async def test_signing_in_and_out_each_hand_out_a_token_for_the_new_session(client, make_member):
    alice = await make_member()
    before = await csrf_token(client)
    await sign_in(client, alice)
    signed_in = client.cookies["csrftoken"]

    stale = await client.post(
        TOKENS, json={"name": "x", "scopes": []}, headers={"x-csrftoken": before}
    )
    client.cookies.delete("csrftoken")
    client.cookies.set("csrftoken", before, domain="testserver.local")
    reissued = (await client.get(ME)).cookies.get("csrftoken")
    signed_out = await client.post(LOGOUT, headers={"x-csrftoken": reissued or ""})

    assert signed_in != before
    assert stale.status_code == 403  # the token of no session is refused once signed in
    assert reissued not in (None, before)  # a safe request replaces a stale token
    assert signed_out.status_code == 204
    assert signed_out.cookies["csrftoken"] not in (before, signed_in, reissued)


async def test_a_token_of_another_session_is_refused(client, make_member):
    """A token planted in a browser (by a sibling subdomain, say) or kept from another
    session does not pass for its session, though cookie and header agree."""
    alice, bob = await make_member(), await make_member()
    bobs = another_client(client)
    await sign_in(client, alice)
    await sign_in(bobs, bob)
    planted = client.cookies["csrftoken"]
    bobs.cookies.delete("csrftoken")
    bobs.cookies.set("csrftoken", planted, domain="testserver.local")

    refused = await bobs.post(LOGOUT, headers={"x-csrftoken": planted})
    still_signed_in = await bobs.get(ME)

    assert refused.status_code == 403
    assert still_signed_in.status_code == 200
