"""Meeting and recording rows written directly, for tests that need a past meeting or
recording of a room (made without a video server) or time to have passed."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from lasuite.db.engine import Database
from lasuite.settings import Settings
from lasuite.storage.models import StoredFile
from lasuite.storage.store import file_key, open_store
from lasuite_visio.models import Breakout, Meeting, Room
from lasuite_visio.recording_models import Recording
from tests.core.stored_files import chunks_of


async def save_meeting(settings: Settings, slug: str) -> uuid.UUID:
    """A meeting of the room ``slug`` held an hour ago, saved outside any request."""
    database = Database(settings.database)
    started = datetime.now(UTC) - timedelta(hours=1)
    try:
        async with database.transaction() as db:
            room_id = await db.scalar(select(Room.id).where(Room.slug == slug))
            meeting = Meeting(
                room_id=room_id,
                mode="mesh",
                started_at=started,
                ended_at=started + timedelta(minutes=30),
            )
            db.add(meeting)
    finally:
        await database.dispose()
    return meeting.id


async def save_recording(settings: Settings, slug: str, video: bytes) -> uuid.UUID:
    """A saved recording of the room ``slug``, as LiveKit and the job would leave it: its
    row, and ``video`` as its file in the store."""
    database, store = Database(settings.database), open_store(settings)
    try:
        async with database.transaction() as db:
            room = await db.scalar(select(Room).where(Room.slug == slug))
            assert room is not None
            file_id = uuid.uuid4()
            key = file_key(room.organization_id, "visio", file_id)
            await store.write(key, chunks_of(video))
            db.add(
                StoredFile(
                    id=file_id,
                    organization_id=room.organization_id,
                    plugin_id="visio",
                    owner_id=room.created_by,
                    filename=f"{room.name}.mp4",
                    content_type="video/mp4",
                    size=len(video),
                    sha256=hashlib.sha256(video).hexdigest(),
                    storage_key=key,
                )
            )
            now = datetime.now(UTC)
            recording = Recording(
                room_id=room.id,
                started_by=room.created_by,
                state="saved",
                egress_id=f"EG_{file_id.hex[:12]}",
                file_id=file_id,
                written_key=key,
                started_at=now - timedelta(minutes=30),
                stopped_at=now,
            )
            db.add(recording)
    finally:
        await store.close()
        await database.dispose()
    return recording.id


async def let_breakouts_time_run_out(settings: Settings, slug: str) -> None:
    """The room ``slug``'s breakouts end a second ago, as if their time had passed."""
    database = Database(settings.database)
    try:
        async with database.transaction() as db:
            room_id = await db.scalar(select(Room.id).where(Room.slug == slug))
            await db.execute(
                update(Breakout)
                .where(Breakout.room_id == room_id)
                .values(ends_at=datetime.now(UTC) - timedelta(seconds=1))
            )
    finally:
        await database.dispose()
