"""Live co-editing over y-websocket: edits converge, are durable before anyone sees them,
and only editors' edits apply."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import uuid
from pathlib import Path

import pycrdt
import pytest
import websockets

from lasuite.testing.services import in_ci
from lasuite_docs import store
from tests.plugins.docs.sync_clients import (
    close_code,
    cookie_header,
    create_document,
    editing,
    grant,
    signed_in,
    sync_url,
)


async def test_two_editors_see_each_others_text_and_a_late_reader_gets_it_all(served, make_member):
    alice, bob = await make_member(role="member"), await make_member(role="member")
    async with signed_in(served, alice) as alice_http, signed_in(served, bob) as bob_http:
        document = await create_document(alice_http)
        async with (
            editing(served, document, alice_http) as alice_editor,
            editing(served, document, bob_http) as bob_editor,
        ):
            alice_editor.type("Bonjour ")
            await bob_editor.until(lambda: bob_editor.content == "Bonjour ")
            bob_editor.type("à tous")
            await alice_editor.until(lambda: alice_editor.content == "Bonjour à tous")

        async with editing(served, document, bob_http) as late:
            assert late.content == "Bonjour à tous"


async def test_twenty_editors_typing_at_once_converge(served, make_member):
    member = await make_member(role="member")
    async with signed_in(served, member) as http:
        document = await create_document(http)
        async with contextlib.AsyncExitStack() as stack:
            editors = [
                await stack.enter_async_context(editing(served, document, http)) for _ in range(20)
            ]
            rng = random.Random(11)
            for round_ in range(5):
                for index, editor in enumerate(editors):
                    length = len(editor.content)
                    editor.text.insert(rng.randint(0, length), f"<{index}.{round_}>")
                await asyncio.sleep(0)
            for editor in editors:
                await editor.until(lambda e=editor: e.content.count("<") == 20 * 5, within=20)
            assert len({e.content for e in editors}) == 1


async def test_an_edit_another_editor_saw_is_in_the_stored_document(
    served, make_member, lasuite_database
):
    alice, bob = await make_member(role="member"), await make_member(role="member")
    async with signed_in(served, alice) as alice_http, signed_in(served, bob) as bob_http:
        document = await create_document(alice_http)
        async with (
            editing(served, document, alice_http) as alice_editor,
            editing(served, document, bob_http) as bob_editor,
        ):
            alice_editor.type("gardé")
            await bob_editor.until(lambda: bob_editor.content == "gardé")

            async with lasuite_database.transaction() as db:
                stored, last_seq = await store.load(db, uuid.UUID(document))

    assert str(stored.get("text", type=pycrdt.Text)) == "gardé"
    assert last_seq >= 1


async def test_a_readers_edits_never_apply(served, make_member):
    alice, guest = await make_member(role="member"), await make_member(role="guest")
    async with signed_in(served, alice) as alice_http, signed_in(served, guest) as guest_http:
        document = await create_document(alice_http)
        await grant(alice_http, document, "reader", user_id=guest.user_id)
        async with (
            editing(served, document, alice_http) as alice_editor,
            editing(served, document, guest_http) as reader,
        ):
            reader.type("vandalisme")
            await reader.roundtrip()  # the server has handled the reader's edit by now
            alice_editor.type("texte")
            await reader.until(lambda: "texte" in reader.content)
            await alice_editor.roundtrip()
            assert alice_editor.content == "texte"

        async with editing(served, document, alice_http) as again:
            assert again.content == "texte"


async def test_who_is_here_reaches_the_others_and_those_joining_later(served, make_member):
    alice, bob = await make_member(role="member"), await make_member(role="guest")
    async with signed_in(served, alice) as alice_http, signed_in(served, bob) as bob_http:
        document = await create_document(alice_http)
        await grant(alice_http, document, "reader", user_id=bob.user_id)
        async with editing(served, document, alice_http) as alice_editor:
            async with editing(served, document, bob_http) as reader:
                alice_editor.announce({"user": {"name": "Alice"}, "cursor": 3})
                await reader.until(lambda: list(reader.others().values()) == [alice_state()])
                reader.announce({"user": {"name": "Bob"}})

                async with editing(served, document, bob_http) as late:
                    await late.until(lambda: len(late.others()) == 2)
                    assert alice_state() in late.others().values()

            # Bob's client left: Alice no longer sees him.
            await alice_editor.until(lambda: alice_editor.others() == {})


def alice_state() -> dict[str, object]:
    return {"user": {"name": "Alice"}, "cursor": 3}


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        (b"\x00\x00\x05\x01\x02", 4400),  # a sync step 1 whose payload runs past the frame
        (b"\x00\x02\x03\xff\xff\xff", 4400),  # an update that does not decode
        (b"\x07", 4400),  # an unknown message type
        (b"\x00\x02" + b"\x00" * (2 * 1024 * 1024), 1009),  # over the frame limit
    ],
)
async def test_a_bad_frame_closes_the_socket_and_leaves_the_document_intact(
    served, make_member, frame, code
):
    member = await make_member(role="member")
    async with signed_in(served, member) as http:
        document = await create_document(http)
        async with editing(served, document, http) as editor:
            editor.type("intact")
            await editor.roundtrip()
        async with websockets.connect(
            sync_url(served, document),
            additional_headers={"Cookie": cookie_header(http)},
            max_size=None,
        ) as socket:
            await socket.send(frame)
            assert await close_code(socket) == code

        async with editing(served, document, http) as again:
            assert again.content == "intact"


async def test_a_document_of_another_organization_is_not_found(served, make_member):
    alice = await make_member(role="member", organization="org-a")
    bob = await make_member(role="member", organization="org-b")
    async with signed_in(served, alice) as alice_http, signed_in(served, bob) as bob_http:
        document = await create_document(alice_http)
        async with websockets.connect(
            sync_url(served, document), additional_headers={"Cookie": cookie_header(bob_http)}
        ) as socket:
            assert await close_code(socket) == 4404


async def test_another_sites_page_cannot_open_a_documents_socket(served, make_member):
    member = await make_member(role="member")
    async with signed_in(served, member) as http:
        document = await create_document(http)
        with pytest.raises(websockets.InvalidStatus) as refused:
            async with websockets.connect(
                sync_url(served, document),
                additional_headers={"Cookie": cookie_header(http)},
                origin="https://elsewhere.example",
            ):
                pass
    assert refused.value.response.status_code == 403


NODE_CLIENT = Path(__file__).parent / "node"


async def test_an_unmodified_yjs_client_and_a_pycrdt_client_converge(served, make_member):
    if not (NODE_CLIENT / "node_modules").exists():
        message = "The Node Yjs client is not installed (make pytest installs it)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    member = await make_member(role="member")
    async with signed_in(served, member) as http:
        document = await create_document(http)
        async with editing(served, document, http) as editor:
            editor.type("[pycrdt]")
            await editor.roundtrip()
            node = await asyncio.create_subprocess_exec(
                "node",
                "edit.js",
                sync_url(served, document).rsplit("/", 1)[0],
                document,
                cookie_header(http),
                "[yjs]",
                "[pycrdt]",
                cwd=NODE_CLIENT,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            out, err = await asyncio.wait_for(node.communicate(), timeout=30)
            assert node.returncode == 0, err.decode()
            await editor.until(lambda: "[yjs]" in editor.content)

    assert json.loads(out)["text"] == editor.content == "[pycrdt][yjs]"
