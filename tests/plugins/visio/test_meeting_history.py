"""A room's meeting history, for its hosts: when each meeting started and ended, who
came (matched to their join by LiveKit identity) and how long they stayed — from
LiveKit's webhooks, or from the sockets of a meeting without a video server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lasuite.testing import eventually
from tests.plugins.visio.fake_livekit import participant_event, room_event
from tests.plugins.visio.meeting_clients import (
    anonymous,
    create_room,
    in_meeting,
    join,
    signed_in,
)

ROOMS = "/api/v1/visio/rooms"
HOOK = "/api/v1/visio/livekit/webhook"


async def _send(client, fake, event) -> None:
    body, headers = fake.webhook(event)
    answer = await client.post(HOOK, content=body, headers=headers)
    assert answer.status_code == 204, answer.text


async def test_livekit_events_give_each_attendee_their_time_in_the_meeting(
    fake_livekit, lasuite_client, make_member
):
    owner = await make_member()
    await owner.sign_in(lasuite_client)
    slug = (
        await lasuite_client.post(ROOMS, json={"name": "Comité", "access_level": "public"})
    ).json()["slug"]
    await lasuite_client.post(f"{ROOMS}/{slug}/join", json={})
    lasuite_client.cookies.clear()
    await lasuite_client.get("/api/v1/auth/providers")
    guest = (await lasuite_client.post(f"{ROOMS}/{slug}/join", json={"name": "Camille"})).json()
    start = (datetime.now(UTC) - timedelta(minutes=30)).replace(microsecond=0)

    def at(seconds: int) -> datetime:
        return start + timedelta(seconds=seconds)

    def person(kind: str, identity: str, session: str, seconds: int):
        return participant_event(
            kind, slug, sid="RM_1", identity=identity, session=session, at=at(seconds)
        )

    me, camille = str(owner.user_id), f"guest-{guest['you']['id']}"
    for event in (
        room_event("room_started", slug, sid="RM_1", at=at(0)),
        person("participant_joined", me, "PA_1", 10),
        person("participant_joined", camille, "PA_2", 20),
        person("participant_left", camille, "PA_2", 50),
        person("participant_joined", camille, "PA_3", 60),
        person("participant_left", me, "PA_1", 70),
        person("participant_left", camille, "PA_3", 120),
        room_event("room_finished", slug, sid="RM_1", at=at(130)),
    ):
        await _send(lasuite_client, fake_livekit, event)
    await owner.sign_in(lasuite_client)

    [meeting] = (await lasuite_client.get(f"{ROOMS}/{slug}/meetings")).json()

    assert (meeting["mode"], meeting["seconds"]) == ("livekit", 130)
    assert datetime.fromisoformat(meeting["ended_at"]) == at(130)
    attendees = {a["name"]: a for a in meeting["attendees"]}
    mine, theirs = attendees[owner.email.split("@")[0]], attendees["Camille"]
    assert (mine["user_id"], mine["seconds"]) == (me, 60)
    assert (theirs["user_id"], theirs["seconds"]) == (None, 30 + 60)
    assert datetime.fromisoformat(theirs["joined_at"]) == at(20)
    assert datetime.fromisoformat(theirs["left_at"]) == at(120)


async def test_the_meeting_ending_closes_the_stays_still_open(
    fake_livekit, lasuite_client, make_member
):
    owner = await make_member()
    await owner.sign_in(lasuite_client)
    slug = (await lasuite_client.post(ROOMS, json={"name": "Comité"})).json()["slug"]
    start = (datetime.now(UTC) - timedelta(minutes=10)).replace(microsecond=0)
    for event in (
        participant_event(
            "participant_joined",
            slug,
            sid="RM_7",
            identity=str(owner.user_id),
            session="PA_1",
            at=start,
        ),
        room_event("room_finished", slug, sid="RM_7", at=start + timedelta(seconds=45)),
    ):
        await _send(lasuite_client, fake_livekit, event)

    [meeting] = (await lasuite_client.get(f"{ROOMS}/{slug}/meetings")).json()

    [attendee] = meeting["attendees"]
    assert attendee["seconds"] == 45
    assert attendee["left_at"] == meeting["ended_at"]


async def test_only_the_rooms_hosts_read_its_history(lasuite_client, make_member):
    owner, member, colleague = await make_member(), await make_member(), await make_member()
    await owner.sign_in(lasuite_client)
    slug = (await lasuite_client.post(ROOMS, json={"name": "Comité"})).json()["slug"]
    await lasuite_client.post(
        f"{ROOMS}/{slug}/grants", json={"user_id": str(member.user_id), "role": "member"}
    )

    answers = {}
    for name, who in (("owner", owner), ("member", member), ("colleague", colleague)):
        await who.sign_in(lasuite_client)
        answers[name] = (await lasuite_client.get(f"{ROOMS}/{slug}/meetings")).status_code

    assert answers == {"owner": 200, "member": 403, "colleague": 403}


async def test_a_meeting_without_video_server_lasts_from_the_first_arrival_to_the_last_departure(
    served, make_member
):
    host = await make_member()
    async with signed_in(served, host) as host_http, anonymous(served) as guest_http:
        slug = await create_room(host_http, access_level="public")
        hosting = await join(host_http, slug)
        guest = await join(guest_http, slug, name="Camille")

        async def meetings() -> list[dict]:
            return (await host_http.get(f"{ROOMS}/{slug}/meetings")).json()

        async with in_meeting(served, slug, hosting["ticket"]) as host_socket:
            await host_socket.first("welcome")
            async with in_meeting(served, slug, guest["ticket"]) as guest_socket:
                await guest_socket.first("welcome")
            await host_socket.first("left")
            [going_on] = await meetings()
            assert (going_on["mode"], going_on["ended_at"]) == ("mesh", None)

        async def ended() -> bool:
            return (await meetings())[0]["ended_at"] is not None

        await eventually(ended, message="the meeting ends with its last participant")
        [meeting] = await meetings()

    attendees = {a["name"]: a for a in meeting["attendees"]}
    assert set(attendees) == {host.email.split("@")[0], "Camille"}
    assert attendees["Camille"]["user_id"] is None
    assert attendees[host.email.split("@")[0]]["left_at"] == meeting["ended_at"]
    started, finished = (datetime.fromisoformat(meeting[k]) for k in ("started_at", "ended_at"))
    assert started <= datetime.fromisoformat(attendees["Camille"]["joined_at"]) <= finished
    assert all(0 <= a["seconds"] <= meeting["seconds"] for a in attendees.values())


async def test_the_meetings_going_on_now_are_listed_with_how_many_are_in_them(
    fake_livekit, lasuite_client, make_member
):
    owner = await make_member(organization="org-a")
    outsider = await make_member(organization="org-b")
    await owner.sign_in(lasuite_client)
    going, ended = [
        (await lasuite_client.post(ROOMS, json={"name": name})).json()["slug"]
        for name in ("Point du lundi", "Comité")
    ]
    start = (datetime.now(UTC) - timedelta(minutes=5)).replace(microsecond=0)

    def person(kind: str, identity: str, session: str):
        return participant_event(
            kind, going, sid="RM_1", identity=identity, session=session, at=start
        )

    for event in (
        room_event("room_started", going, sid="RM_1", at=start),
        person("participant_joined", str(owner.user_id), "PA_1"),
        person("participant_joined", "guest-1", "PA_2"),
        person("participant_left", "guest-1", "PA_2"),
        room_event("room_started", ended, sid="RM_2", at=start),
        room_event("room_finished", ended, sid="RM_2", at=start + timedelta(minutes=1)),
    ):
        await _send(lasuite_client, fake_livekit, event)

    live = (await lasuite_client.get("/api/v1/visio/meetings/live")).json()
    await outsider.sign_in(lasuite_client)
    elsewhere = (await lasuite_client.get("/api/v1/visio/meetings/live")).json()

    assert [(m["slug"], m["name"], m["people"]) for m in live] == [(going, "Point du lundi", 1)]
    assert datetime.fromisoformat(live[0]["started_at"]) == start
    assert elsewhere == []


async def test_the_meetings_going_on_now_are_listed_up_to_the_limit_asked(
    fake_livekit, lasuite_client, make_member
):
    owner = await make_member()
    await owner.sign_in(lasuite_client)
    first, latest = [
        (await lasuite_client.post(ROOMS, json={"name": name})).json()["slug"]
        for name in ("Point du lundi", "Comité")
    ]
    start = (datetime.now(UTC) - timedelta(minutes=5)).replace(microsecond=0)
    for event in (
        room_event("room_started", first, sid="RM_1", at=start),
        room_event("room_started", latest, sid="RM_2", at=start + timedelta(minutes=1)),
    ):
        await _send(lasuite_client, fake_livekit, event)

    every = (await lasuite_client.get("/api/v1/visio/meetings/live")).json()
    one = (await lasuite_client.get("/api/v1/visio/meetings/live?limit=1")).json()
    too_many = await lasuite_client.get("/api/v1/visio/meetings/live?limit=51")

    assert [m["slug"] for m in every] == [latest, first]
    assert [m["slug"] for m in one] == [latest]
    assert too_many.status_code == 400
