"""Recording a meeting through LiveKit's egress, into the installation's bucket.

A recording goes ``initiated`` (asked of LiveKit) → ``active`` (LiveKit records) →
``stopped`` (a host stopped it, or the meeting ended) → ``saved`` (the file is the
plugin's, its owner told) or ``failed`` on the way. Asked to be transcribed, each
speaker's microphone is also recorded on its own (a track egress per microphone, those
published later too), so that every line of the transcript has its speaker's name.
LiveKit's egress webhooks move the states; once the recording and its tracks have all
ended, the job ``visio.process_recording`` takes the files in and transcribes them.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

import msgspec
from livekit.protocol.egress import EgressInfo, EgressStatus
from livekit.protocol.models import ParticipantInfo, TrackInfo, TrackSource
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, JobQueue, Notifier, PluginFiles
from lasuite_visio import history, participants
from lasuite_visio.livekit_rooms import LiveKitRooms
from lasuite_visio.models import Room
from lasuite_visio.problems import (
    RecordingNeedsBucket,
    RecordingNeedsVideoServer,
    RecordingRunning,
    TranscriptionUnavailable,
)
from lasuite_visio.recording_models import RecordedTrack, Recording
from lasuite_visio.speech import SpeechToText

logger = logging.getLogger("lasuite.visio")

PROCESS = "visio.process_recording"
FAILED = "visio.recording_failed"
RUNNING = ("initiated", "active")
ENDED = frozenset({EgressStatus.EGRESS_COMPLETE, EgressStatus.EGRESS_LIMIT_REACHED})
"""An egress that wrote its file (the limit of a recording's length ends it, file kept)."""
BROKEN = frozenset({EgressStatus.EGRESS_FAILED, EgressStatus.EGRESS_ABORTED})


class RecordingOut(msgspec.Struct):
    id: uuid.UUID
    state: str
    started_by: uuid.UUID
    started_at: datetime
    stopped_at: datetime | None
    transcribe: bool
    transcript_state: str
    transcript_page_id: uuid.UUID | None
    error: str

    @classmethod
    def of(cls, recording: Recording) -> RecordingOut:
        return cls(
            id=recording.id,
            state=recording.state,
            started_by=recording.started_by,
            started_at=recording.started_at,
            stopped_at=recording.stopped_at,
            transcribe=recording.transcribe,
            transcript_state=recording.transcript_state,
            transcript_page_id=recording.transcript_page_id,
            error=recording.error,
        )


def shown(recording: Recording | None) -> dict[str, object] | None:
    """The recording as the meeting's sockets tell it."""
    return None if recording is None else msgspec.to_builtins(RecordingOut.of(recording))


async def running(db: AsyncSession, room_id: uuid.UUID) -> Recording | None:
    """The room's recording going on, if any."""
    return await db.scalar(
        select(Recording).where(Recording.room_id == room_id, Recording.state.in_(RUNNING))
    )


async def start(
    db: AsyncSession,
    livekit: LiveKitRooms | None,
    files: PluginFiles,
    room: Room,
    actor: Actor,
    *,
    transcribe: bool,
    transcript_title: str,
) -> Recording:
    """Ask LiveKit to record the room's meeting (and each microphone, to transcribe)."""
    if livekit is None:
        raise RecordingNeedsVideoServer()
    if transcribe and SpeechToText.from_env() is None:
        raise TranscriptionUnavailable()
    if await running(db, room.id) is not None:
        raise RecordingRunning()
    upload = files.bucket_upload(room.organization_id)
    if upload is None:
        raise RecordingNeedsBucket()
    await livekit.open(room)
    egress = await livekit.record(room, upload)
    meeting = await history.open_meeting(db, room.id)
    recording = Recording(
        room_id=room.id,
        meeting_id=meeting.id if meeting else None,
        started_by=actor.user_id,
        egress_id=egress.egress_id,
        file_id=upload.file_id,
        started_at=participants.now(),
        transcribe=transcribe,
        transcript_state="waiting" if transcribe else "none",
        transcript_title=transcript_title,
    )
    db.add(recording)
    await db.flush()
    if transcribe:
        for person in await livekit.connected(room.slug):
            for track in person.tracks:
                await record_track(db, livekit, files, room, recording, person, track)
    return recording


async def record_track(
    db: AsyncSession,
    livekit: LiveKitRooms,
    files: PluginFiles,
    room: Room,
    recording: Recording,
    person: ParticipantInfo,
    track: TrackInfo,
) -> None:
    """Record ``person``'s microphone on its own (other tracks are left alone)."""
    if track.source != TrackSource.MICROPHONE:
        return
    upload = files.bucket_upload(room.organization_id)
    if upload is None:
        return
    egress = await livekit.record_track(room, track.sid, upload)
    db.add(
        RecordedTrack(
            recording_id=recording.id,
            egress_id=egress.egress_id,
            identity=person.identity[:64],
            name=(person.name or person.identity)[:100],
            track_sid=track.sid[:64],
            file_id=upload.file_id,
            started_at=participants.now(),
        )
    )
    await db.flush()


async def track_published(
    db: AsyncSession,
    livekit: LiveKitRooms,
    files: PluginFiles,
    room: Room,
    person: ParticipantInfo,
    track: TrackInfo,
) -> None:
    """Someone's microphone came on while the meeting is recorded to be transcribed."""
    recording = await running(db, room.id)
    if recording is not None and recording.transcribe:
        await record_track(db, livekit, files, room, recording, person, track)


async def stop(db: AsyncSession, livekit: LiveKitRooms | None, recording: Recording) -> None:
    """Stop the recording and its tracks; LiveKit's webhooks say when the files are there."""
    if livekit is None:
        raise RecordingNeedsVideoServer()
    await livekit.stop_recording(recording.egress_id)
    for track in await tracks_of(db, recording):
        if track.state == "active":
            await livekit.stop_recording(track.egress_id)
    if recording.state in RUNNING:
        recording.state = "stopped"
        recording.stopped_at = participants.now()
    await db.flush()


async def tracks_of(db: AsyncSession, recording: Recording) -> list[RecordedTrack]:
    return list(
        await db.scalars(
            select(RecordedTrack)
            .where(RecordedTrack.recording_id == recording.id)
            .order_by(RecordedTrack.started_at, RecordedTrack.id)
        )
    )


async def egress_changed(
    db: AsyncSession,
    jobs: JobQueue,
    notifier: Notifier,
    organization_id: uuid.UUID,
    info: EgressInfo,
) -> Recording | None:
    """Apply what LiveKit says of one of our egresses; the recording it belongs to, if
    any. When the recording and its tracks have all ended, the job takes them in."""
    recording = await db.scalar(select(Recording).where(Recording.egress_id == info.egress_id))
    track = None
    if recording is None:
        track = await db.scalar(
            select(RecordedTrack).where(RecordedTrack.egress_id == info.egress_id)
        )
        recording = await db.get(Recording, track.recording_id) if track else None
    if recording is None:
        return None
    was_ready, was = await _ready(db, recording), recording.state
    if track is None:
        _recording_changed(recording, info)
    else:
        _track_changed(track, info)
    await db.flush()
    if not was_ready and await _ready(db, recording):
        await jobs.enqueue(
            db, PROCESS, organization_id=organization_id, recording_id=str(recording.id)
        )
    if recording.state == "failed" and was != "failed":
        room = await db.get(Room, recording.room_id)
        assert room is not None
        await notifier.notify(
            db,
            [recording.started_by],
            kind=FAILED,
            title=f"The meeting's recording failed: {room.name}",
            link=f"/visio/{room.slug}?recordings=1",
            organization_id=organization_id,
            data={"room": room.name, "slug": room.slug, "recording_id": str(recording.id)},
        )
    return recording


def _recording_changed(recording: Recording, info: EgressInfo) -> None:
    if info.status == EgressStatus.EGRESS_ACTIVE and recording.state == "initiated":
        recording.state = "active"
    elif info.status in ENDED and recording.state in (*RUNNING, "stopped"):
        recording.written_key = _written(info)
        recording.state = "stopped"
        recording.stopped_at = recording.stopped_at or participants.now()
    elif info.status in BROKEN and recording.state in (*RUNNING, "stopped"):
        recording.state = "failed"
        recording.error = (info.error or "the video server could not record")[:200]
        logger.warning("visio: LiveKit failed to record %s: %s", recording.id, info.error)


def _track_changed(track: RecordedTrack, info: EgressInfo) -> None:
    if info.status in ENDED:
        track.written_key = _written(info)
        track.state = "ended"
    elif info.status in BROKEN:
        track.state = "failed"


def _written(info: EgressInfo) -> str | None:
    """The key LiveKit wrote the file at (it may have added an extension)."""
    found = [f.filename for f in info.file_results if f.filename] or [info.file.filename]
    return found[0][:120] or None


async def _ready(db: AsyncSession, recording: Recording) -> bool:
    """The recording ended with its file, and none of its tracks is still recorded."""
    if recording.state != "stopped" or not recording.written_key:
        return False
    return all(track.state != "active" for track in await tracks_of(db, recording))
