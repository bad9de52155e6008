"""Paging back through the audit log with the ``before`` cursor."""

from __future__ import annotations

from datetime import UTC, datetime

from lasuite.audit.log import record_event
from tests.core.tenancy import app_database

AUDIT = "/api/v1/orgs/current/audit"


async def test_paging_one_event_at_a_time_lists_each_event_once(
    lasuite_client, lasuite_app, make_member
):
    admin = await make_member(role="admin")
    same_instant = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    async with app_database(lasuite_app) as db:
        for n in range(4):
            event = record_event(
                db,
                action="test.page.seen",
                organization_id=admin.organization_id,
                actor_id=admin.user_id,
                target=str(n),
            )
            event.created_at = same_instant
    await admin.sign_in(lasuite_client)

    seen: list[str] = []
    before = None
    for _ in range(5):
        params = {"action": "test.page.seen", "limit": 1} | ({"before": before} if before else {})
        page = (await lasuite_client.get(AUDIT, params=params)).json()
        if not page:
            break
        seen.append(page[0]["target"])
        before = page[0]["id"]

    assert sorted(seen) == ["0", "1", "2", "3"]


async def test_a_time_is_written_out_not_given_in_seconds(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    in_seconds = await lasuite_client.get(AUDIT, params={"since": "-1.2e-54", "until": "5"})
    written_out = await lasuite_client.get(AUDIT, params={"since": "2026-12-07T09:00:00Z"})

    assert in_seconds.status_code == 400
    assert in_seconds.json()["error"] == "invalid_input"
    assert [f["key"] for f in in_seconds.json()["detail"]["fields"]] == ["since", "until"]
    assert written_out.status_code == 200, written_out.text
