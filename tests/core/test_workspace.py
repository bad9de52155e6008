"""The workspace manifest lists the enabled plugins and their fragments by slot."""

from __future__ import annotations

import pytest

from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from tests.core import sample_plugin


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), sample_plugin.ENTRY_POINT])


async def test_manifest_places_fragments_in_their_slots(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)

    body = (await lasuite_client.get("/api/v1/workspace")).json()

    assert body["role"] == "member"
    assert body["organization_id"] == str(member.organization_id)
    assert {"chat", "docs", "visio", "sample"} <= {p["id"] for p in body["plugins"]}
    assert {"plugin": "chat", "element": "chat-nav", "module": "/static/plugins/chat/chat.js"} in (
        body["slots"]["nav"]
    )
    assert [ref for ref in body["slots"]["nav"] if ref["plugin"] == "sample"] == [
        {"plugin": "sample", "element": "sample-nav", "module": "/static/plugins/sample/sample.js"}
    ]
    assert [ref for ref in body["slots"]["home.widget"] if ref["plugin"] == "sample"] == [
        {
            "plugin": "sample",
            "element": "sample-widget",
            "module": "/static/plugins/sample/widgets/today.js",
        }
    ]


async def test_manifest_needs_a_session(lasuite_client):
    response = await lasuite_client.get("/api/v1/workspace")

    assert response.status_code == 401
