"""A meeting's socket: who is there, signalling relayed only between admitted
participants, raised hands, the mesh's four seats, removals and bad input."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import uuid

import websockets

from lasuite.testing import eventually
from lasuite_visio import meeting_chat
from lasuite_visio.config import MESH_CAPACITY
from lasuite_visio.meetings import Connection
from tests.plugins.visio.meeting_clients import (
    ROOMS,
    WITHIN,
    anonymous,
    create_room,
    in_meeting,
    join,
    signed_in,
    socket_url,
)


async def test_an_offer_reaches_only_the_participant_it_is_for(served, make_member):
    alice, bob, carol = await make_member(), await make_member(), await make_member()
    async with (
        signed_in(served, alice) as alice_http,
        signed_in(served, bob) as bob_http,
        signed_in(served, carol) as carol_http,
    ):
        slug = await create_room(alice_http)
        tickets = [
            (await join(http, slug))["ticket"] for http in (alice_http, bob_http, carol_http)
        ]
        async with (
            in_meeting(served, slug, tickets[0]) as a,
            in_meeting(served, slug, tickets[1]) as b,
            in_meeting(served, slug, tickets[2]) as c,
        ):
            for client in (a, b, c):
                await client.first("welcome")
            # b and c may have joined before a's welcome was read (then it names them)
            # or after (then a hears they joined).
            await a.until(lambda: a.others() == {b.my_id(), c.my_id()})
            offer = {"type": "offer", "sdp": "v=0 (offer of alice)"}
            await a.send({"type": "signal", "to": b.my_id(), "data": offer})
            await a.send({"type": "signal", "to": c.my_id(), "data": {"type": "ping-c"}})

            received = await b.first("signal")
            await c.first("signal")

            assert received == {"type": "signal", "from": a.my_id(), "data": offer}
            assert [m["data"] for m in c.received if m["type"] == "signal"] == [{"type": "ping-c"}]


async def test_someone_in_the_lobby_neither_sends_nor_receives_signals(served, make_member):
    host = await make_member()
    async with signed_in(served, host) as host_http, anonymous(served) as guest_http:
        slug = await create_room(host_http)
        hosting = await join(host_http, slug)
        waiting = await join(guest_http, slug, name="Camille")
        async with (
            in_meeting(served, slug, hosting["ticket"]) as host_socket,
            in_meeting(served, slug, waiting["ticket"]) as guest_socket,
        ):
            await host_socket.first("welcome")
            await host_socket.send(
                {"type": "signal", "to": waiting["you"]["id"], "data": {"type": "offer"}}
            )
            await host_socket.send({"type": "ping"})
            await host_socket.first("pong")
            await guest_socket.send({"type": "ping"})
            await guest_socket.first("pong")
            assert [m["type"] for m in guest_socket.received] == ["pong"]

            await guest_socket.send(
                {"type": "signal", "to": hosting["you"]["id"], "data": {"type": "offer"}}
            )
            assert await guest_socket.closed() == 4403


async def test_a_mesh_meeting_holds_four_and_tells_the_fifth_why(served, make_member):
    people = [await make_member() for _ in range(MESH_CAPACITY + 1)]
    async with contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(signed_in(served, p)) for p in people]
        slug = await create_room(clients[0], access_level="public")
        for client in clients[:MESH_CAPACITY]:
            socket = await stack.enter_async_context(
                in_meeting(served, slug, (await join(client, slug))["ticket"])
            )
            await socket.first("welcome")

        fifth = await clients[-1].post(f"{ROOMS}/{slug}/join", json={})

        assert (fifth.status_code, fifth.json()["error"]) == (409, "visio.room_full")
        assert "4" in fifth.json()["detail"]


async def test_a_raised_hand_reaches_everyone_and_a_host_lowers_them_all(served, make_member):
    host, bob = await make_member(), await make_member()
    async with signed_in(served, host) as host_http, signed_in(served, bob) as bob_http:
        slug = await create_room(host_http)
        async with (
            in_meeting(served, slug, (await join(host_http, slug))["ticket"]) as h,
            in_meeting(served, slug, (await join(bob_http, slug))["ticket"]) as b,
        ):
            await h.first("welcome")
            await b.first("welcome")
            await b.send({"type": "hand", "raised": True})
            raised = await h.first("hand")
            async with in_meeting(served, slug, (await join(host_http, slug))["ticket"]) as late:
                welcome = await late.first("welcome")
            lowered = await host_http.post(f"{ROOMS}/{slug}/hands/lower")
            await b.first("hands_lowered")

        assert (raised["id"], raised["raised"]) == (b.my_id(), True)
        assert [p["hand_raised"] for p in welcome["participants"] if p["id"] == b.my_id()] == [True]
        assert lowered.status_code == 204


async def test_a_removed_participant_is_put_out_and_stays_out(served, make_member):
    host, bob = await make_member(), await make_member()
    async with signed_in(served, host) as host_http, signed_in(served, bob) as bob_http:
        slug = await create_room(host_http, access_level="public")
        bob_join = await join(bob_http, slug)
        async with (
            in_meeting(served, slug, (await join(host_http, slug))["ticket"]) as h,
            in_meeting(served, slug, bob_join["ticket"]) as b,
        ):
            await h.first("welcome")
            await b.first("welcome")
            removed = await host_http.post(
                f"{ROOMS}/{slug}/participants/{bob_join['you']['id']}/remove"
            )
            code = await b.closed()
            left = await h.first("left")
        again = await bob_http.post(f"{ROOMS}/{slug}/join", json={"ticket": bob_join["ticket"]})

        assert removed.status_code == 200
        assert code == 4403
        assert left["id"] == bob_join["you"]["id"]
        assert (again.status_code, again.json()["error"]) == (403, "visio.entry_denied")


async def test_a_socket_without_a_valid_ticket_is_closed(served, make_member):
    host = await make_member()
    async with signed_in(served, host) as host_http:
        slug = await create_room(host_http)
        async with websockets.connect(socket_url(served, slug, "not-a-ticket")) as socket:
            with contextlib.suppress(websockets.ConnectionClosed):
                await socket.recv()
        assert socket.close_code == 4401
        async with websockets.connect(socket_url(served, "abc-defg-hij", "x")) as socket:
            with contextlib.suppress(websockets.ConnectionClosed):
                await socket.recv()
        assert socket.close_code == 4404


async def test_a_frame_that_is_no_meeting_message_closes_the_socket(served, make_member):
    host = await make_member()
    async with signed_in(served, host) as host_http:
        slug = await create_room(host_http)
        async with in_meeting(served, slug, (await join(host_http, slug))["ticket"]) as h:
            await h.first("welcome")
            await h.send({"type": "reaction", "emoji": "<script>"})
            assert await h.closed() == 4400


async def test_a_one_off_room_ends_with_its_meeting(served, make_member):
    host = await make_member()
    async with signed_in(served, host) as host_http:
        slug = await create_room(host_http, kind="one_off")
        async with in_meeting(served, slug, (await join(host_http, slug))["ticket"]) as h:
            await h.first("welcome")
            listed_during = [r["slug"] for r in (await host_http.get(ROOMS)).json()]

        async def ended() -> bool:
            return not (await host_http.get(ROOMS)).json()

        await eventually(ended, message="the end of the one-off meeting")
        again = await host_http.post(f"{ROOMS}/{slug}/join", json={})

        assert listed_during == [slug]
        assert (again.status_code, again.json()["error"]) == (404, "visio.room_not_found")


async def test_the_meetings_chat_reaches_everyone_and_those_who_come_later(served, make_member):
    host, bob, carol = await make_member(), await make_member(), await make_member()
    async with (
        signed_in(served, host) as host_http,
        signed_in(served, bob) as bob_http,
        signed_in(served, carol) as carol_http,
    ):
        slug = await create_room(host_http)
        async with (
            in_meeting(served, slug, (await join(host_http, slug))["ticket"]) as h,
            in_meeting(served, slug, (await join(bob_http, slug))["ticket"]) as b,
        ):
            await b.first("welcome")
            await h.send({"type": "say", "text": "  Bonjour à tous  "})
            said = await b.first("said")
            await h.send({"type": "say", "text": "   "})
            await h.send({"type": "ping"})
            await h.first("pong")
            async with in_meeting(served, slug, (await join(carol_http, slug))["ticket"]) as c:
                welcome = await c.first("welcome")
            meetings = (await host_http.get(f"{ROOMS}/{slug}/meetings")).json()
            kept = await host_http.get(f"{ROOMS}/{slug}/meetings/{meetings[0]['id']}/messages")

        assert (said["message"]["name"], said["message"]["text"]) == (
            host.email.split("@")[0],
            "Bonjour à tous",
        )
        assert [m["text"] for m in welcome["messages"]] == ["Bonjour à tous"]
        assert [m["text"] for m in kept.json()] == ["Bonjour à tous"]


async def test_someone_in_the_lobby_cannot_write_in_the_chat(served, make_member):
    host = await make_member()
    async with signed_in(served, host) as host_http, anonymous(served) as guest_http:
        slug = await create_room(host_http)
        waiting = await join(guest_http, slug, name="Camille")
        async with in_meeting(served, slug, waiting["ticket"]) as guest_socket:
            await guest_socket.send({"type": "say", "text": "Je peux entrer ?"})

            assert await guest_socket.closed() == 4403


def test_the_welcome_goes_before_the_news_that_came_while_it_was_read() -> None:
    """A message said while someone's welcome is read from the database reaches them
    after the welcome: their page then adds it to what the welcome holds instead of the
    welcome wiping it out."""
    connection = Connection(participant_id=uuid.uuid4(), admitted=True, host=False)
    connection.put('{"type": "said"}')
    connection.put('{"type": "joined"}')

    connection.put_first('{"type": "welcome"}')

    sent = [connection.outbox.get_nowait() for _ in range(connection.outbox.qsize())]
    assert sent == ['{"type": "welcome"}', '{"type": "said"}', '{"type": "joined"}']


async def test_a_message_said_while_a_welcome_is_read_reaches_that_socket_after_it(
    served, make_member, monkeypatch
):
    """The socket sends nothing before its welcome: a message said while the welcome was
    read (and so missing from it) comes after it, not before (where the welcome, coming
    next, would wipe it out of the page)."""
    host, bob = await make_member(), await make_member()
    read, release = threading.Event(), threading.Event()
    so_far = meeting_chat.so_far

    async def held(db, room_id):
        said = await so_far(db, room_id)
        read.set()
        await asyncio.to_thread(release.wait, WITHIN)
        return said

    async with signed_in(served, host) as host_http, signed_in(served, bob) as bob_http:
        slug = await create_room(host_http)
        async with in_meeting(served, slug, (await join(host_http, slug))["ticket"]) as h:
            await h.first("welcome")
            monkeypatch.setattr(meeting_chat, "so_far", held)
            async with in_meeting(served, slug, (await join(bob_http, slug))["ticket"]) as b:
                assert await asyncio.to_thread(read.wait, WITHIN)
                await h.send({"type": "say", "text": "Vous m'entendez ?"})
                await h.first("said")
                release.set()
                await b.until(lambda: {"welcome", "said"} <= {m["type"] for m in b.received})

    kinds = [m["type"] for m in b.received]
    assert kinds.index("welcome") == 0 < kinds.index("said")
    assert b.received[0]["messages"] == []
