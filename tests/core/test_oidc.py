"""Signing in with an OpenID Connect provider (ProConnect-style), over real HTTP to a local one."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from lasuite.app import create_app
from lasuite.audit.models import AuditEvent
from lasuite.db.base import utcnow
from lasuite.identity.models import User
from lasuite.identity.oidc import CALLBACK_PATH, LOGIN_PATH, VerifiedIdentity
from lasuite.identity.oidc_accounts import SignInRefused, sign_in_identity
from lasuite.identity.secret_hashes import hash_secret
from lasuite.state import runtime_of
from lasuite.tenancy.models import Invitation, Membership
from lasuite.tenancy.organizations import create_organization
from lasuite.testing import send_csrf_token
from lasuite.testing.oidc_provider import TEST_CLIENT_URL, LocalOIDCProvider, OIDCUser
from lasuite.tls import client_tls
from tests.core.tenancy import app_database

SIRET = "11000201100044"


@pytest_asyncio.fixture
async def client(
    lasuite_oidc_app: Litestar, lasuite_app: Litestar
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    # ``lasuite_app`` (behind ``make_member``) copies a fresh database over the file: it
    # must do so before this app starts, as its embedded job worker opens the database.
    async with AsyncTestClient(app=lasuite_oidc_app) as client:
        await send_csrf_token(client)
        yield client


@pytest_asyncio.fixture
async def ministry(lasuite_oidc_app: Litestar) -> uuid.UUID:
    """The organization whose SIRET the provider's agents carry."""
    async with app_database(lasuite_oidc_app) as db:
        org = await create_organization(
            db, name="Ministère des Tests", slug="tests", plugins=(), siret=SIRET
        )
    return org.id


def agent(sub: str = "agent-1", *, siret: str | None = SIRET, **names: str) -> OIDCUser:
    return OIDCUser(sub=sub, email=f"{sub}@tests.gouv.fr", siret=siret, **names)


async def login_events(app: Litestar, outcome: str) -> list[dict[str, Any]]:
    async with app_database(app) as db:
        events = await db.scalars(
            select(AuditEvent).where(AuditEvent.action == f"core.login.{outcome}")
        )
        return [event.data for event in events]


async def users_with_subject(app: Litestar, subject: str) -> list[User]:
    async with app_database(app) as db:
        return list(await db.scalars(select(User).where(User.oidc_subject == subject)))


async def test_first_sign_in_creates_the_user_and_joins_the_organization_of_their_siret(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, ministry
):
    oidc_provider.next_user = agent(given_name="Camille", usual_name="Martin")

    response = await oidc_provider.sign_in(client)
    me = await client.get("/api/v1/auth/me")

    assert response.status_code == 302, response.text
    assert response.headers["location"] == "/"
    assert me.json()["email"] == "agent-1@tests.gouv.fr"
    assert me.json()["display_name"] == "Camille Martin"
    assert me.json()["organization_id"] == str(ministry)
    assert me.json()["role"] == "member"
    [user] = await users_with_subject(lasuite_oidc_app, "agent-1")
    assert user.oidc_issuer == oidc_provider.issuer
    assert user.last_login_at is not None
    assert await login_events(lasuite_oidc_app, "succeeded") == [
        {"method": "oidc", "issuer": oidc_provider.issuer, "account": "created"}
    ]


async def test_second_sign_in_finds_the_same_user(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, ministry
):
    oidc_provider.next_user = agent()
    await oidc_provider.sign_in(client)
    first = (await client.get("/api/v1/auth/me")).json()

    oidc_provider.next_user = agent(given_name="Camille-Anne")
    response = await oidc_provider.sign_in(client)
    second = (await client.get("/api/v1/auth/me")).json()

    assert response.status_code == 302, response.text
    assert second["id"] == first["id"]
    assert second["display_name"] == "Camille-Anne Martin"
    assert len(await users_with_subject(lasuite_oidc_app, "agent-1")) == 1
    async with app_database(lasuite_oidc_app) as db:
        memberships = await db.scalar(select(func.count()).select_from(Membership))
    assert memberships == 1


