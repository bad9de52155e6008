"""With LiveKit configured, the server drives its rooms through ``LiveKitAPI``: the room
is created before the first token, hosts remove and mute people there, and the room's
settings reach it as metadata. The fake LiveKit checks each call's token and payload."""

from __future__ import annotations

import json

import pytest
from livekit.api import (
    AccessToken,
    ListRoomsRequest,
    LiveKitAPI,
    RoomParticipantIdentity,
    ServerError,
    VideoGrants,
)
from livekit.protocol.models import Room, TrackSource

from lasuite_visio import livekit_rooms

ROOMS = "/api/v1/visio/rooms"
MIC, CAMERA = TrackSource.MICROPHONE, TrackSource.CAMERA


async def _sign_out(client) -> None:
    client.cookies.clear()
    await client.get("/api/v1/auth/providers")


async def _meeting(client, make_member, **fields) -> tuple[str, dict[str, dict]]:
    """A public room, with its owner, a room member and a guest each joined."""
    owner, member = await make_member(), await make_member()
    await owner.sign_in(client)
    slug = (
        await client.post(ROOMS, json={"name": "Comité", "access_level": "public", **fields})
    ).json()["slug"]
    await client.post(
        f"{ROOMS}/{slug}/grants", json={"user_id": str(member.user_id), "role": "member"}
    )
    joined = {}
    for name, who in (("owner", owner), ("member", member)):
        await who.sign_in(client)
        joined[name] = (await client.post(f"{ROOMS}/{slug}/join", json={})).json()
        joined[name]["member"] = who
    await _sign_out(client)
    joined["guest"] = (await client.post(f"{ROOMS}/{slug}/join", json={"name": "Camille"})).json()
    await owner.sign_in(client)
    return slug, joined


def _identity(joined: dict) -> str:
    member = joined.get("member")
    return str(member.user_id) if member else f"guest-{joined['you']['id']}"


async def test_the_first_admitted_join_creates_the_livekit_room_before_its_token(
    fake_livekit, lasuite_client, make_member
):
    slug, joined = await _meeting(lasuite_client, make_member)

    created = fake_livekit.calls_to("CreateRoom")

    assert joined["owner"]["livekit"]["token"]
    assert len(created) == 1  # the next joins came while the room was known open
    assert {c.name for c in created} == {slug}
    assert (created[0].empty_timeout, created[0].max_participants) == (300, 100)
    assert json.loads(created[0].metadata)["name"] == "Comité"
    assert list(fake_livekit.rooms) == [slug]


async def test_a_join_after_the_room_was_last_opened_a_while_ago_opens_it_again(
    fake_livekit, lasuite_client, make_member, monkeypatch
):
    monkeypatch.setattr(livekit_rooms, "OPEN_FOR", 0.0)

    slug, _joined = await _meeting(lasuite_client, make_member)

    # One per admitted join: LiveKit answers an existing room as it is.
    assert [c.name for c in fake_livekit.calls_to("CreateRoom")] == [slug] * 3


async def test_someone_waiting_in_the_lobby_opens_no_livekit_room(
    fake_livekit, lasuite_client, make_member
):
    owner = await make_member()
    await owner.sign_in(lasuite_client)
    slug = (await lasuite_client.post(ROOMS, json={"name": "Comité"})).json()["slug"]
    await _sign_out(lasuite_client)

    waiting = (await lasuite_client.post(f"{ROOMS}/{slug}/join", json={"name": "Camille"})).json()

    assert waiting["status"] == "waiting"
    assert fake_livekit.calls_to("CreateRoom") == []


async def test_removing_someone_disconnects_them_from_the_livekit_room(
    fake_livekit, lasuite_client, make_member
):
    slug, joined = await _meeting(lasuite_client, make_member)
    guest = _identity(joined["guest"])
    fake_livekit.connect(slug, guest, sources=(MIC,))

    answer = await lasuite_client.post(
        f"{ROOMS}/{slug}/participants/{joined['guest']['you']['id']}/remove"
    )

    assert answer.status_code == 200, answer.text
    [removed] = fake_livekit.calls_to("RemoveParticipant")
    assert (removed.room, removed.identity) == (slug, guest)
    assert guest not in fake_livekit.participants[slug]


async def test_a_host_mutes_one_persons_microphone(fake_livekit, lasuite_client, make_member):
    slug, joined = await _meeting(lasuite_client, make_member)
    member = fake_livekit.connect(slug, _identity(joined["member"]), sources=(MIC, CAMERA))
    microphone, _camera = member.tracks

    answer = await lasuite_client.post(
        f"{ROOMS}/{slug}/participants/{joined['member']['you']['id']}/mute", json={}
    )

    assert answer.json() == {"tracks": 1}
    [muted] = fake_livekit.calls_to("MutePublishedTrack")
    assert (muted.room, muted.identity, muted.track_sid, muted.muted) == (
        slug,
        member.identity,
        microphone.sid,
        True,
    )
    assert [t.muted for t in fake_livekit.participants[slug][member.identity].tracks] == [
        True,
        False,
    ]


