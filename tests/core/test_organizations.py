"""Organizations: listing, creating (staff only), renaming, and switching between them."""

from __future__ import annotations

import pytest

from lasuite.plugins import ORG_ROLES
from lasuite.state import runtime_of
from tests.core.tenancy import ADMINS, expected_statuses, join, make_staff

ORGS = "/api/v1/orgs"
CURRENT = "/api/v1/orgs/current"


@pytest.mark.parametrize("role", ORG_ROLES)
async def test_each_role_may_do_exactly_its_organization_actions(lasuite_client, make_member, role):
    caller = await make_member(role=role)
    await caller.sign_in(lasuite_client)

    statuses = {
        "list": (await lasuite_client.get(ORGS)).status_code,
        "read": (await lasuite_client.get(CURRENT)).status_code,
        "rename": (await lasuite_client.patch(CURRENT, json={"name": "Renamed"})).status_code,
        "create": (
            await lasuite_client.post(ORGS, json={"name": "New", "slug": f"new-{role}"})
        ).status_code,
    }

    assert statuses == expected_statuses(
        role,
        {
            "list": (ORG_ROLES, 200),
            "read": (ORG_ROLES, 200),
            "rename": (ADMINS, 200),
            "create": ((), 201),  # no role creates organizations: staff do
        },
    )


async def test_staff_create_an_organization_and_become_its_owner(
    lasuite_client, lasuite_app, make_member
):
    staff = await make_member(role="member")
    await make_staff(lasuite_app, staff)
    await staff.sign_in(lasuite_client)

    created = await lasuite_client.post(
        ORGS, json={"name": "Ministère des Tests", "slug": "tests", "siret": "11000201100044"}
    )
    mine = await lasuite_client.get(ORGS)

    assert created.status_code == 201, created.text
    assert created.json()["role"] == "owner"
    assert {o["slug"]: o["role"] for o in mine.json()} == {"org-a": "member", "tests": "owner"}


async def test_a_new_organization_starts_with_the_default_plugins(
    lasuite_client, lasuite_app, make_member
):
    staff = await make_member(role="member")
    await make_staff(lasuite_app, staff)
    await staff.sign_in(lasuite_client)
    await lasuite_client.post(ORGS, json={"name": "Fresh", "slug": "fresh"})

    await lasuite_client.post("/api/v1/auth/switch", json={"organization": "fresh"})
    plugins = (await lasuite_client.get("/api/v1/orgs/current/plugins")).json()

    assert {p["id"] for p in plugins if p["enabled"]} == runtime_of(
        lasuite_app.state
    ).registry.loaded_ids


async def test_creating_an_organization_is_audited_in_it(lasuite_client, lasuite_app, make_member):
    staff = await make_member(role="member")
    await make_staff(lasuite_app, staff)
    await staff.sign_in(lasuite_client)
    await lasuite_client.post(ORGS, json={"name": "Audited", "slug": "audited"})

    await lasuite_client.post("/api/v1/auth/switch", json={"organization": "audited"})
    events = (
        await lasuite_client.get(
            "/api/v1/orgs/current/audit", params={"action": "core.organization.created"}
        )
    ).json()

    assert [(e["actor_id"], e["target"]) for e in events] == [(str(staff.user_id), "audited")]


async def test_a_taken_slug_is_a_conflict(lasuite_client, lasuite_app, make_member):
    staff = await make_member(role="owner", organization="org-a")
    await make_staff(lasuite_app, staff)
    await staff.sign_in(lasuite_client)

    response = await lasuite_client.post(ORGS, json={"name": "Copy", "slug": "org-a"})

    assert response.status_code == 409
    assert response.json()["error"] == "core.organization_exists"


