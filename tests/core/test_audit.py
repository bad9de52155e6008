"""Reading the audit log: filters are bounded like every other input."""

from __future__ import annotations

import pytest

AUDIT = "/api/v1/orgs/current/audit"


@pytest.mark.parametrize(
    "params", [{"action": "x" * 121}, {"action": ""}, {"limit": 0}, {"limit": 501}]
)
async def test_out_of_bounds_filters_are_a_400(lasuite_client, make_member, params):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    response = await lasuite_client.get(AUDIT, params=params)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


async def test_a_filter_at_the_bound_is_accepted(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    response = await lasuite_client.get(AUDIT, params={"action": "x" * 120})

    assert (response.status_code, response.json()) == (200, [])