async def test_sign_in_lands_on_the_path_asked_for(
    client, oidc_provider: LocalOIDCProvider, ministry
):
    oidc_provider.next_user = agent()

    response = await oidc_provider.sign_in(client, next_path="/docs/d-1?view=edit")

    assert response.status_code == 302, response.text
    assert response.headers["location"] == "/docs/d-1?view=edit"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "docs"],
)
async def test_next_leading_to_another_site_is_refused(client, oidc_provider, target):
    response = await client.get(LOGIN_PATH, params={"next": target})

    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert "location" not in response.headers


async def test_login_uses_the_code_flow_with_pkce_state_and_nonce(client, oidc_provider):
    response = await client.get(LOGIN_PATH, follow_redirects=False)

    authorize = httpx.URL(response.headers["location"])
    assert response.status_code == 302
    assert str(authorize).startswith(f"{oidc_provider.issuer}/authorize?")
    assert authorize.params["response_type"] == "code"
    assert authorize.params["code_challenge_method"] == "S256"
    assert authorize.params["redirect_uri"] == TEST_CLIENT_URL + CALLBACK_PATH
    assert {"state", "nonce", "code_challenge"} <= set(authorize.params)


async def test_a_forged_state_is_refused_and_audited(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, ministry
):
    oidc_provider.next_user = agent()
    callback = await oidc_provider.authorize(client)

    forged = {**callback.params, "state": "forged"}

    response = await client.get(CALLBACK_PATH, params=forged, follow_redirects=False)

    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    assert [e["reason"] for e in await login_events(lasuite_oidc_app, "failed")] == ["state"]


async def test_a_callback_cannot_be_replayed(client, oidc_provider: LocalOIDCProvider, ministry):
    oidc_provider.next_user = agent()
    callback = await oidc_provider.authorize(client)
    await client.get(str(callback), follow_redirects=False)

    replayed = await client.get(str(callback), follow_redirects=False)

    assert replayed.status_code == 400


async def test_a_wrong_nonce_is_refused_and_audited(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, ministry
):
    oidc_provider.next_user = agent()
    oidc_provider.wrong_nonce = True

    response = await oidc_provider.sign_in(client)

    assert response.status_code == 401
    assert response.json() == {
        "error": "not_authenticated",
        "detail": "The ID token's nonce does not match this sign-in.",
    }
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    assert [e["reason"] for e in await login_events(lasuite_oidc_app, "failed")] == ["id_token"]


async def test_a_token_signed_with_another_key_is_refused_and_audited(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, ministry
):
    oidc_provider.next_user = agent()
    oidc_provider.sign_with_foreign_key = True

    response = await oidc_provider.sign_in(client)

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert "signature" in response.json()["detail"]
    assert [e["reason"] for e in await login_events(lasuite_oidc_app, "failed")] == ["signature"]
    assert await users_with_subject(lasuite_oidc_app, "agent-1") == []


async def test_keys_rotated_by_the_provider_are_fetched_again(
    client, oidc_provider: LocalOIDCProvider, ministry
):
    oidc_provider.next_user = agent()
    await oidc_provider.sign_in(client)  # the app now holds the provider's first key
    oidc_provider.rotate_key()

    response = await oidc_provider.sign_in(client)

    assert response.status_code == 302, response.text


async def test_the_client_secret_is_posted_when_the_provider_takes_no_basic_auth(
    client, oidc_provider: LocalOIDCProvider, ministry
):
    oidc_provider.client.token_endpoint_auth_methods = ("client_secret_post",)
    oidc_provider.next_user = agent()

    response = await oidc_provider.sign_in(client)

    assert response.status_code == 302, response.text


async def test_userinfo_as_plain_json_is_read_too(
    client, oidc_provider: LocalOIDCProvider, ministry
):
    oidc_provider.next_user = agent()
    oidc_provider.userinfo_as_jwt = False

    response = await oidc_provider.sign_in(client)

    assert response.status_code == 302, response.text
    assert (await client.get("/api/v1/auth/me")).json()["email"] == "agent-1@tests.gouv.fr"


async def test_an_agent_whose_administration_has_not_joined_is_refused(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider
):
    oidc_provider.next_user = agent(siret="13002526500013")

    response = await oidc_provider.sign_in(client)

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert "has not joined" in response.json()["detail"]
    assert await users_with_subject(lasuite_oidc_app, "agent-1") == []
    failures = await login_events(lasuite_oidc_app, "failed")
    assert [e["reason"] for e in failures] == ["no_organization"]


