"""Visio's recordings over HTTP, for a room's hosts: start and stop recording the meeting
(with a transcript or not), list the room's recordings, download one, read its
transcript. Everyone in the meeting is told when recording starts and stops."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from litestar.response import Stream
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Audit, CurrentActor, DbSession, Files
from lasuite_visio import recordings
from lasuite_visio.meetings import Meetings
from lasuite_visio.models import Room
from lasuite_visio.problems import RecordingNotFound, RecordingNotReady
from lasuite_visio.recording_models import Recording, TranscriptLine
from lasuite_visio.recordings import RecordingOut
from lasuite_visio.routes import READ, hosted

Title = Annotated[str, msgspec.Meta(max_length=200)]


class RecordIn(msgspec.Struct, forbid_unknown_fields=True):
    transcribe: bool = False
    transcript_title: Title = ""
    """The title of the transcript's page, in the caller's language (else the room's name)."""


async def announce_recording(meetings: Meetings, room: Room, recording: Recording) -> None:
    """Everyone in the meeting sees that it is recorded, and when it no longer is."""
    await meetings.publish(room.id, {"type": "recording", "recording": recordings.shown(recording)})


async def _recording(db: AsyncSession, room: Room, recording_id: uuid.UUID) -> Recording:
    found = await db.scalar(
        select(Recording).where(Recording.id == recording_id, Recording.room_id == room.id)
    )
    if found is None:
        raise RecordingNotFound()
    return found


@post("/rooms/{slug:str}/recordings", permission=READ, status_code=201)
async def start_recording(
    slug: FromPath[str],
    data: JSONBody[RecordIn],
    db: DbSession,
    actor: CurrentActor,
    files: Files,
    audit: Audit,
    meetings: NamedDependency[Meetings],
) -> RecordingOut:
    """Record the meeting into the installation's bucket, and each microphone on its own
    when it is to be transcribed (hosts; 409 without a video server, a bucket, or a
    speech-to-text service for a transcript, or while a recording goes on). The audit log
    keeps who recorded which meeting."""
    found = await hosted(db, actor, slug)
    recording = await recordings.start(
        db,
        meetings.livekit,
        files,
        found.room,
        actor,
        transcribe=data.transcribe,
        transcript_title=data.transcript_title,
    )
    audit.record(
        db,
        "visio.recording.started",
        target=str(found.room.id),
        data={"name": found.room.name, "transcribed": data.transcribe},
    )
    await announce_recording(meetings, found.room, recording)
    return RecordingOut.of(recording)


@post("/rooms/{slug:str}/recordings/{recording_id:uuid}/stop", permission=READ, status_code=200)
async def stop_recording(
    slug: FromPath[str],
    recording_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    audit: Audit,
    meetings: NamedDependency[Meetings],
) -> RecordingOut:
    """Stop recording (hosts); the file is kept once LiveKit has written it."""
    found = await hosted(db, actor, slug)
    recording = await _recording(db, found.room, recording_id)
    running = recording.state in recordings.RUNNING
    await recordings.stop(db, meetings.livekit, recording)
    if running:  # stopping it again is not another entry
        audit.record(
            db,
            "visio.recording.stopped",
            target=str(found.room.id),
            data={"name": found.room.name},
        )
    await announce_recording(meetings, found.room, recording)
    return RecordingOut.of(recording)


@get("/rooms/{slug:str}/recordings", permission=READ)
async def list_recordings(
    slug: FromPath[str], db: DbSession, actor: CurrentActor
) -> list[RecordingOut]:
    """The room's recordings, latest first (hosts)."""
    found = await hosted(db, actor, slug)
    listed = await db.scalars(
        select(Recording)
        .where(Recording.room_id == found.room.id)
        .order_by(Recording.started_at.desc())
        .limit(100)
    )
    return [RecordingOut.of(r) for r in listed]


@get("/rooms/{slug:str}/recordings/{recording_id:uuid}/file", permission=READ)
async def download_recording(
    slug: FromPath[str],
    recording_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    files: Files,
) -> Stream:
    """The recording's video (hosts), once saved."""
    found = await hosted(db, actor, slug)
    recording = await _recording(db, found.room, recording_id)
    if recording.state != "saved":
        raise RecordingNotReady()
    return await files.open(recording.file_id, actor)


@get("/rooms/{slug:str}/recordings/{recording_id:uuid}/transcript", permission=READ)
async def read_transcript(
    slug: FromPath[str], recording_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> list[TranscriptLine]:
    """What was said, each line with its speaker and time (hosts), once transcribed."""
    found = await hosted(db, actor, slug)
    recording = await _recording(db, found.room, recording_id)
    if recording.transcript_state != "done":
        raise RecordingNotReady()
    return msgspec.convert(recording.transcript or [], list[TranscriptLine])


RECORDING_ROUTES = (
    start_recording,
    stop_recording,
    list_recordings,
    download_recording,
    read_transcript,
)
