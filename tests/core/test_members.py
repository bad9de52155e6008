"""Members of an organization: who sees them, who changes roles, and the last owner."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import func, select

from lasuite.permissions.actor import Actor
from lasuite.plugins import ORG_ROLES
from lasuite.tenancy.members import change_role
from lasuite.tenancy.models import Membership
from tests.core.tenancy import ADMINS, STAFF, app_database, expected_statuses

MEMBERS = "/api/v1/orgs/current/members"


@pytest.mark.parametrize("role", ORG_ROLES)
async def test_each_role_may_do_exactly_its_member_actions(lasuite_client, make_member, role):
    caller = await make_member(role=role)
    promoted = await make_member(role="guest")
    removed = await make_member(role="guest")
    await caller.sign_in(lasuite_client)

    statuses = {
        "list": (await lasuite_client.get(MEMBERS)).status_code,
        "change_role": (
            await lasuite_client.patch(f"{MEMBERS}/{promoted.user_id}", json={"role": "member"})
        ).status_code,
        "remove": (await lasuite_client.delete(f"{MEMBERS}/{removed.user_id}")).status_code,
    }

    assert statuses == expected_statuses(
        role,
        {"list": (STAFF, 200), "change_role": (ADMINS, 200), "remove": (ADMINS, 204)},
    )


async def test_members_are_listed_with_their_roles(lasuite_client, make_member):
    owner = await make_member(role="owner")
    guest = await make_member(role="guest")
    await make_member(role="member", organization="org-b")
    await owner.sign_in(lasuite_client)

    listed = (await lasuite_client.get(MEMBERS)).json()

    assert [(m["email"], m["role"]) for m in listed] == [
        (owner.email, "owner"),
        (guest.email, "guest"),
    ]


async def test_a_member_of_another_organization_is_not_found(lasuite_client, make_member):
    admin = await make_member(role="admin", organization="org-a")
    stranger = await make_member(role="member", organization="org-b")
    await admin.sign_in(lasuite_client)

    changed = await lasuite_client.patch(f"{MEMBERS}/{stranger.user_id}", json={"role": "guest"})
    removed = await lasuite_client.delete(f"{MEMBERS}/{stranger.user_id}")

    assert (changed.status_code, removed.status_code) == (404, 404)


async def test_admins_cannot_make_anyone_an_owner(lasuite_client, make_member):
    admin = await make_member(role="admin")
    member = await make_member(role="member")
    await admin.sign_in(lasuite_client)

    response = await lasuite_client.patch(f"{MEMBERS}/{member.user_id}", json={"role": "owner"})

    assert response.status_code == 403


async def test_admins_cannot_demote_or_remove_an_owner(lasuite_client, make_member):
    await make_member(role="owner")
    owner = await make_member(role="owner")
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    demoted = await lasuite_client.patch(f"{MEMBERS}/{owner.user_id}", json={"role": "member"})
    removed = await lasuite_client.delete(f"{MEMBERS}/{owner.user_id}")

    assert (demoted.status_code, removed.status_code) == (403, 403)


async def test_owners_make_another_member_an_owner(lasuite_client, make_member):
    owner = await make_member(role="owner")
    admin = await make_member(role="admin")
    await owner.sign_in(lasuite_client)

    response = await lasuite_client.patch(f"{MEMBERS}/{admin.user_id}", json={"role": "owner"})

    assert response.status_code == 200
    assert response.json()["role"] == "owner"


async def test_the_last_owner_cannot_be_demoted(lasuite_client, make_member):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)

    response = await lasuite_client.patch(f"{MEMBERS}/{owner.user_id}", json={"role": "admin"})

    assert response.status_code == 409
    assert response.json() == {
        "error": "core.last_owner",
        "detail": "An organization keeps at least one owner.",
    }


async def test_the_last_owner_cannot_be_removed(lasuite_client, make_member):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)

    response = await lasuite_client.delete(f"{MEMBERS}/{owner.user_id}")
    me = await lasuite_client.get("/api/v1/auth/me")

    assert response.status_code == 409
    assert me.json()["role"] == "owner"


async def test_an_owner_steps_down_when_another_owner_remains(lasuite_client, make_member):
    owner = await make_member(role="owner")
    await make_member(role="owner")
    await owner.sign_in(lasuite_client)

    response = await lasuite_client.patch(f"{MEMBERS}/{owner.user_id}", json={"role": "admin"})
    me = await lasuite_client.get("/api/v1/auth/me")

    assert response.status_code == 200
    assert me.json()["role"] == "admin"


class PublishedEvents(list[Any]):
    """Stands for the event bus outside the app: keeps what is published."""

    async def publish(self, db: Any, event: Any, /, **where: Any) -> None:
        self.append(event)


async def test_two_owners_demoting_each_other_at_once_leave_one_owner(lasuite_app, make_member):
    alice = await make_member(role="owner")
    bob = await make_member(role="owner")
    published = PublishedEvents()

    async def demote(caller, target):
        actor = Actor(
            user_id=caller.user_id,
            email=caller.email,
            display_name=caller.email,
            organization_id=caller.organization_id,
            role="owner",
            permissions=frozenset({"core.members.manage"}),
        )
        async with app_database(lasuite_app) as db:
            await change_role(db, actor, user_id=target.user_id, role="admin", events=published)

    outcomes = await asyncio.gather(demote(alice, bob), demote(bob, alice), return_exceptions=True)
    async with app_database(lasuite_app) as db:
        owners = await db.scalar(
            select(func.count()).where(
                Membership.organization_id == alice.organization_id, Membership.role == "owner"
            )
        )

    assert owners == 1
    assert sorted(type(o).__name__ for o in outcomes) == ["LastOwner", "NoneType"]


async def test_a_removed_member_loses_access_at_once(lasuite_client, make_member):
    admin = await make_member(role="admin")
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    await admin.sign_in(lasuite_client)
    await lasuite_client.delete(f"{MEMBERS}/{member.user_id}")

    response = await lasuite_client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": member.password}
    )

    assert response.status_code == 401


async def test_a_removed_member_leaves_the_organizations_teams(lasuite_client, make_member):
    admin = await make_member(role="admin")
    member = await make_member(role="member")
    await admin.sign_in(lasuite_client)
    team = (await lasuite_client.post("/api/v1/orgs/current/teams", json={"name": "A"})).json()
    await lasuite_client.put(f"/api/v1/orgs/current/teams/{team['id']}/members/{member.user_id}")

    await lasuite_client.delete(f"{MEMBERS}/{member.user_id}")
    teams = (await lasuite_client.get("/api/v1/orgs/current/teams")).json()

    assert teams[0]["member_ids"] == []


async def test_role_changes_and_removals_are_audited(lasuite_client, make_member):
    admin = await make_member(role="admin")
    member = await make_member(role="member")
    await admin.sign_in(lasuite_client)
    await lasuite_client.patch(f"{MEMBERS}/{member.user_id}", json={"role": "guest"})
    await lasuite_client.delete(f"{MEMBERS}/{member.user_id}")

    events = (await lasuite_client.get("/api/v1/orgs/current/audit")).json()

    assert [(e["action"], e["target"], e["data"]) for e in events[:2]] == [
        ("core.member.removed", str(member.user_id), {"role": "guest"}),
        ("core.member.role_changed", str(member.user_id), {"from": "member", "to": "guest"}),
    ]
