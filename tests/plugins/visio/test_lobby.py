"""The lobby over real sockets: who waits appears live to the hosts, who admit or deny;
an admitted person's next join enters; a wait lapses when nobody keeps it up."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import select, update

from lasuite_visio import participants
from lasuite_visio.models import Participant
from tests.plugins.visio.meeting_clients import (
    ROOMS,
    anonymous,
    create_room,
    in_meeting,
    join,
    signed_in,
)


async def test_a_waiting_guest_is_admitted_and_enters(served, make_member):
    host = await make_member()
    async with signed_in(served, host) as host_http, anonymous(served) as guest_http:
        slug = await create_room(host_http)
        hosting = await join(host_http, slug)
        async with in_meeting(served, slug, hosting["ticket"]) as host_socket:
            await host_socket.first("welcome")
            waiting = await join(guest_http, slug, name="Camille")
            async with in_meeting(served, slug, waiting["ticket"]) as guest_socket:
                lobby = await host_socket.first("lobby")
                assert [p["name"] for p in lobby["waiting"]] == ["Camille"]
                await guest_socket.entered()

                admitted = await host_http.post(
                    f"{ROOMS}/{slug}/lobby/{waiting['you']['id']}/admit"
                )
                assert admitted.status_code == 200, admitted.text
                await guest_socket.first("admitted")
                assert await guest_socket.closed() == 1000

            entered = await join(guest_http, slug, ticket=waiting["ticket"])
            assert (entered["status"], entered["you"]["id"]) == ("admitted", waiting["you"]["id"])
            async with in_meeting(served, slug, entered["ticket"]) as guest_socket:
                welcome = await guest_socket.first("welcome")
                assert [p["name"] for p in welcome["participants"]] == [host.email.split("@")[0]]
                await host_socket.until(lambda: "Camille" in host_socket.joined())
            await host_socket.first("lobby", waiting=[])


async def test_a_denied_guest_is_told_and_stays_out(served, make_member):
    host = await make_member()
    async with signed_in(served, host) as host_http, anonymous(served) as guest_http:
        slug = await create_room(host_http)
        waiting = await join(guest_http, slug, name="Camille")
        async with in_meeting(served, slug, waiting["ticket"]) as guest_socket:
            await guest_socket.entered()
            denied = await host_http.post(f"{ROOMS}/{slug}/lobby/{waiting['you']['id']}/deny")
            assert denied.status_code == 200, denied.text
            await guest_socket.first("denied")
            assert await guest_socket.closed() == 4403

        again = await guest_http.post(f"{ROOMS}/{slug}/join", json={"ticket": waiting["ticket"]})
        assert (again.status_code, again.json()["error"]) == (403, "visio.entry_denied")


async def test_only_hosts_see_and_answer_the_lobby(served, make_member):
    host, colleague = await make_member(), await make_member()
    async with (
        signed_in(served, host) as host_http,
        signed_in(served, colleague) as colleague_http,
        anonymous(served) as guest_http,
    ):
        slug = await create_room(host_http)
        waiting = await join(guest_http, slug, name="Camille")

        listed = await colleague_http.get(f"{ROOMS}/{slug}/lobby")
        admitted = await colleague_http.post(f"{ROOMS}/{slug}/lobby/{waiting['you']['id']}/admit")

        assert (listed.status_code, admitted.status_code) == (403, 403)
        assert [p["name"] for p in (await host_http.get(f"{ROOMS}/{slug}/lobby")).json()] == [
            "Camille"
        ]


async def test_a_wait_nobody_keeps_up_lapses(served, make_member, lasuite_database):
    host = await make_member()
    async with signed_in(served, host) as host_http, anonymous(served) as guest_http:
        slug = await create_room(host_http)
        waiting = await join(guest_http, slug, name="Camille")
        await _expire_in(lasuite_database, uuid.UUID(waiting["you"]["id"]), -timedelta(seconds=1))

        lobby = (await host_http.get(f"{ROOMS}/{slug}/lobby")).json()
        late = await host_http.post(f"{ROOMS}/{slug}/lobby/{waiting['you']['id']}/admit")

        assert lobby == []
        assert (late.status_code, late.json()["error"]) == (404, "visio.not_waiting")


async def test_a_ping_keeps_a_wait_up(served, make_member, lasuite_database):
    host = await make_member()
    async with signed_in(served, host) as host_http, anonymous(served) as guest_http:
        slug = await create_room(host_http)
        waiting = await join(guest_http, slug, name="Camille")
        entry = uuid.UUID(waiting["you"]["id"])
        await _expire_in(lasuite_database, entry, timedelta(seconds=1))
        async with in_meeting(served, slug, waiting["ticket"]) as guest_socket:
            await guest_socket.send({"type": "ping"})
            await guest_socket.first("pong")
            async with lasuite_database.transaction() as db:
                expires_at = await db.scalar(
                    select(Participant.expires_at).where(Participant.id == entry)
                )

        assert expires_at > participants.now() + participants.WAITING_TTL - timedelta(seconds=5)


async def _expire_in(database, participant_id: uuid.UUID, delay: timedelta) -> None:
    async with database.transaction() as db:
        await db.execute(
            update(Participant)
            .where(Participant.id == participant_id)
            .values(expires_at=participants.now() + delay)
        )
