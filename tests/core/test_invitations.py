"""Invitations: who sends them, the secret link, expiry, single use, revocation."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from datetime import timedelta

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update

from lasuite.app import create_app
from lasuite.db.base import utcnow
from lasuite.jobs.models import Job
from lasuite.permissions.actor import Actor
from lasuite.plugins import ORG_ROLES
from lasuite.settings import Settings
from lasuite.tenancy.invitations import accept_invitation
from lasuite.tenancy.models import Invitation
from lasuite.testing import another_client, eventually, open_socket
from tests.core.mailbox import mailing_settings
from tests.core.tenancy import ADMINS, app_database, expected_statuses

INVITATIONS = "/api/v1/orgs/current/invitations"
ACCEPT = "/api/v1/invitations/accept"


async def invite(client, email: str, role: str = "member") -> dict:
    response = await client.post(INVITATIONS, json={"email": email, "role": role})
    assert response.status_code == 201, response.text
    return response.json()


def token_of(invitation: dict) -> str:
    return invitation["accept_url"].split("#token=", 1)[1]


@pytest.mark.parametrize("role", ORG_ROLES)
async def test_each_role_may_do_exactly_its_invitation_actions(lasuite_client, make_member, role):
    owner = await make_member(role="owner")
    caller = await make_member(role=role)
    await owner.sign_in(lasuite_client)
    pending = await invite(lasuite_client, "pending@example.org")
    await caller.sign_in(lasuite_client)

    statuses = {
        "invite": (
            await lasuite_client.post(
                INVITATIONS, json={"email": "new@example.org", "role": "member"}
            )
        ).status_code,
        "list": (await lasuite_client.get(INVITATIONS)).status_code,
        "revoke": (await lasuite_client.delete(f"{INVITATIONS}/{pending['id']}")).status_code,
    }

    assert statuses == expected_statuses(
        role, {"invite": (ADMINS, 201), "list": (ADMINS, 200), "revoke": (ADMINS, 204)}
    )


async def test_the_invitee_joins_with_the_invited_role(lasuite_client, make_member):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(role="member", organization="org-b")
    await admin.sign_in(lasuite_client)
    invitation = await invite(lasuite_client, bob.email, role="admin")

    await bob.sign_in(lasuite_client)
    accepted = await lasuite_client.post(ACCEPT, json={"token": token_of(invitation)})
    mine = (await lasuite_client.get("/api/v1/orgs")).json()

    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["slug"] == "org-a"
    assert {o["slug"]: o["role"] for o in mine} == {"org-b": "member", "org-a": "admin"}


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url, smtp_server) -> Settings:
    _mailbox, port = smtp_server
    return mailing_settings(tmp_path, lasuite_database_url, port)


async def test_the_link_is_emailed_and_only_a_hash_of_its_token_is_kept(
    lasuite_client, lasuite_app, make_member, smtp_server
):
    mailbox, _port = smtp_server
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    invitation = await invite(lasuite_client, "someone@example.org", role="guest")
    (mail,) = mailbox.wait_for(1)

    async def job_arguments() -> list[dict]:
        async with app_database(lasuite_app) as db:
            return list(await db.scalars(select(Job.arguments).where(Job.state == "succeeded")))

    await eventually(lambda: job_arguments(), message="the e-mail job to end")
    async with app_database(lasuite_app) as db:
        stored = await db.scalar(select(Invitation.token_hash))
    text = mail.get_payload(decode=True).decode()
    token = token_of(invitation)
    assert mail["To"] == "someone@example.org"
    assert invitation["accept_url"] in text
    assert f"{admin.email.split('@')[0]} vous invite à rejoindre" in text
    assert "invites you to join" in text
    assert "comme invité ou invitée" in text
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(await job_arguments())  # the job's record forgot the link


async def test_the_organization_hears_of_a_member_who_joined_by_invitation(
    lasuite_client, make_member
):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(role="member", organization="org-b")
    await admin.sign_in(lasuite_client)
    invitation = await invite(lasuite_client, bob.email, role="guest")
    topic = f"core:org:{admin.organization_id}"

    bobs = another_client(lasuite_client)
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(topic)
        await bob.sign_in(bobs)
        accepted = await bobs.post(ACCEPT, json={"token": token_of(invitation)})
        joined = await socket.next_event(topic, name="core.member.changed")

    assert accepted.status_code == 200, accepted.text
    assert joined["data"] == {"user_id": str(bob.user_id), "role": "guest"}


async def test_the_link_is_never_listed_again(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    await invite(lasuite_client, "someone@example.org")

    listed = (await lasuite_client.get(INVITATIONS)).json()

    assert [i["email"] for i in listed] == ["someone@example.org"]
    assert "accept_url" not in listed[0]


async def test_an_invitation_expires_after_the_configured_days(
    lasuite_app, lasuite_settings, lasuite_registry, make_member
):
    admin = await make_member(role="admin")
    settings = lasuite_settings.model_copy(update={"invitation_days": 2})
    async with AsyncTestClient(create_app(settings, registry=lasuite_registry)) as client:
        await admin.sign_in(client)
        invitation = await invite(client, "someone@example.org")

    async with app_database(lasuite_app) as db:
        stored = await db.scalar(select(Invitation))
    assert stored is not None
    assert stored.expires_at - stored.created_at == pytest.approx(
        timedelta(days=2), abs=timedelta(seconds=5)
    )
    assert invitation["expires_at"].startswith(stored.expires_at.date().isoformat())


async def test_invitations_beyond_the_hourly_limit_are_refused(
    lasuite_settings, lasuite_registry, lasuite_app, make_member
):
    admin = await make_member(role="admin")
    settings = lasuite_settings.model_copy(update={"invitations_per_hour": 2})
    async with AsyncTestClient(create_app(settings, registry=lasuite_registry)) as client:
        await admin.sign_in(client)
        await invite(client, "one@example.org")
        await invite(client, "two@example.org")
        third = await client.post(
            INVITATIONS, json={"email": "three@example.org", "role": "member"}
        )

    assert third.status_code == 429
    assert third.json()["error"] == "too_many_requests"
    assert int(third.headers["retry-after"]) > 0


async def test_accepting_beyond_the_hourly_limit_is_refused(
    lasuite_settings, lasuite_registry, lasuite_app, make_member
):
    bob = await make_member()
    settings = lasuite_settings.model_copy(update={"invitation_accepts_per_hour": 2})
    async with AsyncTestClient(create_app(settings, registry=lasuite_registry)) as client:
        await bob.sign_in(client)
        tries = [
            (await client.post(ACCEPT, json={"token": f"guess-{n}"})).status_code for n in range(3)
        ]

    assert tries == [404, 404, 429]


async def test_an_expired_invitation_is_gone(lasuite_client, lasuite_app, make_member):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(organization="org-b")
    await admin.sign_in(lasuite_client)
    invitation = await invite(lasuite_client, bob.email)
    async with app_database(lasuite_app) as db:
        await db.execute(update(Invitation).values(expires_at=utcnow() - timedelta(seconds=1)))

    await bob.sign_in(lasuite_client)
    response = await lasuite_client.post(ACCEPT, json={"token": token_of(invitation)})
    mine = (await lasuite_client.get("/api/v1/orgs")).json()

    assert response.status_code == 410
    assert response.json() == {
        "error": "gone",
        "detail": "This invitation has expired; ask for a new one.",
    }
    assert [o["slug"] for o in mine] == ["org-b"]


async def test_an_invitation_is_used_once(lasuite_client, make_member):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(organization="org-b")
    await admin.sign_in(lasuite_client)
    invitation = await invite(lasuite_client, bob.email)
    await bob.sign_in(lasuite_client)

    first = await lasuite_client.post(ACCEPT, json={"token": token_of(invitation)})
    second = await lasuite_client.post(ACCEPT, json={"token": token_of(invitation)})

    assert first.status_code == 200
    assert second.status_code == 410
    assert second.json()["detail"] == "This invitation has been used already."


async def test_of_two_concurrent_accepts_exactly_one_wins(lasuite_client, lasuite_app, make_member):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(organization="org-b")
    await admin.sign_in(lasuite_client)
    token = token_of(await invite(lasuite_client, bob.email))
    actor = Actor(
        user_id=bob.user_id,
        email=bob.email,
        display_name=bob.email,
        organization_id=bob.organization_id,
        role=bob.role,
        permissions=frozenset(),
    )

    async def accept():
        async with app_database(lasuite_app) as db:
            await accept_invitation(db, actor, token=token)

    outcomes = await asyncio.gather(accept(), accept(), return_exceptions=True)

    refused = [o for o in outcomes if o is not None]
    assert len(refused) == 1, outcomes
    assert getattr(refused[0], "status_code", None) == 410


async def test_a_revoked_invitation_is_not_found(lasuite_client, make_member):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(organization="org-b")
    await admin.sign_in(lasuite_client)
    invitation = await invite(lasuite_client, bob.email)
    revoked = await lasuite_client.delete(f"{INVITATIONS}/{invitation['id']}")

    await bob.sign_in(lasuite_client)
    response = await lasuite_client.post(ACCEPT, json={"token": token_of(invitation)})

    assert revoked.status_code == 204
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


async def test_an_unknown_token_is_not_found(lasuite_client, make_member):
    bob = await make_member()
    await bob.sign_in(lasuite_client)

    response = await lasuite_client.post(ACCEPT, json={"token": "not-a-token"})

    assert response.status_code == 404


async def test_an_invitation_sent_to_another_address_is_refused_and_stays_usable(
    lasuite_client, make_member
):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(organization="org-b")
    eve = await make_member(organization="org-c")
    await admin.sign_in(lasuite_client)
    invitation = await invite(lasuite_client, bob.email.upper())

    await eve.sign_in(lasuite_client)
    stolen = await lasuite_client.post(ACCEPT, json={"token": token_of(invitation)})
    await bob.sign_in(lasuite_client)
    accepted = await lasuite_client.post(ACCEPT, json={"token": token_of(invitation)})

    assert stolen.status_code == 403
    assert accepted.status_code == 200


async def test_only_owners_invite_owners(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    response = await lasuite_client.post(
        INVITATIONS, json={"email": "boss@example.org", "role": "owner"}
    )

    assert response.status_code == 403


async def test_inviting_a_member_or_a_pending_address_is_a_conflict(lasuite_client, make_member):
    admin = await make_member(role="admin")
    member = await make_member(role="member")
    await admin.sign_in(lasuite_client)
    await invite(lasuite_client, "pending@example.org")

    again = await lasuite_client.post(
        INVITATIONS, json={"email": "Pending@example.org", "role": "member"}
    )
    already = await lasuite_client.post(INVITATIONS, json={"email": member.email, "role": "member"})

    assert (again.status_code, already.status_code) == (409, 409)


async def test_pending_invitations_leave_out_accepted_and_expired_ones(
    lasuite_client, lasuite_app, make_member
):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(organization="org-b")
    await admin.sign_in(lasuite_client)
    accepted = await invite(lasuite_client, bob.email)
    expired = await invite(lasuite_client, "late@example.org")
    await invite(lasuite_client, "pending@example.org")
    async with app_database(lasuite_app) as db:
        await db.execute(
            update(Invitation)
            .where(Invitation.id == uuid.UUID(expired["id"]))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    await bob.sign_in(lasuite_client)
    await lasuite_client.post(ACCEPT, json={"token": token_of(accepted)})

    await admin.sign_in(lasuite_client)
    listed = (await lasuite_client.get(INVITATIONS)).json()

    assert [i["email"] for i in listed] == ["pending@example.org"]


async def test_an_invitation_of_another_organization_cannot_be_revoked(lasuite_client, make_member):
    admin_a = await make_member(role="admin", organization="org-a")
    admin_b = await make_member(role="admin", organization="org-b")
    await admin_b.sign_in(lasuite_client)
    theirs = await invite(lasuite_client, "someone@example.org")

    await admin_a.sign_in(lasuite_client)
    response = await lasuite_client.delete(f"{INVITATIONS}/{theirs['id']}")

    assert response.status_code == 404


async def test_invitations_are_audited(lasuite_client, make_member):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(organization="org-b")
    await admin.sign_in(lasuite_client)
    revoked = await invite(lasuite_client, "nobody@example.org")
    await lasuite_client.delete(f"{INVITATIONS}/{revoked['id']}")
    accepted = await invite(lasuite_client, bob.email, role="guest")
    await bob.sign_in(lasuite_client)
    await lasuite_client.post(ACCEPT, json={"token": token_of(accepted)})

    await admin.sign_in(lasuite_client)
    events = (await lasuite_client.get("/api/v1/orgs/current/audit")).json()

    assert [
        (e["action"], e["target"], e["actor_id"])
        for e in events
        if e["action"].startswith("core.invitation.")
    ] == [
        ("core.invitation.accepted", accepted["id"], str(bob.user_id)),
        ("core.invitation.created", accepted["id"], str(admin.user_id)),
        ("core.invitation.revoked", revoked["id"], str(admin.user_id)),
        ("core.invitation.created", revoked["id"], str(admin.user_id)),
    ]


SIGNUP = "/api/v1/invitations/signup"


async def test_a_newcomer_signs_up_from_the_invitation_and_is_signed_in(
    lasuite_client, make_member
):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    invitation = await invite(lasuite_client, "newcomer@example.org", role="member")
    await lasuite_client.post("/api/v1/auth/logout")

    joined = await lasuite_client.post(
        SIGNUP,
        json={
            "token": token_of(invitation),
            "display_name": "Camille Dupont",
            "password": "a long enough passphrase",
        },
    )
    me = (await lasuite_client.get("/api/v1/auth/me")).json()
    again = await lasuite_client.post(
        "/api/v1/auth/login",
        json={"email": "newcomer@example.org", "password": "a long enough passphrase"},
    )

    assert joined.status_code == 201, joined.text
    assert (me["email"], me["display_name"], me["role"]) == (
        "newcomer@example.org",
        "Camille Dupont",
        "member",
    )
    assert me["organization_id"] == str(admin.organization_id)
    assert again.status_code == 200


async def test_one_invitation_cannot_create_two_accounts(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    invitation = await invite(lasuite_client, "twice@example.org")
    await lasuite_client.post("/api/v1/auth/logout")
    body = {"token": token_of(invitation), "display_name": "A", "password": "x" * 12}
    await lasuite_client.post(SIGNUP, json=body)
    await lasuite_client.post("/api/v1/auth/logout")

    second = await lasuite_client.post(SIGNUP, json={**body, "display_name": "B"})

    assert second.status_code == 409


async def test_sign_up_refuses_an_address_that_has_an_account(lasuite_client, make_member):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(role="member", organization="org-b")
    await admin.sign_in(lasuite_client)
    invitation = await invite(lasuite_client, bob.email)
    await lasuite_client.post("/api/v1/auth/logout")

    response = await lasuite_client.post(
        SIGNUP, json={"token": token_of(invitation), "display_name": "B", "password": "x" * 12}
    )

    assert response.status_code == 409
    assert "sign in" in response.json()["detail"]


async def test_sign_up_needs_a_long_password(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    invitation = await invite(lasuite_client, "short@example.org")

    response = await lasuite_client.post(
        SIGNUP, json={"token": token_of(invitation), "display_name": "S", "password": "short"}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
