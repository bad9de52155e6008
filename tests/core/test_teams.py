"""Teams: who sees and manages them, who may join them, and their audit trail."""

from __future__ import annotations

import pytest

from lasuite.plugins import ORG_ROLES
from lasuite.testing import open_socket
from tests.core.tenancy import ADMINS, STAFF, expected_statuses

TEAMS = "/api/v1/orgs/current/teams"


async def create_team(client, name: str) -> dict:
    response = await client.post(TEAMS, json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()


@pytest.mark.parametrize("role", ORG_ROLES)
async def test_each_role_may_do_exactly_its_team_actions(lasuite_client, make_member, role):
    owner = await make_member(role="owner")
    caller = await make_member(role=role)
    colleague = await make_member(role="member")
    await owner.sign_in(lasuite_client)
    renamed = await create_team(lasuite_client, "to rename")
    deleted = await create_team(lasuite_client, "to delete")
    joined = await create_team(lasuite_client, "to join")
    left = await create_team(lasuite_client, "to leave")
    await lasuite_client.put(f"{TEAMS}/{left['id']}/members/{colleague.user_id}")
    await caller.sign_in(lasuite_client)

    statuses = {
        "list": (await lasuite_client.get(TEAMS)).status_code,
        "create": (await lasuite_client.post(TEAMS, json={"name": "new"})).status_code,
        "rename": (
            await lasuite_client.patch(f"{TEAMS}/{renamed['id']}", json={"name": "renamed"})
        ).status_code,
        "delete": (await lasuite_client.delete(f"{TEAMS}/{deleted['id']}")).status_code,
        "add_member": (
            await lasuite_client.put(f"{TEAMS}/{joined['id']}/members/{colleague.user_id}")
        ).status_code,
        "remove_member": (
            await lasuite_client.delete(f"{TEAMS}/{left['id']}/members/{colleague.user_id}")
        ).status_code,
    }

    assert statuses == expected_statuses(
        role,
        {
            "list": (STAFF, 200),
            "create": (ADMINS, 201),
            "rename": (ADMINS, 200),
            "delete": (ADMINS, 204),
            "add_member": (ADMINS, 204),
            "remove_member": (ADMINS, 204),
        },
    )


async def test_teams_are_listed_by_name_with_their_members(lasuite_client, make_member):
    admin = await make_member(role="admin")
    alice = await make_member(role="member")
    bob = await make_member(role="guest")
    await admin.sign_in(lasuite_client)
    writers = await create_team(lasuite_client, "writers")
    editors = await create_team(lasuite_client, "editors")
    await lasuite_client.put(f"{TEAMS}/{writers['id']}/members/{alice.user_id}")
    await lasuite_client.put(f"{TEAMS}/{writers['id']}/members/{bob.user_id}")

    listed = (await lasuite_client.get(TEAMS)).json()

    assert listed == [
        {"id": editors["id"], "name": "editors", "member_ids": []},
        {
            "id": writers["id"],
            "name": "writers",
            "member_ids": [str(alice.user_id), str(bob.user_id)],
        },
    ]


async def test_adding_a_member_twice_keeps_one_entry(lasuite_client, make_member):
    admin = await make_member(role="admin")
    alice = await make_member(role="member")
    await admin.sign_in(lasuite_client)
    team = await create_team(lasuite_client, "writers")

    await lasuite_client.put(f"{TEAMS}/{team['id']}/members/{alice.user_id}")
    again = await lasuite_client.put(f"{TEAMS}/{team['id']}/members/{alice.user_id}")
    listed = (await lasuite_client.get(TEAMS)).json()

    assert again.status_code == 204
    assert listed[0]["member_ids"] == [str(alice.user_id)]


async def test_only_members_of_the_organization_join_its_teams(lasuite_client, make_member):
    admin = await make_member(role="admin", organization="org-a")
    outsider = await make_member(role="member", organization="org-b")
    await admin.sign_in(lasuite_client)
    team = await create_team(lasuite_client, "writers")

    response = await lasuite_client.put(f"{TEAMS}/{team['id']}/members/{outsider.user_id}")
    listed = (await lasuite_client.get(TEAMS)).json()

    assert response.status_code == 404
    assert listed[0]["member_ids"] == []


async def test_a_team_of_another_organization_is_not_found(lasuite_client, make_member):
    admin_a = await make_member(role="admin", organization="org-a")
    admin_b = await make_member(role="admin", organization="org-b")
    await admin_b.sign_in(lasuite_client)
    theirs = await create_team(lasuite_client, "theirs")
    url = f"{TEAMS}/{theirs['id']}"

    await admin_a.sign_in(lasuite_client)
    statuses = [
        (await lasuite_client.patch(url, json={"name": "mine"})).status_code,
        (await lasuite_client.delete(url)).status_code,
        (await lasuite_client.put(f"{url}/members/{admin_a.user_id}")).status_code,
        (await lasuite_client.delete(f"{url}/members/{admin_b.user_id}")).status_code,
    ]
    listed = (await lasuite_client.get(TEAMS)).json()

    assert statuses == [404, 404, 404, 404]
    assert listed == []


async def test_a_duplicate_team_name_is_a_conflict(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    await create_team(lasuite_client, "writers")
    other = await create_team(lasuite_client, "readers")

    created = await lasuite_client.post(TEAMS, json={"name": "writers"})
    renamed = await lasuite_client.patch(f"{TEAMS}/{other['id']}", json={"name": "writers"})

    assert (created.status_code, renamed.status_code) == (409, 409)


async def test_removing_someone_not_in_the_team_is_not_found(lasuite_client, make_member):
    admin = await make_member(role="admin")
    alice = await make_member(role="member")
    await admin.sign_in(lasuite_client)
    team = await create_team(lasuite_client, "writers")

    response = await lasuite_client.delete(f"{TEAMS}/{team['id']}/members/{alice.user_id}")

    assert response.status_code == 404


async def test_team_changes_are_audited(lasuite_client, make_member):
    admin = await make_member(role="admin")
    alice = await make_member(role="member")
    await admin.sign_in(lasuite_client)
    team = await create_team(lasuite_client, "writers")
    await lasuite_client.put(f"{TEAMS}/{team['id']}/members/{alice.user_id}")
    await lasuite_client.delete(f"{TEAMS}/{team['id']}/members/{alice.user_id}")
    await lasuite_client.delete(f"{TEAMS}/{team['id']}")

    events = (await lasuite_client.get("/api/v1/orgs/current/audit")).json()

    assert [(e["action"], e["target"]) for e in events[:4]] == [
        ("core.team.deleted", team["id"]),
        ("core.team.member_removed", team["id"]),
        ("core.team.member_added", team["id"]),
        ("core.team.created", team["id"]),
    ]


async def test_the_organization_hears_who_joined_or_left_a_team(lasuite_client, make_member):
    admin, bob, carol = (
        await make_member(role="admin"),
        await make_member(),
        await make_member(),
    )
    await admin.sign_in(lasuite_client)
    team = await create_team(lasuite_client, "Cabinet")
    topic = f"core:org:{admin.organization_id}"
    heard = []
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(topic)
        await lasuite_client.put(f"{TEAMS}/{team['id']}/members/{bob.user_id}")
        heard.append(await socket.next_event(topic, name="core.team.changed"))
        await lasuite_client.put(f"{TEAMS}/{team['id']}/members/{carol.user_id}")
        heard.append(await socket.next_event(topic, name="core.team.changed"))
        await lasuite_client.delete(f"{TEAMS}/{team['id']}/members/{bob.user_id}")
        heard.append(await socket.next_event(topic, name="core.team.changed"))
        await lasuite_client.delete(f"{TEAMS}/{team['id']}")
        heard.append(await socket.next_event(topic, name="core.team.changed"))

    assert [sorted(event["data"]["user_ids"]) for event in heard] == [
        [str(bob.user_id)],
        [str(carol.user_id)],
        [str(bob.user_id)],
        [str(carol.user_id)],
    ]
    assert {event["data"]["team_id"] for event in heard} == {team["id"]}
