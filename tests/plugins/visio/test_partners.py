"""Visio with the plugins it works with when they are on: a room announced in a chat
channel (a card linking to the meeting, posted only where its host may post), and a
meeting's notes kept in a docs page that those who attended may edit."""

from __future__ import annotations

import sys
import uuid
from datetime import UTC, datetime, timedelta

from lasuite.plugin_host.loader import discover, load_registry
from lasuite_docs import store
from lasuite_docs.content import text_of
from tests.plugins.visio.fake_livekit import participant_event, room_event

ROOMS = "/api/v1/visio/rooms"
CHANNELS = "/api/v1/chat/channels"
HOOK = "/api/v1/visio/livekit/webhook"
NOTES = {"title": "Notes — Comité", "attendees_label": "Présents"}


async def room_of(client, **fields) -> str:
    answer = await client.post(ROOMS, json={"name": "Comité", **fields})
    assert answer.status_code == 201, answer.text
    return answer.json()["slug"]


async def channel_of(client, name: str, kind: str = "public") -> str:
    answer = await client.post(CHANNELS, json={"name": name, "kind": kind})
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


async def switch(client, plugin_id: str, *, enabled: bool) -> None:
    answer = await client.put(
        f"/api/v1/orgs/current/plugins/{plugin_id}", json={"enabled": enabled}
    )
    assert answer.status_code == 200, answer.text


async def test_a_host_announces_a_room_in_a_channel_with_a_card_linking_to_it(
    lasuite_client, make_member
):
    alice, bob = await make_member(role="admin"), await make_member()
    await alice.sign_in(lasuite_client)
    slug = await room_of(lasuite_client)
    channel_id = await channel_of(lasuite_client, "equipe")

    answer = await lasuite_client.post(f"{ROOMS}/{slug}/announce", json={"channel_id": channel_id})

    assert answer.status_code == 201, answer.text
    await bob.sign_in(lasuite_client)
    await lasuite_client.post(f"{CHANNELS}/{channel_id}/join")
    messages = (await lasuite_client.get(f"{CHANNELS}/{channel_id}/messages")).json()
    [card] = [m for m in messages if m["id"] == answer.json()["message_id"]]
    assert card["sender_name"] == "Visio"
    assert card["card"] == {"title": "Comité", "text": "", "link": f"/visio/{slug}"}


