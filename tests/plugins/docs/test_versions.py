"""A document's versions: named or taken once editing pauses, read and compared as text,
restored as a new edit that open editors follow at once."""

from __future__ import annotations

import asyncio
import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pycrdt
from pycrdt import XmlElement, XmlFragment, XmlText
from sqlalchemy import update

from lasuite.testing import eventually, run_periodic_job
from lasuite_docs import store
from lasuite_docs.content import fragment_of, text_of
from lasuite_docs.models import Document
from lasuite_docs.pages import paragraphs_update as paragraphs
from lasuite_docs.rooms import Rooms
from tests.plugins.docs.sync_clients import (
    WITHIN,
    editing,
    grant,
    open_to_organization,
    signed_in,
)

DOCUMENTS = "/api/v1/docs/documents"
JOB = "docs.take_automatic_versions"


def rewrite(doc: pycrdt.Doc[Any], *lines: str) -> None:
    """Replace ``doc``'s content with ``lines``, as an editor would."""
    content: XmlFragment = fragment_of(doc)
    with doc.transaction():
        while len(content.children):
            del content.children[0]
        for line in lines:
            content.children.append(XmlElement("paragraph")).children.append(XmlText(line))


async def _document(client, database, *lines: str) -> str:
    response = await client.post(DOCUMENTS, json={"title": "Note"})
    assert response.status_code == 201, response.text
    document = response.json()["id"]
    if lines:
        async with database.transaction() as db:
            await store.append(db, uuid.UUID(document), [paragraphs(lines)])
    return document


async def _name(client, document: str, name: str) -> dict:
    response = await client.post(f"{DOCUMENTS}/{document}/versions", json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_named_version_keeps_the_text_of_its_moment(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client, lasuite_database, "Article 1", "Article 2")
    named = await _name(lasuite_client, document, "Avant relecture")
    async with lasuite_database.transaction() as db:
        await store.append(db, uuid.UUID(document), [paragraphs(["Article 3"])])

    listed = (await lasuite_client.get(f"{DOCUMENTS}/{document}/versions")).json()
    read = (await lasuite_client.get(f"{DOCUMENTS}/{document}/versions/{named['id']}")).json()

    assert [(v["name"], v["created_by"]) for v in listed] == [
        ("Avant relecture", str(alice.user_id))
    ]
    assert read["text"] == "Article 1\nArticle 2"


async def test_two_versions_compare_line_by_line(lasuite_client, make_member, lasuite_database):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client, lasuite_database, "Un", "Deux")
    first = await _name(lasuite_client, document, "v1")
    async with lasuite_database.transaction() as db:
        doc, _ = await store.load(db, uuid.UUID(document))
        updates: list[bytes] = []
        doc.observe(lambda event: updates.append(event.update))
        rewrite(doc, "Un", "Trois")
        await store.append(db, uuid.UUID(document), updates)
    second = await _name(lasuite_client, document, "v2")

    between = await lasuite_client.get(
        f"{DOCUMENTS}/{document}/versions/{first['id']}/changes", params={"to": second["id"]}
    )
    with_now = await lasuite_client.get(f"{DOCUMENTS}/{document}/versions/{second['id']}/changes")

    assert between.json() == [
        {"op": "equal", "line": "Un"},
        {"op": "delete", "line": "Deux"},
        {"op": "insert", "line": "Trois"},
    ]
    assert {c["op"] for c in with_now.json()} == {"equal"}


