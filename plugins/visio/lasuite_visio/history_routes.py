"""The meeting history over HTTP: LiveKit's webhooks in, the room's past meetings out."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, Parameter

from lasuite.plugins import CurrentActor, DbSession, Files, Jobs, Notifications
from lasuite_visio import history, meeting_chat, webhooks
from lasuite_visio.meetings import Meetings
from lasuite_visio.models import Meeting
from lasuite_visio.problems import MeetingNotFound, WebhookNotSigned
from lasuite_visio.recording_routes import announce_recording
from lasuite_visio.routes import hosted

READ = "visio.room.read"
MAX_WEBHOOK = 64 * 1024
"""Bytes of one webhook body: LiveKit's events are a few kilobytes."""


class AttendeeOut(msgspec.Struct):
    name: str
    user_id: uuid.UUID | None
    """None for a guest (or someone of another organization)."""
    joined_at: datetime
    left_at: datetime | None
    """None while they are still in the meeting."""
    seconds: int
    """Time spent in the meeting, all their stays together."""

    @classmethod
    def of(cls, attendee: history.Attendee) -> AttendeeOut:
        return cls(
            name=attendee.name,
            user_id=attendee.user_id,
            joined_at=attendee.joined_at,
            left_at=attendee.left_at,
            seconds=attendee.seconds,
        )


class MeetingOut(msgspec.Struct):
    id: uuid.UUID
    mode: str
    started_at: datetime
    ended_at: datetime | None
    """None while the meeting goes on."""
    seconds: int
    attendees: list[AttendeeOut]

    @classmethod
    def of(cls, past: history.PastMeeting) -> MeetingOut:
        meeting = past.meeting
        return cls(
            id=meeting.id,
            mode=meeting.mode,
            started_at=meeting.started_at,
            ended_at=meeting.ended_at,
            seconds=past.seconds,
            attendees=[AttendeeOut.of(a) for a in past.attendees],
        )


@post(
    "/livekit/webhook",
    public=True,
    exclude_from_csrf=True,
    status_code=204,
    request_max_body_size=MAX_WEBHOOK,
    errors=(401,),
)
async def livekit_webhook(
    request: Request[Any, Any, Any],
    meetings: NamedDependency[Meetings],
    jobs: Jobs,
    notifier: Notifications,
    files: Files,
) -> None:
    """LiveKit's events (``room_started``, ``participant_joined``, ``egress_ended``…),
    signed with the API secret; each event is taken once."""
    livekit = meetings.config.livekit
    if livekit is None:
        raise WebhookNotSigned()
    body = await request.body()
    event = webhooks.verified_event(livekit, body, request.headers.get("Authorization"))
    async with meetings.database.transaction() as db:
        changed = await webhooks.apply(
            db, event, livekit=meetings.livekit, jobs=jobs, notifier=notifier, files=files
        )
    if changed is not None:
        await announce_recording(meetings, *changed)


@get("/rooms/{slug:str}/meetings", permission=READ)
async def list_meetings(
    slug: FromPath[str],
    db: DbSession,
    actor: CurrentActor,
    limit: Annotated[int, Parameter(ge=1, le=100)] = 20,
) -> list[MeetingOut]:
    """The room's meetings, latest first, with who attended and how long (hosts)."""
    found = await hosted(db, actor, slug)
    return [MeetingOut.of(p) for p in await history.past_meetings(db, found.room, limit=limit)]


@get("/rooms/{slug:str}/meetings/{meeting_id:uuid}/messages", permission=READ)
async def list_meeting_messages(
    slug: FromPath[str],
    meeting_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
) -> list[meeting_chat.MessageOut]:
    """What was written in one of the room's meetings, oldest first (hosts)."""
    found = await hosted(db, actor, slug)
    meeting = await db.get(Meeting, meeting_id)
    if meeting is None or meeting.room_id != found.room.id:
        raise MeetingNotFound()
    return [meeting_chat.shown(m) for m in await meeting_chat.of_meeting(db, meeting_id)]


class LiveMeetingOut(msgspec.Struct):
    slug: str
    name: str
    started_at: datetime
    people: int
    """How many are in it now."""


@get("/meetings/live", permission=READ)
async def list_live_meetings(
    db: DbSession,
    actor: CurrentActor,
    limit: Annotated[int, Parameter(ge=1, le=50)] = 10,
) -> list[LiveMeetingOut]:
    """The meetings going on now in the rooms of the caller's organization, the latest
    started first, ``limit`` at most (the home page's "En ce moment")."""
    return [
        LiveMeetingOut(live.room.slug, live.room.name, live.meeting.started_at, live.people)
        for live in await history.live_meetings(db, actor.organization_id, limit=limit)
    ]


HISTORY_ROUTES = (livekit_webhook, list_meetings, list_meeting_messages, list_live_meetings)
