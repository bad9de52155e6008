"""Recording a meeting: a host starts and stops it, LiveKit's egress (the fake) records
into the installation's bucket (moto), its webhooks move the recording through
initiated → active → stopped → saved (or failed), a job takes the file in and tells its
owner, and only the room's hosts download it. Transcribed, each microphone is recorded on
its own and the speech-to-text service (a fake) makes a transcript whose every line has
its speaker's name, published as a docs page."""

from __future__ import annotations

from pathlib import Path

import pytest
from livekit.protocol import models, webhook

from lasuite.settings import Settings
from lasuite.testing import eventually
from tests.buckets import CREDENTIALS
from tests.plugins.docs.people import browser_of, notified
from tests.plugins.visio.fake_egress import MP4
from tests.plugins.visio.fake_speech import FakeSpeech

ROOMS = "/api/v1/visio/rooms"
HOOK = "/api/v1/visio/livekit/webhook"
MIC = models.TrackSource.MICROPHONE


@pytest.fixture
def lasuite_settings(
    tmp_path: Path, lasuite_database_url: str, moto_endpoint: str, bucket: str
) -> Settings:
    """The app keeps its files in a bucket (LiveKit writes recordings there)."""
    return Settings(
        var_dir=tmp_path / "var",
        database_url=lasuite_database_url,
        storage_url=f"s3://{bucket}",
        s3_endpoint_url=moto_endpoint,
        **CREDENTIALS,
    )


@pytest.fixture
def speech(monkeypatch: pytest.MonkeyPatch):
    fake = FakeSpeech(api_key="stt-key")
    monkeypatch.setenv("LASUITE_VISIO_TRANSCRIPTION_URL", fake.start())
    monkeypatch.setenv("LASUITE_VISIO_TRANSCRIPTION_API_KEY", "stt-key")
    monkeypatch.setenv("LASUITE_VISIO_TRANSCRIPTION_MODEL", "whisper-large-v3")
    yield fake
    fake.stop()


async def hosting(client, member) -> str:
    """``member`` creates a room and joins it (LiveKit's room is then open); its slug."""
    await member.sign_in(client)
    answer = await client.post(ROOMS, json={"name": "Comité"})
    slug = answer.json()["slug"]
    joined = await client.post(f"{ROOMS}/{slug}/join", json={})
    assert joined.status_code == 200, joined.text
    return slug


async def send(client, fake, event) -> None:
    body, headers = fake.webhook(event)
    answer = await client.post(HOOK, content=body, headers=headers)
    assert answer.status_code == 204, answer.text


async def recordings_of(client, slug: str) -> list[dict]:
    answer = await client.get(f"{ROOMS}/{slug}/recordings")
    assert answer.status_code == 200, answer.text
    return answer.json()


async def until_state(client, slug: str, field: str, state: str) -> dict:
    async def reached() -> bool:
        return (await recordings_of(client, slug))[0][field] == state

    await eventually(reached, message=f"the recording's {field} becomes {state}")
    return (await recordings_of(client, slug))[0]


