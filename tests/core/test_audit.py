"""Reading the audit log: filters are bounded like every other input; a category lists
its actions; the categories offered are the core's and the enabled plugins'; every action
the core logs is worded in French and English; a plugin writes only actions it declared."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest

from lasuite.audit.actions import ACTIONS, CATEGORIES
from lasuite.audit.plugin_trail import CallerAuditTrail, UndeclaredAuditAction

ORG = "/api/v1/orgs/current"
AUDIT = f"{ORG}/audit"
ROOT = Path(__file__).resolve().parents[2]


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


async def test_a_category_lists_its_actions_only(lasuite_client, make_member):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)
    team = (await lasuite_client.post(f"{ORG}/teams", json={"name": "Catégories"})).json()
    await lasuite_client.delete(f"{ORG}/teams/{team['id']}")
    await lasuite_client.put(
        f"{ORG}/roles/guest/permissions/core.teams.read", json={"granted": True}
    )
    await lasuite_client.post("/api/v1/auth/logout")
    await owner.sign_in(lasuite_client)

    teams = await lasuite_client.get(AUDIT, params={"action": "core.team.*"})
    logouts = await lasuite_client.get(AUDIT, params={"action": "core.logout.*"})
    exact = await lasuite_client.get(AUDIT, params={"action": "core.team.created"})

    assert [e["action"] for e in teams.json()] == ["core.team.deleted", "core.team.created"]
    assert [e["action"] for e in logouts.json()] == ["core.logout"]
    assert [e["action"] for e in exact.json()] == ["core.team.created"]


def test_every_action_the_core_logs_is_worded_and_filed_in_a_category():
    logged = set()
    for source in (ROOT / "core" / "lasuite").rglob("*.py"):
        for line in source.read_text().splitlines():
            if "action=" in line or "_record_team_change(" in line:
                logged.update(re.findall(r'"(core\.[a-z_]+(?:\.[a-z_]+)?)"', line))
    logged -= {"core.audit.read"}  # the permission of the audit route
    catalogs = {
        locale: json.loads((ROOT / "web" / "src" / "i18n" / locale / "audit.json").read_text())
        for locale in ("fr", "en")
    }

    assert logged <= ACTIONS, f"not in lasuite.audit.actions: {sorted(logged - ACTIONS)}"
    for messages in catalogs.values():
        assert {f"audit.{action}" for action in ACTIONS} <= messages.keys()
        assert {f"audit.category.{category}" for category in CATEGORIES} <= messages.keys()


async def test_the_categories_are_the_cores_then_those_of_the_enabled_plugins(
    lasuite_client, make_member
):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)

    offered = (await lasuite_client.get(f"{AUDIT}/categories")).json()
    switched = await lasuite_client.put(f"{ORG}/plugins/docs", json={"enabled": False})
    without_docs = (await lasuite_client.get(f"{AUDIT}/categories")).json()

    plugins = {"chat.channel", "chat.webhook", "docs.link", "docs.document", "visio.recording"}
    assert offered[: len(CATEGORIES)] == list(CATEGORIES)
    assert set(offered[len(CATEGORIES) :]) == plugins
    assert offered.index("docs.link") < offered.index("docs.document")  # as docs declared
    assert switched.status_code == 200
    assert without_docs == [c for c in offered if not c.startswith("docs.")]


async def test_a_member_may_not_list_the_categories(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)

    response = await lasuite_client.get(f"{AUDIT}/categories")

    assert response.status_code == 403


def test_a_plugin_writes_only_the_audit_actions_it_declared():
    trail = CallerAuditTrail(uuid.uuid4(), uuid.uuid4(), "", frozenset({"docs.link.changed"}))

    with pytest.raises(UndeclaredAuditAction, match=r"docs\.document\.purged"):
        trail.record(None, "docs.document.purged")  # type: ignore[arg-type]