async def test_mute_all_mutes_every_microphone_but_the_hosts_own(
    fake_livekit, lasuite_client, make_member
):
    slug, joined = await _meeting(lasuite_client, make_member)
    people = {
        name: fake_livekit.connect(slug, _identity(joined[name]), sources=(MIC, CAMERA))
        for name in ("owner", "member", "guest")
    }

    answer = await lasuite_client.post(f"{ROOMS}/{slug}/mute")

    assert answer.json() == {"tracks": 2}
    muted = {(c.identity, c.track_sid) for c in fake_livekit.calls_to("MutePublishedTrack")}
    assert muted == {
        (people[name].identity, people[name].tracks[0].sid) for name in ("member", "guest")
    }


async def test_only_hosts_mute_people(fake_livekit, lasuite_client, make_member):
    slug, joined = await _meeting(lasuite_client, make_member)
    fake_livekit.connect(slug, _identity(joined["owner"]), sources=(MIC,))
    await joined["member"]["member"].sign_in(lasuite_client)

    one = await lasuite_client.post(
        f"{ROOMS}/{slug}/participants/{joined['owner']['you']['id']}/mute", json={}
    )
    everyone = await lasuite_client.post(f"{ROOMS}/{slug}/mute")

    assert (one.status_code, everyone.status_code) == (403, 403)
    assert fake_livekit.calls_to("MutePublishedTrack") == []


async def test_changing_the_room_updates_the_open_livekit_rooms_metadata(
    fake_livekit, lasuite_client, make_member
):
    slug, _ = await _meeting(lasuite_client, make_member)

    answer = await lasuite_client.patch(f"{ROOMS}/{slug}", json={"name": "Comité de pilotage"})

    assert answer.status_code == 200, answer.text
    [update] = fake_livekit.calls_to("UpdateRoomMetadata")
    assert update.room == slug
    assert json.loads(fake_livekit.rooms[slug].metadata)["name"] == "Comité de pilotage"


async def test_a_room_without_an_open_meeting_changes_all_the_same(
    fake_livekit, lasuite_client, make_member
):
    owner = await make_member()
    await owner.sign_in(lasuite_client)
    slug = (await lasuite_client.post(ROOMS, json={"name": "Comité"})).json()["slug"]

    answer = await lasuite_client.patch(f"{ROOMS}/{slug}", json={"access_level": "public"})

    assert (answer.status_code, answer.json()["access_level"]) == (200, "public")
    assert fake_livekit.rooms == {}


@pytest.mark.parametrize("trouble", ["failing", "unreachable"])
async def test_a_join_answers_503_when_livekit_is_in_trouble(
    trouble, fake_livekit, lasuite_client, make_member
):
    owner = await make_member()
    await owner.sign_in(lasuite_client)
    slug = (await lasuite_client.post(ROOMS, json={"name": "Comité"})).json()["slug"]
    if trouble == "failing":
        fake_livekit.failing = True
    else:
        fake_livekit.stop()

    answer = await lasuite_client.post(f"{ROOMS}/{slug}/join", json={})

    assert (answer.status_code, answer.json()["error"]) == (503, "visio.video_server_unavailable")


async def test_a_removal_livekit_cannot_do_is_not_kept(fake_livekit, lasuite_client, make_member):
    slug, joined = await _meeting(lasuite_client, make_member)
    fake_livekit.failing = True
    guest = joined["guest"]["you"]["id"]

    refused = await lasuite_client.post(f"{ROOMS}/{slug}/participants/{guest}/remove")
    fake_livekit.failing = False
    retried = await lasuite_client.post(f"{ROOMS}/{slug}/participants/{guest}/remove")

    assert (refused.status_code, refused.json()["error"]) == (503, "visio.video_server_unavailable")
    assert retried.status_code == 200, retried.text


async def test_the_fake_refuses_tokens_without_the_right_key_or_grant(fake_livekit):
    fake_livekit.rooms["comite"] = Room(sid="RM_comite", name="comite")
    fake_livekit.participants["comite"] = {}
    other_room = (
        AccessToken(fake_livekit.api_key, fake_livekit.api_secret)
        .with_grants(VideoGrants(room_admin=True, room="another-room"))
        .to_jwt()
    )
    clients = {
        "wrong secret": LiveKitAPI(
            fake_livekit.url, fake_livekit.api_key, "not-the-secret-of-this-livekit-server"
        ),
        "other room": LiveKitAPI.with_token(other_room, fake_livekit.url),
        "right": LiveKitAPI(fake_livekit.url, fake_livekit.api_key, fake_livekit.api_secret),
    }
    someone = RoomParticipantIdentity(room="comite", identity="someone")
    refused = {}
    try:
        for name in ("wrong secret", "other room"):
            with pytest.raises(ServerError) as error:
                await clients[name].room.remove_participant(someone)
            refused[name] = (error.value.status, error.value.code)
        listed = await clients["right"].room.list_rooms(ListRoomsRequest())
        with pytest.raises(ServerError) as absent:
            await clients["right"].room.remove_participant(someone)
    finally:
        for client in clients.values():
            await client.aclose()

    assert refused == {
        "wrong secret": (401, "unauthenticated"),
        "other room": (401, "unauthenticated"),
    }
    assert [r.name for r in listed.rooms] == ["comite"]
    assert (absent.value.status, absent.value.code) == (404, "not_found")