async def test_a_slug_must_be_lowercase_letters_digits_and_dashes(
    lasuite_client, lasuite_app, make_member
):
    staff = await make_member(role="owner")
    await make_staff(lasuite_app, staff)
    await staff.sign_in(lasuite_client)

    response = await lasuite_client.post(ORGS, json={"name": "Bad", "slug": "Not A Slug"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


async def test_renaming_the_organization_is_audited(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    renamed = await lasuite_client.patch(CURRENT, json={"name": "Ministère renommé"})
    events = (
        await lasuite_client.get(
            "/api/v1/orgs/current/audit", params={"action": "core.organization.updated"}
        )
    ).json()

    assert renamed.json()["name"] == "Ministère renommé"
    assert events[0]["data"] == {
        "from": {"name": "Organization org-a"},
        "to": {"name": "Ministère renommé"},
    }


async def test_switching_changes_the_organization_the_session_acts_in(
    lasuite_client, lasuite_app, make_member
):
    alice = await make_member(role="member", organization="org-a")
    await join(lasuite_app, make_member, alice, "org-b", "admin")
    await alice.sign_in(lasuite_client)

    switched = await lasuite_client.post("/api/v1/auth/switch", json={"organization": "org-b"})
    me = (await lasuite_client.get("/api/v1/auth/me")).json()
    current = (await lasuite_client.get(CURRENT)).json()

    assert switched.status_code == 200, switched.text
    assert (me["organization_id"], me["role"]) == (switched.json()["id"], "admin")
    assert current["slug"] == "org-b"


async def test_switching_to_an_organization_one_does_not_belong_to_is_404(
    lasuite_client, make_member
):
    alice = await make_member(organization="org-a")
    await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.post("/api/v1/auth/switch", json={"organization": "org-b"})
    me = (await lasuite_client.get("/api/v1/auth/me")).json()

    assert response.status_code == 404
    assert me["organization_id"] == str(alice.organization_id)


async def test_switching_is_audited_in_the_organization_switched_to(
    lasuite_client, lasuite_app, make_member
):
    alice = await make_member(role="owner", organization="org-a")
    await join(lasuite_app, make_member, alice, "org-b", "owner")
    await alice.sign_in(lasuite_client)

    await lasuite_client.post("/api/v1/auth/switch", json={"organization": "org-b"})
    events = (
        await lasuite_client.get(
            "/api/v1/orgs/current/audit", params={"action": "core.org.switched"}
        )
    ).json()

    assert [e["data"] for e in events] == [{"from": str(alice.organization_id)}]


async def test_staff_set_and_clear_the_organizations_siret_and_it_is_audited(
    lasuite_client, lasuite_app, make_member
):
    staff = await make_member(role="admin")
    await make_staff(lasuite_app, staff)
    await staff.sign_in(lasuite_client)

    me = await lasuite_client.get("/api/v1/auth/me")
    given = await lasuite_client.patch(CURRENT, json={"siret": "11000201100044"})
    read = await lasuite_client.get(CURRENT)
    cleared = await lasuite_client.patch(CURRENT, json={"siret": None})
    log = await lasuite_client.get(
        f"{CURRENT}/audit", params={"action": "core.organization.siret_changed"}
    )

    assert me.json()["is_staff"] is True
    assert given.status_code == 200, given.text
    assert read.json()["siret"] == "11000201100044"
    assert cleared.json()["siret"] is None
    assert [e["data"] for e in log.json()] == [
        {"from": "11000201100044", "to": None},
        {"from": None, "to": "11000201100044"},
    ]


async def test_an_admin_who_is_not_staff_renames_but_may_not_set_the_siret(
    lasuite_client, make_member
):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)

    me = await lasuite_client.get("/api/v1/auth/me")
    refused = await lasuite_client.patch(CURRENT, json={"name": "Autre", "siret": "11000201100044"})
    read = await lasuite_client.get(CURRENT)

    assert me.json()["is_staff"] is False
    assert refused.status_code == 403
    assert (read.json()["siret"], read.json()["name"]) == (None, "Organization org-a")


async def test_a_siret_another_organization_has_is_a_conflict(
    lasuite_client, lasuite_app, make_member
):
    staff = await make_member(role="admin")
    await make_staff(lasuite_app, staff)
    await staff.sign_in(lasuite_client)
    other = await lasuite_client.post(
        ORGS, json={"name": "Autre ministère", "slug": "autre", "siret": "11000201100044"}
    )

    taken = await lasuite_client.patch(CURRENT, json={"siret": "11000201100044"})
    malformed = await lasuite_client.patch(CURRENT, json={"siret": "1100020110004"})

    assert other.status_code == 201
    assert (taken.status_code, taken.json()["error"]) == (409, "core.organization_exists")
    assert malformed.status_code == 400
