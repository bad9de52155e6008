"""Organizations enable, disable and configure plugins at runtime."""

from __future__ import annotations

import pytest

from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from tests.core import sample_plugin


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), sample_plugin.ENTRY_POINT])


@pytest.fixture
async def admin(lasuite_client, make_member):
    member = await make_member(role="admin")
    await member.sign_in(lasuite_client)
    return member


async def switch(client, plugin_id: str, enabled: bool):
    return await client.put(f"/api/v1/orgs/current/plugins/{plugin_id}", json={"enabled": enabled})


async def test_admin_sees_every_loaded_plugin_enabled_for_a_new_organization(
    lasuite_client, admin, lasuite_registry
):
    listed = (await lasuite_client.get("/api/v1/orgs/current/plugins")).json()

    assert {p["id"]: p["enabled"] for p in listed} == {r.id: True for r in lasuite_registry.loaded}


async def test_disabling_a_plugin_makes_its_routes_404_at_once(lasuite_client, admin):
    before = await lasuite_client.get("/api/v1/docs/documents")

    switched = await switch(lasuite_client, "docs", False)
    after = await lasuite_client.get("/api/v1/docs/documents")
    await switch(lasuite_client, "docs", True)
    again = await lasuite_client.get("/api/v1/docs/documents")

    assert before.status_code == 200
    assert switched.status_code == 200
    assert after.status_code == 404
    assert after.json()["error"] == "not_found"
    assert again.status_code == 200


async def test_disabling_is_per_organization(lasuite_client, admin, make_member):
    other = await make_member(role="member", organization="org-b")
    await switch(lasuite_client, "docs", False)

    await other.sign_in(lasuite_client)
    response = await lasuite_client.get("/api/v1/docs/documents")

    assert response.status_code == 200


async def test_disabled_plugin_leaves_the_workspace_manifest(lasuite_client, admin):
    before = (await lasuite_client.get("/api/v1/workspace")).json()

    await switch(lasuite_client, "sample", False)
    after = (await lasuite_client.get("/api/v1/workspace")).json()

    assert "sample" in [p["id"] for p in before["plugins"]]
    assert "sample" not in [p["id"] for p in after["plugins"]]
    assert "sample" not in {f["plugin"] for frags in after["slots"].values() for f in frags}


async def test_switches_are_audited(lasuite_client, admin):
    await switch(lasuite_client, "docs", False)
    await switch(lasuite_client, "docs", True)

    events = (await lasuite_client.get("/api/v1/orgs/current/audit")).json()

    assert [(e["action"], e["target"]) for e in events[:2]] == [
        ("core.plugin.enabled", "docs"),
        ("core.plugin.disabled", "docs"),
    ]
    assert events[0]["actor_id"] == str(admin.user_id)


async def test_lifecycle_hooks_run_on_switch(lasuite_client, admin):
    sample_plugin.HOOK_CALLS.clear()

    await switch(lasuite_client, "sample", False)
    await switch(lasuite_client, "sample", True)

    assert [
        ("disable", admin.organization_id),
        ("enable", admin.organization_id),
    ] == sample_plugin.HOOK_CALLS


async def test_a_dependency_cannot_be_disabled_under_its_dependent(lasuite_client, admin):
    response = await switch(lasuite_client, "chat", False)

    assert response.status_code == 409
    assert "sample" in response.json()["detail"]


async def test_a_plugin_cannot_be_enabled_without_its_dependency(lasuite_client, admin):
    await switch(lasuite_client, "sample", False)
    await switch(lasuite_client, "chat", False)

    response = await switch(lasuite_client, "sample", True)

    assert response.status_code == 409
    assert "chat" in response.json()["detail"]


async def test_unknown_plugin_is_404(lasuite_client, admin):
    response = await switch(lasuite_client, "nothing", True)

    assert response.status_code == 404


async def test_members_cannot_switch_plugins(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)

    response = await switch(lasuite_client, "docs", False)

    assert response.status_code == 403


async def test_settings_come_with_their_json_schema_and_defaults(lasuite_client, admin):
    body = (await lasuite_client.get("/api/v1/orgs/current/plugins/sample/settings")).json()

    assert body["values"] == {"greeting": "Bonjour", "max_items": 10}
    assert body["version"] == 0
    assert body["schema"]["properties"]["max_items"]["maximum"] == 100


async def test_settings_round_trip_and_are_versioned(lasuite_client, admin):
    url = "/api/v1/orgs/current/plugins/sample/settings"

    saved = await lasuite_client.put(
        url, json={"values": {"greeting": "Salut", "max_items": 5}, "version": 0}
    )
    read = (await lasuite_client.get(url)).json()

    assert saved.status_code == 200
    assert read["values"] == {"greeting": "Salut", "max_items": 5}
    assert read["version"] == 1


async def test_invalid_settings_are_refused_field_by_field(lasuite_client, admin):
    url = "/api/v1/orgs/current/plugins/sample/settings"

    response = await lasuite_client.put(url, json={"values": {"max_items": 1000}, "version": 0})
    unchanged = (await lasuite_client.get(url)).json()

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert response.json()["detail"]["fields"][0]["key"] == "max_items"
    assert unchanged["version"] == 0


async def test_a_stale_settings_write_is_a_conflict(lasuite_client, admin):
    url = "/api/v1/orgs/current/plugins/sample/settings"
    await lasuite_client.put(url, json={"values": {"greeting": "A"}, "version": 0})

    response = await lasuite_client.put(url, json={"values": {"greeting": "B"}, "version": 0})

    assert response.status_code == 409
    assert (await lasuite_client.get(url)).json()["values"]["greeting"] == "A"


async def test_settings_changes_are_audited(lasuite_client, admin):
    url = "/api/v1/orgs/current/plugins/sample/settings"
    await lasuite_client.put(url, json={"values": {"greeting": "A"}, "version": 0})

    events = (
        await lasuite_client.get(
            "/api/v1/orgs/current/audit", params={"action": "core.plugin.settings_changed"}
        )
    ).json()

    assert [(e["target"], e["data"]) for e in events] == [("sample", {"version": 1})]


async def test_plugin_without_settings_has_no_settings_route(lasuite_client, admin):
    response = await lasuite_client.get("/api/v1/orgs/current/plugins/docs/settings")

    assert response.status_code == 404
