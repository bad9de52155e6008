"""``members: Members`` (API 1.6): other members of an organization as they would act
there, for a plugin deciding what someone else may see before telling them."""

from __future__ import annotations

import uuid

import pytest

from lasuite.identity.members import MAX_ACTORS, MemberActors
from lasuite.plugins import MemberDirectory
from lasuite.state import runtime_of


async def test_members_act_with_their_role_permissions_and_teams(
    lasuite_app, lasuite_database, make_member
):
    member, guest = await make_member(), await make_member(role="guest")
    outsider = await make_member(organization="org-b")
    directory = MemberActors(runtime_of(lasuite_app.state))

    async with lasuite_database.transaction() as db:
        found = await directory.actors(
            db,
            [member.user_id, guest.user_id, outsider.user_id, uuid.uuid4()],
            organization_id=member.organization_id,
        )

    assert isinstance(directory, MemberDirectory)
    assert set(found) == {member.user_id, guest.user_id}
    assert (found[member.user_id].role, found[guest.user_id].role) == ("member", "guest")
    assert found[member.user_id].can("docs.document.create")
    assert not found[guest.user_id].can("docs.document.create")
    assert found[member.user_id].organization_id == member.organization_id


async def test_members_are_loaded_a_bounded_number_at_a_time(lasuite_app, lasuite_database):
    directory = MemberActors(runtime_of(lasuite_app.state))

    async with lasuite_database.transaction() as db:
        with pytest.raises(ValueError, match=f"at most {MAX_ACTORS}"):
            await directory.actors(
                db, [uuid.uuid4() for _ in range(MAX_ACTORS + 1)], organization_id=uuid.uuid4()
            )