async def _invitation(
    app: Litestar,
    organization_id: uuid.UUID,
    email: str,
    *,
    role: str = "member",
    days: int = 7,
    landing: str | None = None,
) -> str:
    """An invitation of ``email`` to the organization, as its e-mailed link holds it."""
    token = secrets.token_urlsafe(16)
    async with app_database(app) as db:
        db.add(
            Invitation(
                organization_id=organization_id,
                email=email,
                role=role,
                token_hash=hash_secret(token),
                expires_at=utcnow() + timedelta(days=days),
                landing=landing,
            )
        )
    return token


async def _accepted(app: Litestar) -> list[dict[str, Any]]:
    async with app_database(app) as db:
        events = await db.scalars(
            select(AuditEvent).where(AuditEvent.action == "core.invitation.accepted")
        )
        return [event.data for event in events]


async def test_an_invited_agent_whose_administration_has_not_joined_signs_in_and_joins(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, make_member
):
    host = await make_member()
    token = await _invitation(
        lasuite_oidc_app, host.organization_id, "agent-1@tests.gouv.fr", role="admin"
    )
    oidc_provider.next_user = agent(siret="13002526500013", given_name="Camille")

    response = await oidc_provider.sign_in(client, invitation=token, next_path="/chat")
    me = (await client.get("/api/v1/auth/me")).json()
    again = await client.post("/api/v1/invitations/preview", json={"token": token})

    assert response.status_code == 302, response.text
    assert response.headers["location"] == "/chat"
    assert (me["email"], me["organization_id"], me["role"]) == (
        "agent-1@tests.gouv.fr",
        str(host.organization_id),
        "admin",
    )
    assert again.status_code == 410  # used
    assert await _accepted(lasuite_oidc_app) == [
        {"email": "agent-1@tests.gouv.fr", "role": "admin", "via": "oidc"}
    ]


async def test_an_invited_agent_of_a_joined_administration_acts_in_the_inviting_one(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, make_member, ministry
):
    host = await make_member()
    token = await _invitation(
        lasuite_oidc_app, host.organization_id, "AGENT-1@tests.gouv.fr", landing="/docs/d-1"
    )
    oidc_provider.next_user = agent()

    response = await oidc_provider.sign_in(client, invitation=token)
    me = (await client.get("/api/v1/auth/me")).json()

    assert response.headers["location"] == "/docs/d-1"  # where the invitation leads
    assert me["organization_id"] == str(host.organization_id)
    assert {m["organization_id"] for m in me["memberships"]} == {
        str(host.organization_id),
        str(ministry),
    }


async def test_an_invitation_sent_to_another_address_lets_nobody_in(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, make_member
):
    host = await make_member()
    token = await _invitation(lasuite_oidc_app, host.organization_id, "someone@tests.gouv.fr")
    oidc_provider.next_user = agent(siret="13002526500013")

    response = await oidc_provider.sign_in(client, invitation=token)
    still = await client.post("/api/v1/invitations/preview", json={"token": token})

    assert response.status_code == 403
    assert "another e-mail address" in response.json()["detail"]
    assert await users_with_subject(lasuite_oidc_app, "agent-1") == []
    assert still.status_code == 200  # still waiting for its invitee
    failures = await login_events(lasuite_oidc_app, "failed")
    assert [e["reason"] for e in failures] == ["invitation_for_another"]


async def test_an_expired_invitation_is_no_way_in(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, make_member
):
    host = await make_member()
    token = await _invitation(
        lasuite_oidc_app, host.organization_id, "agent-1@tests.gouv.fr", days=-1
    )
    oidc_provider.next_user = agent(siret="13002526500013")

    response = await oidc_provider.sign_in(client, invitation=token)

    assert response.status_code == 410
    assert "expired" in response.json()["detail"]
    assert await users_with_subject(lasuite_oidc_app, "agent-1") == []


async def test_an_expired_invitation_is_passed_over_for_an_agent_of_a_joined_administration(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, make_member, ministry
):
    host = await make_member()
    token = await _invitation(
        lasuite_oidc_app, host.organization_id, "agent-1@tests.gouv.fr", days=-1
    )
    oidc_provider.next_user = agent()

    response = await oidc_provider.sign_in(client, invitation=token)
    me = (await client.get("/api/v1/auth/me")).json()

    assert response.status_code == 302, response.text
    assert me["organization_id"] == str(ministry)


