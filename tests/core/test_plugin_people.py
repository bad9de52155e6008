"""What plugins read of people through ``lasuite.plugins``: organization roles, teams,
display names, and users to join in their own queries."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import display_names, member_roles, team_names, user_profiles
from lasuite.tenancy.models import Membership, Team
from lasuite.testing import MemberFactory
from tests.core.tenancy import app_database


@pytest.fixture
async def db(lasuite_app) -> AsyncIterator[AsyncSession]:
    """A session to read with, once each test has made what it reads."""
    async with app_database(lasuite_app) as session:
        yield session


@pytest.fixture
def make_team(lasuite_app, make_member: MemberFactory) -> Callable[[str, str], Awaitable[Team]]:
    async def make(organization: str, name: str) -> Team:
        org = await make_member.organization(organization)
        async with app_database(lasuite_app) as session:
            team = Team(organization_id=org.id, name=name)
            session.add(team)
        return team

    return make


async def test_member_roles_give_the_role_of_the_organization_s_members_only(db, make_member):
    owner = await make_member(role="owner")
    guest = await make_member(role="guest")
    stranger = await make_member(role="owner", organization="org-b")

    roles = await member_roles(
        db,
        [owner.user_id, guest.user_id, stranger.user_id, uuid.uuid4()],
        organization_id=owner.organization_id,
    )

    assert roles == {owner.user_id: "owner", guest.user_id: "guest"}


async def test_team_names_leave_out_the_teams_of_other_organizations(make_team, db):
    ours = await make_team("org-a", "Cabinet")
    theirs = await make_team("org-b", "Cabinet")

    names = await team_names(
        db, [ours.id, theirs.id, uuid.uuid4()], organization_id=ours.organization_id
    )

    assert names == {ours.id: "Cabinet"}


async def test_display_names_name_users_whatever_their_organization(db, make_member):
    alice = await make_member(organization="org-a")
    bob = await make_member(organization="org-b")

    names = await display_names(db, [alice.user_id, bob.user_id, uuid.uuid4()])

    assert names == {
        alice.user_id: alice.email.split("@")[0],
        bob.user_id: bob.email.split("@")[0],
    }


async def test_nothing_asked_is_nothing_answered(db, make_member):
    org = await make_member.organization("org-a")

    answers = (
        await member_roles(db, [], organization_id=org.id),
        await team_names(db, [], organization_id=org.id),
        await display_names(db, []),
    )

    assert answers == ({}, {}, {})


async def test_user_profiles_join_a_plugin_s_own_query(db, make_member):
    alice = await make_member(role="admin")
    await make_member(role="member", organization="org-b")
    profile = user_profiles()

    rows = await db.execute(
        select(profile.c.user_id, profile.c.email, profile.c.display_name, Membership.role)
        .join(Membership, Membership.user_id == profile.c.user_id)
        .where(Membership.organization_id == alice.organization_id)
    )

    assert [tuple(row) for row in rows] == [
        (alice.user_id, alice.email, alice.email.split("@")[0], "admin")
    ]
