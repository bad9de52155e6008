"""Guests invited by a plugin to share something (``members.invite_guest``, API 1.9), and
what an invitation's link shows before the invitee joins (``/api/v1/invitations/preview``)."""

from __future__ import annotations

import asyncio
import secrets

import pytest
from sqlalchemy import func, select, update

from lasuite.identity.members import MemberActors
from lasuite.identity.secret_hashes import hash_secret
from lasuite.permissions.actor import Actor
from lasuite.state import runtime_of
from lasuite.tenancy.guest_invitations import GuestsNotInvited
from lasuite.tenancy.invitations import AlreadyMember
from lasuite.tenancy.models import Invitation
from tests.core.tenancy import app_database
from tests.core.test_invitations import ACCEPT, SIGNUP, invite, token_of

PREVIEW = "/api/v1/invitations/preview"


def actor_of(member, *permissions: str) -> Actor:
    return Actor(
        user_id=member.user_id,
        email=member.email,
        display_name="Alice Martin",
        organization_id=member.organization_id,
        role=member.role,
        permissions=frozenset(permissions),
    )


async def invite_guest(client, actor: Actor, email: str, **more) -> bool:
    """``members.invite_guest`` as a route calls it: on the served app's event loop (its
    job queue and rate limits live there), in a transaction of its database."""
    runtime = runtime_of(client.app.state)

    async def in_the_app() -> bool:
        async with runtime.database.transaction() as db:
            return await MemberActors(runtime).invite_guest(
                db,
                actor,
                email,
                about=more.get("about", "Budget 2027"),
                landing=more.get("landing", "/docs/budget"),
            )

    return await asyncio.to_thread(client.blocking_portal.call, in_the_app)


async def test_a_guest_is_invited_once_and_lands_where_the_invitation_leads(
    lasuite_client, lasuite_app, make_member
):
    member = await make_member(role="member")
    actor = actor_of(member, "core.guests.invite")

    first = await invite_guest(lasuite_client, actor, "Outsider@Example.org")
    again = await invite_guest(lasuite_client, actor, "outsider@example.org", about="Other page")
    async with app_database(lasuite_app) as db:
        stored = (await db.scalars(select(Invitation))).all()

    assert (first, again) == (True, False)
    assert [(i.email, i.role, i.note, i.landing) for i in stored] == [
        ("Outsider@Example.org", "guest", "Budget 2027", "/docs/budget")
    ]


async def test_the_link_shows_who_invites_to_what_and_the_newcomer_lands_on_the_page(
    lasuite_client, lasuite_app, make_member
):
    member = await make_member(role="member")
    await invite_guest(lasuite_client, actor_of(member, "core.guests.invite"), "new@example.org")
    # The link's token is only ever in the e-mail: the test gives the row a token it knows.
    token = await _known_token(lasuite_app)

    shown = await lasuite_client.post(PREVIEW, json={"token": token})
    joined = await lasuite_client.post(
        SIGNUP,
        json={"token": token, "display_name": "Nouvelle", "password": "a long enough passphrase"},
    )
    used = await lasuite_client.post(PREVIEW, json={"token": token})
    unknown = await lasuite_client.post(PREVIEW, json={"token": "not-a-token"})

    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert {k: body[k] for k in ("email", "role", "invited_by", "note", "has_account")} == {
        "email": "new@example.org",
        "role": "guest",
        "invited_by": member.email.split("@")[0],
        "note": "Budget 2027",
        "has_account": False,
    }
    assert body["local_accounts"] is True
    assert joined.status_code == 201, joined.text
    assert (joined.json()["role"], joined.json()["landing"]) == ("guest", "/docs/budget")
    assert (used.status_code, used.json()["error"]) == (410, "gone")
    assert (unknown.status_code, unknown.json()["error"]) == (404, "not_found")


async def test_the_link_tells_someone_with_an_account_to_sign_in(lasuite_client, make_member):
    admin = await make_member(role="admin", organization="org-a")
    bob = await make_member(role="member", organization="org-b")
    await admin.sign_in(lasuite_client)
    token = token_of(await invite(lasuite_client, bob.email.upper()))
    await lasuite_client.post("/api/v1/auth/logout")

    shown = await lasuite_client.post(PREVIEW, json={"token": token})
    await bob.sign_in(lasuite_client)
    accepted = await lasuite_client.post(ACCEPT, json={"token": token})

    assert (shown.json()["has_account"], shown.json()["note"]) == (True, None)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["landing"] is None


async def test_inviting_guests_needs_its_permission_and_an_outsider(
    lasuite_client, lasuite_app, make_member
):
    member = await make_member(role="member")
    colleague = await make_member(role="member")

    with pytest.raises(GuestsNotInvited):
        await invite_guest(lasuite_client, actor_of(member), "outsider@example.org")
    with pytest.raises(AlreadyMember) as conflict:
        await invite_guest(lasuite_client, actor_of(member, "core.guests.invite"), colleague.email)
    with pytest.raises(ValueError, match="landing"):
        await invite_guest(
            lasuite_client,
            actor_of(member, "core.guests.invite"),
            "outsider@example.org",
            landing="//elsewhere.example/page",
        )
    async with app_database(lasuite_app) as db:
        stored = await db.scalar(select(func.count()).select_from(Invitation))

    assert conflict.value.status == 409
    assert stored == 0


async def test_members_find_a_colleague_by_address_in_their_organization_only(
    lasuite_app, make_member
):
    colleague = await make_member(role="member", organization="org-a")
    other = await make_member(role="member", organization="org-b")
    directory = MemberActors(runtime_of(lasuite_app.state))
    address = f" {colleague.email.upper()}"

    async with app_database(lasuite_app) as db:
        here = await directory.find(db, address, organization_id=colleague.organization_id)
        elsewhere = await directory.find(db, address, organization_id=other.organization_id)

    assert (here, elsewhere) == (colleague.user_id, None)


async def _known_token(app) -> str:
    token = secrets.token_urlsafe(32)
    async with app_database(app) as db:
        await db.execute(update(Invitation).values(token_hash=hash_secret(token)))
    return token
