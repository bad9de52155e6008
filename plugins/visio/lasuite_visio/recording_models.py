"""Visio's recordings: a meeting recorded by LiveKit's egress into the installation's
bucket, and, when it is transcribed, each speaker's microphone recorded on its own."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal, get_args

import msgspec
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.plugins import Model

RecordingState = Literal["initiated", "active", "stopped", "saved", "failed"]
"""Asked of LiveKit → LiveKit records → the recording ended → its file is the plugin's →
or it failed on the way."""

TranscriptState = Literal["none", "waiting", "done", "failed"]
"""``none``: not asked for; ``waiting`` for the recording, then for the speech-to-text
service."""

TrackState = Literal["active", "ended", "failed"]

RECORDING_STATES: tuple[str, ...] = get_args(RecordingState)
TRANSCRIPT_STATES: tuple[str, ...] = get_args(TranscriptState)
TRACK_STATES: tuple[str, ...] = get_args(TrackState)


class TranscriptLine(msgspec.Struct):
    """One thing said: by whom, when (seconds from the recording's start), what."""

    speaker: str
    start: float
    text: str


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)


class Recording(Model):
    """One recording of a room's meeting, started and stopped by one of its hosts."""

    __tablename__ = "visio_recording"
    __table_args__ = (
        UniqueConstraint("egress_id"),
        Index("ix_visio_recording_room_started", "room_id", "started_at"),
        _one_of("state", RECORDING_STATES),
        _one_of("transcript_state", TRANSCRIPT_STATES),
    )

    room_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visio_room.id", ondelete="CASCADE"))
    meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("visio_meeting.id", ondelete="SET NULL"), default=None
    )
    started_by: Mapped[uuid.UUID] = mapped_column(Uuid)
    """The user (a host) who started it: its owner, told when it is ready."""
    state: Mapped[str] = mapped_column(String(16), default="initiated")
    egress_id: Mapped[str] = mapped_column(String(64))
    file_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    """The stored file the recording becomes (reserved in the bucket when it starts)."""
    written_key: Mapped[str | None] = mapped_column(String(120), default=None)
    """Where LiveKit wrote it, as its end reports."""
    error: Mapped[str] = mapped_column(String(200), default="")
    started_at: Mapped[datetime] = mapped_column()
    stopped_at: Mapped[datetime | None] = mapped_column(default=None)
    transcribe: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    transcript_state: Mapped[str] = mapped_column(String(16), default="none")
    transcript_title: Mapped[str] = mapped_column(String(200), default="")
    """The title of the transcript's docs page, in the language of whoever started it."""
    transcript: Mapped[list[dict[str, object]] | None] = mapped_column(JSON, default=None)
    """``[{"speaker", "start" (seconds from the recording's start), "text"}]`` in order."""
    transcript_page_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, default=None)


class RecordedTrack(Model):
    """One speaker's microphone, recorded on its own for the transcript to name them."""

    __tablename__ = "visio_recorded_track"
    __table_args__ = (
        UniqueConstraint("egress_id"),
        Index("ix_visio_recorded_track_recording", "recording_id"),
        _one_of("state", TRACK_STATES),
    )

    recording_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("visio_recording.id", ondelete="CASCADE")
    )
    egress_id: Mapped[str] = mapped_column(String(64))
    identity: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    track_sid: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="active")
    file_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    written_key: Mapped[str | None] = mapped_column(String(120), default=None)
    started_at: Mapped[datetime] = mapped_column()