async def test_a_restore_reaches_open_editors_and_keeps_what_it_replaced(
    served, make_member, lasuite_database
):
    alice, bob = await make_member(), await make_member()
    async with signed_in(served, alice) as alice_http, signed_in(served, bob) as bob_http:
        document = await _document(alice_http, lasuite_database)
        await open_to_organization(alice_http, document)
        async with editing(served, document, bob_http) as bob_editor:
            rewrite(bob_editor.doc, "Version validée")
            await bob_editor.roundtrip()
            kept = await _name(alice_http, document, "Validée")
            rewrite(bob_editor.doc, "Brouillon raté")
            await bob_editor.roundtrip()

            restored = await alice_http.post(
                f"{DOCUMENTS}/{document}/versions/{kept['id']}/restore"
            )

            assert restored.status_code == 200, restored.text
            await bob_editor.until(lambda: text_of(bob_editor.doc) == "Version validée")
        listed = (await alice_http.get(f"{DOCUMENTS}/{document}/versions")).json()
        # The periodic job may have versioned the page again since the restore.
        texts = [
            (await alice_http.get(f"{DOCUMENTS}/{document}/versions/{v['id']}")).json()["text"]
            for v in listed
        ]

    async with lasuite_database.transaction() as db:
        stored, _ = await store.load(db, uuid.UUID(document))
    assert text_of(stored) == "Version validée"
    assert "Brouillon raté" in texts  # what the restore replaced is kept


async def test_a_version_named_while_an_edit_is_being_written_holds_that_edit(
    served, make_member, lasuite_database, monkeypatch
):
    """An editor sees their edit at once; it is written a moment later. A version named
    (or a restore) meanwhile waits for that write instead of leaving the edit out."""
    alice = await make_member()
    writing, release, asked = threading.Event(), threading.Event(), threading.Event()
    append, settled = store.append, Rooms.settled

    async def held(db, document_id, updates):
        writing.set()
        await asyncio.to_thread(release.wait, WITHIN)
        return await append(db, document_id, updates)

    async def settling(rooms, document_id):
        asked.set()
        await settled(rooms, document_id)

    monkeypatch.setattr(Rooms, "settled", settling)
    async with signed_in(served, alice) as http:
        document = await _document(http, lasuite_database, "Premier jet")
        async with editing(served, document, http) as editor:
            monkeypatch.setattr(store, "append", held)
            rewrite(editor.doc, "Texte relu")
            assert await asyncio.to_thread(writing.wait, WITHIN)
            naming = asyncio.ensure_future(_name(http, document, "Relu"))
            await eventually(lambda: asked.is_set() or naming.done())
            release.set()
            named = await naming
        read = (await http.get(f"{DOCUMENTS}/{document}/versions/{named['id']}")).json()

    assert read["text"] == "Texte relu"


async def test_readers_see_versions_but_neither_name_nor_restore_them(
    lasuite_client, make_member, lasuite_database
):
    alice, guest = await make_member(), await make_member(role="guest")
    await alice.sign_in(lasuite_client)
    document = await _document(lasuite_client, lasuite_database, "Texte")
    await grant(lasuite_client, document, "reader", user_id=guest.user_id)
    version = await _name(lasuite_client, document, "v1")

    await guest.sign_in(lasuite_client)
    listed = await lasuite_client.get(f"{DOCUMENTS}/{document}/versions")
    named = await lasuite_client.post(f"{DOCUMENTS}/{document}/versions", json={"name": "x"})
    restored = await lasuite_client.post(f"{DOCUMENTS}/{document}/versions/{version['id']}/restore")

    assert listed.status_code == 200
    assert (named.status_code, restored.status_code) == (403, 403)


async def test_a_version_is_taken_once_editing_has_paused(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    paused = await _document(lasuite_client, lasuite_database, "Fini")
    busy = await _document(lasuite_client, lasuite_database, "En cours")
    async with lasuite_database.transaction() as db:
        await db.execute(
            update(Document)
            .where(Document.id == uuid.UUID(paused))
            .values(edited_at=datetime.now(UTC) - timedelta(minutes=3))
        )

    await run_periodic_job(lasuite_app, lasuite_client, JOB)
    await run_periodic_job(lasuite_app, lasuite_client, JOB)

    versions = {
        name: (await lasuite_client.get(f"{DOCUMENTS}/{doc}/versions")).json()
        for name, doc in (("paused", paused), ("busy", busy))
    }
    assert [(v["name"], v["created_by"]) for v in versions["paused"]] == [(None, None)]
    assert versions["busy"] == []
