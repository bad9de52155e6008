"""Roles, their default grants, the changes admins make, and resource policies."""

from __future__ import annotations

import pytest

from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.plugins import ORG_ROLES
from lasuite.state import runtime_of
from tests.core import sample_plugin


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), sample_plugin.ENTRY_POINT])


ROUTES = {
    "sample.greeting.read": "/api/v1/sample/hello",
    "chat.channel.read": "/api/v1/chat/channels",
    "docs.document.read": "/api/v1/docs/documents",
    "core.plugins.manage": "/api/v1/orgs/current/plugins",
    "core.audit.read": "/api/v1/orgs/current/audit",
    "core.grants.manage": "/api/v1/orgs/current/roles",
    "core.workspace.read": "/api/v1/workspace",
}


@pytest.mark.parametrize("role", ORG_ROLES)
@pytest.mark.parametrize("permission", sorted(ROUTES))
async def test_each_role_gets_each_permission_as_declared(
    lasuite_client, make_member, lasuite_app, role, permission
):
    member = await make_member(role=role)
    await member.sign_in(lasuite_client)
    declared = (
        role in runtime_of(lasuite_app.state).permissions.permissions[permission].default_roles
    )

    response = await lasuite_client.get(ROUTES[permission])

    assert response.status_code == (200 if declared else 403), response.text


async def grant(client, role: str, permission: str, granted: bool):
    return await client.put(
        f"/api/v1/orgs/current/roles/{role}/permissions/{permission}", json={"granted": granted}
    )


async def test_a_changed_grant_takes_effect_on_the_next_request(lasuite_client, make_member):
    admin = await make_member(role="admin")
    guest = await make_member(role="guest")
    await admin.sign_in(lasuite_client)
    changed = await grant(lasuite_client, "guest", "docs.document.create", True)

    await guest.sign_in(lasuite_client)
    created = await lasuite_client.post("/api/v1/docs/documents", json={"title": "Note"})
    await admin.sign_in(lasuite_client)
    await grant(lasuite_client, "guest", "docs.document.create", False)
    await guest.sign_in(lasuite_client)
    refused = await lasuite_client.post("/api/v1/docs/documents", json={"title": "Again"})

    assert changed.status_code == 200
    assert "docs.document.create" in changed.json()["permissions"]
    assert created.status_code == 201
    assert refused.status_code == 403


async def test_withdrawing_a_default_grant_denies_it(lasuite_client, make_member):
    admin = await make_member(role="admin")
    member = await make_member(role="member")
    await admin.sign_in(lasuite_client)
    await grant(lasuite_client, "member", "chat.channel.read", False)

    await member.sign_in(lasuite_client)
    response = await lasuite_client.get("/api/v1/chat/channels")

    assert response.status_code == 403


async def test_grants_are_per_organization(lasuite_client, make_member):
    admin = await make_member(role="admin", organization="org-a")
    other = await make_member(role="member", organization="org-b")
    await admin.sign_in(lasuite_client)
    await grant(lasuite_client, "member", "chat.channel.read", False)

    await other.sign_in(lasuite_client)
    response = await lasuite_client.get("/api/v1/chat/channels")

    assert response.status_code == 200


async def test_grant_changes_are_audited(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    await grant(lasuite_client, "guest", "docs.document.create", True)

    events = (
        await lasuite_client.get(
            "/api/v1/orgs/current/audit", params={"action": "core.grant.changed"}
        )
    ).json()

    assert events[0]["data"] == {
        "role": "guest",
        "permission": "docs.document.create",
        "granted": True,
    }


async def test_owners_cannot_lose_the_right_to_change_grants(lasuite_client, make_member):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)

    response = await grant(lasuite_client, "owner", "core.grants.manage", False)

    assert response.status_code == 409


async def test_roles_name_the_grants_they_always_keep(lasuite_client, make_member):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)

    roles = (await lasuite_client.get("/api/v1/orgs/current/roles")).json()

    assert {r["role"]: r["protected"] for r in roles} == {
        "owner": ["core.grants.manage"],
        "admin": [],
        "member": [],
        "guest": [],
    }


async def test_unknown_permission_is_404(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    response = await grant(lasuite_client, "member", "nope.nothing.done", True)

    assert response.status_code == 404


async def test_resource_policy_allows_the_owner_of_a_note(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)

    mine = await lasuite_client.get("/api/v1/sample/notes/mine")
    other = await lasuite_client.get("/api/v1/sample/notes/other")

    assert mine.status_code == 200
    assert other.status_code == 403


async def test_a_resource_of_another_organization_is_absent(lasuite_client, make_member):
    member = await make_member(role="owner")
    await member.sign_in(lasuite_client)

    response = await lasuite_client.get("/api/v1/sample/notes/foreign")

    assert response.status_code == 404


async def test_an_admin_grants_only_what_they_hold(lasuite_client, make_member):
    owner, admin = await make_member(role="owner"), await make_member(role="admin")
    await owner.sign_in(lasuite_client)
    assert (await grant(lasuite_client, "admin", "core.audit.read", False)).status_code == 200

    await admin.sign_in(lasuite_client)
    to_members = await grant(lasuite_client, "member", "core.audit.read", True)
    to_themselves = await grant(lasuite_client, "admin", "core.audit.read", True)
    withdrawn = await grant(lasuite_client, "guest", "core.audit.read", False)
    held = await grant(lasuite_client, "member", "core.members.manage", True)
    await owner.sign_in(lasuite_client)
    by_owner = await grant(lasuite_client, "member", "core.audit.read", True)

    assert (to_members.status_code, to_members.json()["error"]) == (403, "core.grant_not_held")
    assert to_themselves.status_code == 403
    assert withdrawn.status_code == 200  # withdrawing is not granting
    assert held.status_code == 200
    assert "core.audit.read" in by_owner.json()["permissions"]


async def test_every_permission_of_the_suite_is_described_in_french_and_english(
    lasuite_client, make_member
):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    listed = (await lasuite_client.get("/api/v1/orgs/current/permissions")).json()
    ours = [p for p in listed if p["name"].split(".")[0] in {"core", "chat", "docs", "visio"}]
    by_name = {p["name"]: p["descriptions"] for p in ours}

    assert {"core", "chat", "docs", "visio"} == {p["name"].split(".")[0] for p in ours}
    assert [p["name"] for p in ours if set(p["descriptions"]) != {"en", "fr"}] == []
    assert all(p["descriptions"]["en"] == p["description"] for p in ours)
    assert by_name["core.teams.read"] == {"en": "See the teams", "fr": "Voir les équipes"}