async def test_a_host_records_the_meeting_into_the_bucket_and_downloads_it_once_saved(
    fake_livekit, lasuite_client, make_member, moto_endpoint, bucket
):
    alice, bob = await make_member(), await make_member()
    slug = await hosting(lasuite_client, alice)

    started = await lasuite_client.post(f"{ROOMS}/{slug}/recordings", json={})

    assert started.status_code == 201, started.text
    assert started.json()["state"] == "initiated"
    [output] = fake_livekit.egress.outputs()
    assert (output.s3.bucket, output.s3.endpoint, output.s3.force_path_style) == (
        bucket,
        moto_endpoint,
        True,
    )
    assert output.filepath.startswith(f"{alice.organization_id}/visio/")
    assert fake_livekit.calls[-1].grants.room_record
    egress_id = next(iter(fake_livekit.egress.egresses))

    await send(
        lasuite_client, fake_livekit, fake_livekit.egress.egress_event("egress_started", egress_id)
    )
    assert (await recordings_of(lasuite_client, slug))[0]["state"] == "active"
    recording_id = started.json()["id"]
    early = await lasuite_client.get(f"{ROOMS}/{slug}/recordings/{recording_id}/file")
    stopped = await lasuite_client.post(f"{ROOMS}/{slug}/recordings/{recording_id}/stop")
    await send(
        lasuite_client, fake_livekit, fake_livekit.egress.egress_event("egress_ended", egress_id)
    )
    saved = await until_state(lasuite_client, slug, "state", "saved")
    video = await lasuite_client.get(f"{ROOMS}/{slug}/recordings/{recording_id}/file")

    assert (early.status_code, early.json()["error"]) == (409, "visio.recording_not_ready")
    assert stopped.json()["state"] == "stopped"
    assert (saved["transcript_state"], saved["stopped_at"] is not None) == ("none", True)
    assert video.status_code == 200
    assert (video.content, video.headers["content-type"]) == (MP4, "video/mp4")
    [told] = await notified(lasuite_client, "visio.recording_ready")
    assert told["link"] == f"/visio/{slug}?recordings=1"
    bobs = await browser_of(lasuite_client, bob)
    refused = await bobs.get(f"{ROOMS}/{slug}/recordings/{recording_id}/file")
    assert refused.status_code == 403


async def test_a_meeting_is_recorded_once_at_a_time(fake_livekit, lasuite_client, make_member):
    slug = await hosting(lasuite_client, await make_member())

    first = await lasuite_client.post(f"{ROOMS}/{slug}/recordings", json={})
    second = await lasuite_client.post(f"{ROOMS}/{slug}/recordings", json={})

    assert first.status_code == 201
    assert (second.status_code, second.json()["error"]) == (409, "visio.recording_running")


async def test_starting_and_stopping_a_recording_are_in_the_audit_log(
    fake_livekit, lasuite_client, make_member
):
    owner = await make_member(role="owner")
    slug = await hosting(lasuite_client, owner)

    started = await lasuite_client.post(f"{ROOMS}/{slug}/recordings", json={})
    recording_id = started.json()["id"]
    await lasuite_client.post(f"{ROOMS}/{slug}/recordings/{recording_id}/stop")
    await lasuite_client.post(f"{ROOMS}/{slug}/recordings/{recording_id}/stop")  # no change
    log = await lasuite_client.get("/api/v1/orgs/current/audit", params={"action": "visio.*"})

    assert [(e["action"], e["actor_id"], e["data"]) for e in log.json()] == [
        ("visio.recording.stopped", str(owner.user_id), {"name": "Comité"}),
        (
            "visio.recording.started",
            str(owner.user_id),
            {"name": "Comité", "transcribed": False},
        ),
    ]


