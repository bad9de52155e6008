"""The job ``visio.process_recording``: take in the files LiveKit wrote (the recording,
and each speaker's microphone), tell the recording's owner, then transcribe it — each
line with its speaker's name — and, where docs is on, publish the transcript as a page.

Each step is kept as it is done, so a retry (the speech-to-text service was down)
starts where the last attempt stopped."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import JobRun
from lasuite_visio.models import Attendance, Room
from lasuite_visio.partners import Partners
from lasuite_visio.problems import PartnerUnavailable
from lasuite_visio.recording_models import RecordedTrack, Recording, TranscriptLine
from lasuite_visio.recordings import FAILED, tracks_of
from lasuite_visio.speech import SpeechToText, SpeechUnavailable

RETRIES = 3
READY = "visio.recording_ready"
TRANSCRIBED = "visio.transcript_ready"


def process_recording_job(partners: Partners) -> Callable[..., Awaitable[None]]:
    """The job, with the services of the plugins visio works with."""

    async def process_recording(job: JobRun, *, recording_id: str) -> None:
        await _save(job, uuid.UUID(recording_id))
        await _transcribe(job, uuid.UUID(recording_id), partners)

    return process_recording


async def _recording(
    db: AsyncSession, job: JobRun, recording_id: uuid.UUID
) -> tuple[Recording, Room] | None:
    """The recording, if it is of a room of the job's organization."""
    found = (
        await db.execute(
            select(Recording, Room)
            .join(Room, Room.id == Recording.room_id)
            .where(Recording.id == recording_id, Room.organization_id == job.organization_id)
        )
    ).one_or_none()
    return None if found is None else (found[0], found[1])


async def _save(job: JobRun, recording_id: uuid.UUID) -> None:
    async with job.transaction() as db:
        found = await _recording(db, job, recording_id)
        if found is None or found[0].state != "stopped" or not found[0].written_key:
            return
        recording, room = found
        written = found[0].written_key
        day = recording.started_at.strftime("%Y-%m-%d %H.%M")
        try:
            await job.adopt_file(
                db,
                recording.file_id,
                key=written,
                filename=f"{room.name} {day}.mp4",
                owner_id=recording.started_by,
            )
            for track in await tracks_of(db, recording):
                if track.state == "ended" and track.written_key:
                    await job.adopt_file(
                        db,
                        track.file_id,
                        key=track.written_key,
                        filename=f"{track.name} {day}.ogg",
                        owner_id=recording.started_by,
                    )
        except LookupError:
            recording.state = "failed"
            recording.error = "the video server wrote no file"
            recording.transcript_state = "failed" if recording.transcribe else "none"
            await _tell(job, db, recording, room, FAILED, "The meeting's recording failed")
            return
        recording.state = "saved"
        await _tell(job, db, recording, room, READY, "The meeting's recording is ready")


async def _transcribe(job: JobRun, recording_id: uuid.UUID, partners: Partners) -> None:
    async with job.transaction() as db:
        found = await _recording(db, job, recording_id)
        if found is None or found[0].state != "saved" or found[0].transcript_state != "waiting":
            return
        recording, room = found
        tracks = [t for t in await tracks_of(db, recording) if t.state == "ended"]
    speech = SpeechToText.from_env()
    try:
        if speech is None:
            raise SpeechUnavailable("no speech-to-text service is configured")
        lines = await _lines(job, speech, recording, tracks)
    except SpeechUnavailable:
        if job.attempt <= RETRIES and speech is not None:
            raise  # the job runs again later
        async with job.transaction() as db:
            mine = await db.get(Recording, recording_id)
            if mine is not None:
                mine.transcript_state = "failed"
        return
    async with job.transaction() as db:
        mine = await db.get(Recording, recording_id)
        if mine is None:
            return
        mine.transcript = [msgspec.to_builtins(line) for line in lines]
        mine.transcript_state = "done"
        mine.transcript_page_id = await _page(db, job, partners, mine, room, lines)
        link = f"/docs/{mine.transcript_page_id}" if mine.transcript_page_id else None
        await _tell(job, db, mine, room, TRANSCRIBED, "The meeting's transcript is ready", link)


async def _lines(
    job: JobRun, speech: SpeechToText, recording: Recording, tracks: Sequence[RecordedTrack]
) -> list[TranscriptLine]:
    """Every speaker's segments, timed from the recording's start, in order."""
    lines: list[TranscriptLine] = []
    for track in tracks:
        audio = await job.read_file(track.file_id)
        offset = (track.started_at - recording.started_at).total_seconds()
        for segment in await speech.segments(audio, filename=f"{track.identity}.ogg"):
            start = round(max(0.0, offset + segment.start), 2)
            lines.append(TranscriptLine(track.name, start, segment.text.strip()))
    lines.sort(key=lambda line: (line.start, line.speaker))
    return lines


async def _page(
    db: AsyncSession,
    job: JobRun,
    partners: Partners,
    recording: Recording,
    room: Room,
    lines: list[TranscriptLine],
) -> uuid.UUID | None:
    """The transcript as a docs page of its owner, editable by the members who attended;
    None where docs is off."""
    try:
        pages = await partners.docs(db, job.organization_id)
    except PartnerUnavailable:
        return None
    attended = set(
        await db.scalars(
            select(Attendance.user_id).where(
                Attendance.meeting_id == recording.meeting_id, Attendance.user_id.is_not(None)
            )
        )
    )
    return await pages.create_page(
        db,
        None,
        organization_id=job.organization_id,
        owner_id=recording.started_by,
        title=recording.transcript_title or room.name,
        paragraphs=[f"[{_clock(line.start)}] {line.speaker} : {line.text}" for line in lines],
        editors=[u for u in attended if u is not None],
    )


async def _tell(
    job: JobRun,
    db: AsyncSession,
    recording: Recording,
    room: Room,
    kind: str,
    title: str,
    link: str | None = None,
) -> None:
    await job.notifier.notify(
        db,
        [recording.started_by],
        kind=kind,
        title=f"{title}: {room.name}",
        link=link or f"/visio/{room.slug}?recordings=1",
        organization_id=job.organization_id,
        data={"room": room.name, "slug": room.slug, "recording_id": str(recording.id)},
    )


def _clock(seconds: float) -> str:
    minutes, second = divmod(int(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute:02d}:{second:02d}"
