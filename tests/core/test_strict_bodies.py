"""A JSON body is read as the API's schema says: a value of the wrong JSON type is a 400
naming the field, never coerced (``{"enabled": 0}`` switched a plugin off)."""

from __future__ import annotations

import pytest

PLUGINS = "/api/v1/orgs/current/plugins"


@pytest.fixture
async def admin(lasuite_client, make_member):
    member = await make_member(role="admin")
    await member.sign_in(lasuite_client)
    return member


@pytest.mark.parametrize("enabled", [0, "false", "", None, [False]])
async def test_a_switch_that_is_not_a_boolean_is_refused_and_changes_nothing(
    lasuite_client, admin, enabled
):
    refused = await lasuite_client.put(f"{PLUGINS}/docs", json={"enabled": enabled})
    listed = (await lasuite_client.get(PLUGINS)).json()

    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_input")
    assert [f["key"] for f in refused.json()["detail"]["fields"]] == ["enabled"]
    assert {p["id"]: p["enabled"] for p in listed}["docs"] is True


async def test_a_number_sent_as_text_is_refused_where_a_number_is_expected(lasuite_client, admin):
    refused = await lasuite_client.post(
        "/api/v1/auth/tokens", json={"name": "ci", "scopes": ["core.*"], "expires_in_days": "30"}
    )

    assert (refused.status_code, refused.json()["error"]) == (400, "invalid_input")
    assert [f["key"] for f in refused.json()["detail"]["fields"]] == ["expires_in_days"]


async def test_a_body_of_the_right_types_is_taken(lasuite_client, admin):
    switched = await lasuite_client.put(f"{PLUGINS}/docs", json={"enabled": False})
    listed = (await lasuite_client.get(PLUGINS)).json()

    assert switched.status_code == 200, switched.text
    assert {p["id"]: p["enabled"] for p in listed}["docs"] is False