async def test_a_room_is_announced_only_where_its_host_may_post(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await bob.sign_in(lasuite_client)
    private = await channel_of(lasuite_client, "direction", kind="private")
    public = await channel_of(lasuite_client, "annonces")
    await alice.sign_in(lasuite_client)
    slug = await room_of(lasuite_client)

    def announce(channel_id: str):
        return lasuite_client.post(f"{ROOMS}/{slug}/announce", json={"channel_id": channel_id})

    hidden, not_joined = await announce(private), await announce(public)

    assert hidden.status_code == 404
    assert (not_joined.status_code, not_joined.json()["error"]) == (403, "chat.not_a_member")
    await bob.sign_in(lasuite_client)
    messages = (await lasuite_client.get(f"{CHANNELS}/{public}/messages")).json()
    assert [m for m in messages if m["sender_name"] == "Visio"] == []


async def test_only_a_host_announces_the_room(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    slug = await room_of(lasuite_client)
    await bob.sign_in(lasuite_client)
    channel_id = await channel_of(lasuite_client, "projet")

    answer = await lasuite_client.post(f"{ROOMS}/{slug}/announce", json={"channel_id": channel_id})

    assert answer.status_code == 403


async def test_without_chat_on_a_room_is_not_announced(lasuite_client, make_member):
    alice = await make_member(role="owner")
    await alice.sign_in(lasuite_client)
    slug = await room_of(lasuite_client)
    channel_id = await channel_of(lasuite_client, "equipe")
    await switch(lasuite_client, "chat", enabled=False)

    answer = await lasuite_client.post(f"{ROOMS}/{slug}/announce", json={"channel_id": channel_id})

    assert (answer.status_code, answer.json()["error"]) == (409, "visio.partner_unavailable")
    assert answer.json()["detail"]["plugin"] == "chat"


async def meet(client, fake, slug: str, *people) -> None:
    """``people`` join the room and LiveKit reports them connected."""
    now = datetime.now(UTC).replace(microsecond=0)
    events = [room_event("room_started", slug, sid="RM_1", at=now)]
    for index, person in enumerate(people):
        await person.sign_in(client)
        answer = await client.post(f"{ROOMS}/{slug}/join", json={})
        assert answer.status_code == 200, answer.text
        events.append(
            participant_event(
                "participant_joined",
                slug,
                sid="RM_1",
                identity=str(person.user_id),
                session=f"PA_{index}",
                at=now + timedelta(seconds=index),  # in the order they are given
                name=person.email.split("@")[0],
            )
        )
    for event in events:
        body, headers = fake.webhook(event)
        sent = await client.post(HOOK, content=body, headers=headers)
        assert sent.status_code == 204, sent.text


async def test_a_meetings_notes_page_is_made_once_and_those_who_attended_edit_it(
    fake_livekit, lasuite_client, make_member
):
    alice, bob, carol = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    slug = await room_of(lasuite_client)
    await meet(lasuite_client, fake_livekit, slug, alice, bob)

    await alice.sign_in(lasuite_client)
    first = await lasuite_client.post(f"{ROOMS}/{slug}/notes", json=NOTES)
    await bob.sign_in(lasuite_client)
    again = await lasuite_client.post(f"{ROOMS}/{slug}/notes", json=NOTES)
    page = await lasuite_client.get(f"/api/v1/docs/documents/{first.json()['page_id']}")
    await carol.sign_in(lasuite_client)
    outsider = await lasuite_client.post(f"{ROOMS}/{slug}/notes", json=NOTES)
    hidden = await lasuite_client.get(f"/api/v1/docs/documents/{first.json()['page_id']}")

    assert first.status_code == 200, first.text
    assert first.json()["created"] is True
    assert first.json()["link"] == f"/docs/{first.json()['page_id']}"
    assert (again.json()["page_id"], again.json()["created"]) == (first.json()["page_id"], False)
    assert page.status_code == 200, page.text
    assert (page.json()["title"], page.json()["my_role"]) == ("Notes — Comité", "editor")
    assert outsider.status_code == 403
    assert hidden.status_code == 404


async def test_the_notes_page_lists_who_attended(
    fake_livekit, lasuite_client, make_member, lasuite_database
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    slug = await room_of(lasuite_client)
    await meet(lasuite_client, fake_livekit, slug, alice, bob)
    await alice.sign_in(lasuite_client)

    page_id = (await lasuite_client.post(f"{ROOMS}/{slug}/notes", json=NOTES)).json()["page_id"]

    async with lasuite_database.transaction() as db:
        doc, _ = await store.load(db, uuid.UUID(page_id))
    names = ", ".join(p.email.split("@")[0] for p in (alice, bob))
    assert text_of(doc) == f"Présents : {names}"


async def test_notes_need_a_meeting_and_docs(fake_livekit, lasuite_client, make_member):
    alice = await make_member(role="owner")
    await alice.sign_in(lasuite_client)
    slug = await room_of(lasuite_client)

    early = await lasuite_client.post(f"{ROOMS}/{slug}/notes", json=NOTES)
    await meet(lasuite_client, fake_livekit, slug, alice)
    await switch(lasuite_client, "docs", enabled=False)
    without_docs = await lasuite_client.post(f"{ROOMS}/{slug}/notes", json=NOTES)

    assert (early.status_code, early.json()["error"]) == (409, "visio.no_meeting_yet")
    assert (without_docs.status_code, without_docs.json()["error"]) == (
        409,
        "visio.partner_unavailable",
    )


def test_visio_works_where_chat_and_docs_are_not_installed(monkeypatch) -> None:
    # An import of a module set to None in sys.modules fails, as for a missing package.
    monkeypatch.setitem(sys.modules, "lasuite_chat.api", None)
    monkeypatch.setitem(sys.modules, "lasuite_docs.api", None)
    visio = next(ep for ep in discover() if ep.name == "visio")

    registry = load_registry(found=[visio])

    record = registry.get("visio")
    assert record is not None
    assert record.status == "ok", record.reason