async def test_only_a_host_records(fake_livekit, lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    slug = await hosting(lasuite_client, alice)
    await bob.sign_in(lasuite_client)

    answer = await lasuite_client.post(f"{ROOMS}/{slug}/recordings", json={})

    assert answer.status_code == 403
    assert fake_livekit.egress.egresses == {}


async def test_what_livekit_failed_to_record_is_failed_and_its_owner_told(
    fake_livekit, lasuite_client, make_member
):
    slug = await hosting(lasuite_client, await make_member())
    await lasuite_client.post(f"{ROOMS}/{slug}/recordings", json={})
    egress_id = next(iter(fake_livekit.egress.egresses))

    await send(
        lasuite_client,
        fake_livekit,
        fake_livekit.egress.egress_event("egress_ended", egress_id, failed=True),
    )

    [recording] = await recordings_of(lasuite_client, slug)
    assert (recording["state"], recording["error"]) == ("failed", "the fake failed to record")
    [told] = await notified(lasuite_client, "visio.recording_failed")
    assert told["link"] == f"/visio/{slug}?recordings=1"


async def test_a_transcript_names_each_speaker_and_becomes_a_page(
    fake_livekit, speech, lasuite_client, make_member
):
    alice, bob, carol = await make_member(), await make_member(), await make_member()
    slug = await hosting(lasuite_client, alice)
    ids = {p: str(p.user_id) for p in (alice, bob, carol)}
    fake_livekit.connect(slug, ids[alice], name="Alice", sources=(MIC, models.TrackSource.CAMERA))
    fake_livekit.connect(slug, ids[bob], name="Bob", sources=(MIC,))
    speech.said = {
        f"{ids[alice]}.ogg": [(0.5, "Bonjour à tous."), (4.0, "Commençons.")],
        f"{ids[bob]}.ogg": [(2.0, "Bonjour Alice.")],
        f"{ids[carol]}.ogg": [(6.0, "Pardon du retard.")],
    }

    started = await lasuite_client.post(
        f"{ROOMS}/{slug}/recordings",
        json={"transcribe": True, "transcript_title": "Transcription — Comité"},
    )
    # Carol's microphone comes on while the meeting is recorded.
    carol_info = fake_livekit.connect(slug, ids[carol], name="Carol", sources=(MIC,))
    event = webhook.WebhookEvent(
        event="track_published",
        id="EV_carol_mic",
        room=models.Room(name=slug),
        participant=carol_info,
        track=carol_info.tracks[0],
    )
    await send(lasuite_client, fake_livekit, event)
    recording_id = started.json()["id"]
    await lasuite_client.post(f"{ROOMS}/{slug}/recordings/{recording_id}/stop")
    for egress_id in list(fake_livekit.egress.egresses):
        await send(
            lasuite_client,
            fake_livekit,
            fake_livekit.egress.egress_event("egress_ended", egress_id),
        )
    done = await until_state(lasuite_client, slug, "transcript_state", "done")
    transcript = await lasuite_client.get(f"{ROOMS}/{slug}/recordings/{recording_id}/transcript")
    page = await lasuite_client.get(f"/api/v1/docs/documents/{done['transcript_page_id']}")

    assert started.status_code == 201, started.text
    tracks = [o for o in fake_livekit.egress.outputs() if not hasattr(o, "file_type")]
    assert len(tracks) == 3  # three microphones, not Alice's camera
    assert sorted(model for _, model, _ in speech.heard) == ["whisper-large-v3"] * 3
    assert [(line["speaker"], line["text"]) for line in transcript.json()] == [
        ("Alice", "Bonjour à tous."),
        ("Bob", "Bonjour Alice."),
        ("Alice", "Commençons."),
        ("Carol", "Pardon du retard."),
    ]
    assert transcript.json()[0]["start"] == pytest.approx(0.5, abs=1.0)
    assert (page.status_code, page.json()["title"]) == (200, "Transcription — Comité")
    [told] = await notified(lasuite_client, "visio.transcript_ready")
    assert told["link"] == f"/docs/{done['transcript_page_id']}"


async def test_no_transcript_without_a_speech_to_text_service(
    fake_livekit, lasuite_client, make_member
):
    slug = await hosting(lasuite_client, await make_member())

    answer = await lasuite_client.post(f"{ROOMS}/{slug}/recordings", json={"transcribe": True})

    assert (answer.status_code, answer.json()["error"]) == (409, "visio.transcription_unavailable")


class TestWithoutWhatRecordingNeeds:
    @pytest.fixture
    def lasuite_settings(self, tmp_path: Path, lasuite_database_url: str) -> Settings:
        """The embedded default: files on the local disk."""
        return Settings(var_dir=tmp_path / "var", database_url=lasuite_database_url)

    async def test_no_recording_without_a_bucket(self, fake_livekit, lasuite_client, make_member):
        slug = await hosting(lasuite_client, await make_member())

        answer = await lasuite_client.post(f"{ROOMS}/{slug}/recordings", json={})

        assert (answer.status_code, answer.json()["error"]) == (409, "visio.recording_needs_bucket")
        assert fake_livekit.egress.egresses == {}

    async def test_no_recording_without_a_video_server(self, lasuite_client, make_member):
        slug = await hosting(lasuite_client, await make_member())

        answer = await lasuite_client.post(f"{ROOMS}/{slug}/recordings", json={})

        assert (answer.status_code, answer.json()["error"]) == (
            409,
            "visio.recording_needs_video_server",
        )