async def test_a_refusal_at_the_provider_is_refused_here(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider
):
    oidc_provider.next_user = None  # the provider answers access_denied

    response = await oidc_provider.sign_in(client)

    assert response.status_code == 401
    assert "access_denied" in response.json()["detail"]
    assert [e["reason"] for e in await login_events(lasuite_oidc_app, "failed")] == ["provider"]


async def test_a_local_account_with_the_same_email_is_linked_and_keeps_its_organization(
    client, lasuite_oidc_app, oidc_provider: LocalOIDCProvider, make_member
):
    alice = await make_member(role="admin")
    oidc_provider.next_user = OIDCUser(sub="alice-at-op", email=alice.email)

    response = await oidc_provider.sign_in(client)
    me = (await client.get("/api/v1/auth/me")).json()

    assert response.status_code == 302, response.text
    assert (me["id"], me["organization_id"], me["role"]) == (
        str(alice.user_id),
        str(alice.organization_id),
        "admin",
    )
    assert [u.id for u in await users_with_subject(lasuite_oidc_app, "alice-at-op")] == [
        alice.user_id
    ]


async def test_an_unverified_email_does_not_take_over_a_local_account(lasuite_app, make_member):
    alice = await make_member()
    claims = {"sub": "mallory", "email": alice.email, "email_verified": False, "siret": SIRET}
    identity = VerifiedIdentity(issuer="https://op.example", claims=claims, id_token="x")

    with pytest.raises(SignInRefused) as refused:
        async with app_database(lasuite_app) as db:
            await sign_in_identity(db, identity, ip="")

    assert (refused.value.status_code, refused.value.reason) == (409, "email_taken")
    assert await users_with_subject(lasuite_app, "mallory") == []


async def test_an_unverified_address_does_not_take_an_invitation(lasuite_app, make_member):
    host = await make_member()
    token = await _invitation(lasuite_app, host.organization_id, "mallory@tests.gouv.fr")
    claims = {"sub": "mallory", "email": "mallory@tests.gouv.fr", "email_verified": False}
    identity = VerifiedIdentity(issuer="https://op.example", claims=claims, id_token="x")

    with pytest.raises(SignInRefused) as refused:
        async with app_database(lasuite_app) as db:
            await sign_in_identity(db, identity, ip="", invitation=token)

    assert (refused.value.status_code, refused.value.reason) == (403, "invitation_for_another")
    assert await users_with_subject(lasuite_app, "mallory") == []


async def test_logout_after_oidc_sign_in_gives_the_provider_logout_url(
    client, oidc_provider: LocalOIDCProvider, ministry
):
    oidc_provider.next_user = agent()
    await oidc_provider.sign_in(client)

    response = await client.post("/api/v1/auth/logout")
    redirect = httpx.URL(response.json()["redirect"])
    async with httpx.AsyncClient(verify=client_tls()) as browser:
        at_provider = await browser.get(redirect)

    assert response.status_code == 200
    assert str(redirect).startswith(f"{oidc_provider.issuer}/logout?")
    assert redirect.params["post_logout_redirect_uri"] == f"{TEST_CLIENT_URL}/"
    assert "id_token_hint" in redirect.params
    assert (await client.get("/api/v1/auth/me")).status_code == 401
    assert at_provider.status_code == 302
    assert at_provider.headers["location"].startswith(f"{TEST_CLIENT_URL}/")
    assert oidc_provider.ended_sessions == ["agent-1"]


async def test_logout_of_a_local_session_still_answers_204(client, make_member):
    alice = await make_member()
    await alice.sign_in(client)

    response = await client.post("/api/v1/auth/logout")

    assert response.status_code == 204
    assert (await client.get("/api/v1/auth/me")).status_code == 401


async def test_local_login_answers_404_when_local_accounts_are_off(
    lasuite_oidc_app: Litestar, lasuite_registry, make_member
):
    alice = await make_member()
    settings = runtime_of(lasuite_oidc_app.state).settings.model_copy(
        update={"local_accounts": False}
    )
    async with AsyncTestClient(create_app(settings, registry=lasuite_registry)) as client:
        await send_csrf_token(client)
        response = await client.post(
            "/api/v1/auth/login", json={"email": alice.email, "password": alice.password}
        )

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


async def test_oidc_login_answers_404_when_no_provider_is_configured(lasuite_client):
    response = await lasuite_client.get(LOGIN_PATH)

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
