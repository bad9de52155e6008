"""What other plugins get from docs: its events, and pages they create through the
``DocsPages`` service."""

from __future__ import annotations

import uuid

import pytest

from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.testing import eventually
from tests.plugins.docs import notes_plugin

DOCUMENTS = "/api/v1/docs/documents"


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), notes_plugin.ENTRY_POINT])


async def test_other_plugins_hear_what_happens_to_documents(lasuite_client, make_member):
    notes_plugin.HEARD.clear()
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = (await lasuite_client.post(DOCUMENTS, json={"title": "Note"})).json()
    document = uuid.UUID(created["id"])
    await lasuite_client.patch(f"{DOCUMENTS}/{document}", json={"title": "Note revue"})
    await lasuite_client.patch(f"{DOCUMENTS}/{document}/link", json={"link_reach": "authenticated"})
    await lasuite_client.delete(f"{DOCUMENTS}/{document}")
    await lasuite_client.post(f"{DOCUMENTS}/{document}/restore")

    expected = [(name, document) for name in notes_plugin.NAMES[:2]] + [
        ("docs.document.access_changed", document),
        ("docs.document.trashed", document),
        ("docs.document.restored", document),
    ]
    await eventually(lambda: expected == notes_plugin.HEARD, message="the docs events")


async def test_a_plugin_writes_a_page_its_caller_owns(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)

    written = await lasuite_client.post(
        "/api/v1/notes/notes",
        json={"title": "Notes — Point hebdo", "paragraphs": ["Présents : Alice", "Décision : oui"]},
    )
    page = (await lasuite_client.get(f"{DOCUMENTS}/{written.json()['id']}")).json()
    await bob.sign_in(lasuite_client)
    hidden = await lasuite_client.get(f"{DOCUMENTS}/{written.json()['id']}")

    assert written.status_code == 201, written.text
    assert (page["title"], page["my_role"]) == ("Notes — Point hebdo", "owner")
    assert hidden.status_code == 404
