"""LiveKit's webhooks: taken only when signed by the API key and secret for that very
body, and only once; what they say becomes the room's meeting history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.plugins.visio.fake_livekit import participant_event, room_event

ROOMS = "/api/v1/visio/rooms"
HOOK = "/api/v1/visio/livekit/webhook"


async def _hosted_room(client, make_member, **fields) -> tuple[str, object]:
    owner = await make_member()
    await owner.sign_in(client)
    response = await client.post(ROOMS, json={"name": "Comité", **fields})
    assert response.status_code == 201, response.text
    return response.json()["slug"], owner


async def _meetings(client, slug: str) -> list[dict]:
    response = await client.get(f"{ROOMS}/{slug}/meetings")
    assert response.status_code == 200, response.text
    return response.json()


async def _post(client, body: bytes, headers: dict[str, str]):
    return await client.post(HOOK, content=body, headers=headers)


def _half_an_hour_ago() -> datetime:
    return (datetime.now(UTC) - timedelta(minutes=30)).replace(microsecond=0)


async def test_a_signed_room_started_event_opens_a_meeting(
    fake_livekit, lasuite_client, make_member
):
    slug, _ = await _hosted_room(lasuite_client, make_member)
    at = _half_an_hour_ago()

    answer = await _post(
        lasuite_client, *fake_livekit.webhook(room_event("room_started", slug, sid="RM_1", at=at))
    )

    assert answer.status_code == 204, answer.text
    [meeting] = await _meetings(lasuite_client, slug)
    assert (meeting["mode"], meeting["ended_at"], meeting["attendees"]) == ("livekit", None, [])
    assert datetime.fromisoformat(meeting["started_at"]) == at


async def test_a_token_with_a_bad_signature_is_refused(fake_livekit, lasuite_client, make_member):
    slug, _ = await _hosted_room(lasuite_client, make_member)
    body, headers = fake_livekit.webhook(
        room_event("room_started", slug, sid="RM_1", at=_half_an_hour_ago())
    )
    token = headers["Authorization"]
    headers["Authorization"] = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    answer = await _post(lasuite_client, body, headers)

    assert (answer.status_code, answer.json()["error"]) == (401, "visio.webhook_not_signed")
    assert await _meetings(lasuite_client, slug) == []


async def test_a_token_of_another_key_and_secret_is_refused(
    fake_livekit, lasuite_client, make_member
):
    slug, _ = await _hosted_room(lasuite_client, make_member)
    event = room_event("room_started", slug, sid="RM_1", at=_half_an_hour_ago())

    refused = [
        await _post(lasuite_client, *fake_livekit.webhook(event, api_key=key, secret=secret))
        for key, secret in (
            ("another-key", fake_livekit.api_secret),
            (fake_livekit.api_key, "another-secret-that-is-long-enough-for-hs256"),
        )
    ]

    assert [(a.status_code, a.json()["error"]) for a in refused] == [
        (401, "visio.webhook_not_signed")
    ] * 2
    assert await _meetings(lasuite_client, slug) == []


async def test_a_body_changed_after_signing_is_refused(fake_livekit, lasuite_client, make_member):
    slug, _ = await _hosted_room(lasuite_client, make_member)
    body, headers = fake_livekit.webhook(
        room_event("room_finished", "some-other-room", sid="RM_1", at=_half_an_hour_ago())
    )
    tampered = body.replace(b"some-other-room", slug.encode())

    answer = await _post(lasuite_client, tampered, headers)

    assert (answer.status_code, answer.json()["error"]) == (401, "visio.webhook_not_signed")


async def test_a_request_without_a_token_is_refused(fake_livekit, lasuite_client, make_member):
    slug, _ = await _hosted_room(lasuite_client, make_member)
    body, _ = fake_livekit.webhook(
        room_event("room_started", slug, sid="RM_1", at=datetime.now(UTC))
    )

    answer = await lasuite_client.post(HOOK, content=body)

    assert (answer.status_code, answer.json()["error"]) == (401, "visio.webhook_not_signed")


async def test_a_replayed_event_is_refused_and_applied_once(
    fake_livekit, lasuite_client, make_member
):
    slug, owner = await _hosted_room(lasuite_client, make_member)
    at = _half_an_hour_ago()
    await _post(
        lasuite_client, *fake_livekit.webhook(room_event("room_started", slug, sid="RM_1", at=at))
    )
    left = fake_livekit.webhook(
        participant_event(
            "participant_left",
            slug,
            sid="RM_1",
            identity=str(owner.user_id),
            session="PA_1",
            at=at + timedelta(seconds=60),
        )
    )
    joined = participant_event(
        "participant_joined",
        slug,
        sid="RM_1",
        identity=str(owner.user_id),
        session="PA_1",
        at=at,
    )
    await _post(lasuite_client, *fake_livekit.webhook(joined))
    first = await _post(lasuite_client, *left)
    # Back in the meeting; a replay of the old departure must not end this stay.
    joined_again = participant_event(
        "participant_joined",
        slug,
        sid="RM_1",
        identity=str(owner.user_id),
        session="PA_2",
        at=at + timedelta(seconds=120),
    )
    await _post(lasuite_client, *fake_livekit.webhook(joined_again))

    replay = await _post(lasuite_client, *left)

    assert first.status_code == 204, first.text
    assert (replay.status_code, replay.json()["error"]) == (401, "visio.webhook_replayed")
    [meeting] = await _meetings(lasuite_client, slug)
    [attendee] = meeting["attendees"]
    assert attendee["left_at"] is None


async def test_an_event_older_than_the_replay_window_is_refused(
    fake_livekit, lasuite_client, make_member
):
    slug, _ = await _hosted_room(lasuite_client, make_member)
    at = datetime.now(UTC) - timedelta(hours=2)

    answer = await _post(
        lasuite_client, *fake_livekit.webhook(room_event("room_started", slug, sid="RM_1", at=at))
    )

    assert (answer.status_code, answer.json()["error"]) == (401, "visio.webhook_replayed")
    assert await _meetings(lasuite_client, slug) == []


async def test_events_of_rooms_this_instance_does_not_hold_are_acknowledged(
    fake_livekit, lasuite_client, make_member
):
    event = room_event("room_started", "not-one-of-ours", sid="RM_9", at=datetime.now(UTC))

    answer = await _post(lasuite_client, *fake_livekit.webhook(event))

    assert answer.status_code == 204, answer.text
