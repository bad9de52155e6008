"""Meeting rows written directly, for tests that need a past meeting of a room or time
to have passed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from lasuite.db.engine import Database
from lasuite.settings import Settings
from lasuite_visio.models import Breakout, Meeting, Room


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
