"""LiveKit's webhooks: each verified (a JWT signed with the API secret, carrying the
body's sha256), applied once (a replayed event id is refused), and turned into the
meeting history (see :mod:`lasuite_visio.history`)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from livekit.protocol.webhook import WebhookEvent
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import JobQueue, Notifier, PluginFiles, plugin_enabled
from lasuite_visio import history, participants, recordings, services
from lasuite_visio.config import LiveKit
from lasuite_visio.livekit_rooms import LiveKitRooms
from lasuite_visio.media import meeting_of
from lasuite_visio.models import Meeting, ReceivedWebhook, Room
from lasuite_visio.problems import WebhookNotSigned, WebhookReplayed
from lasuite_visio.recording_models import Recording

logger = logging.getLogger("lasuite.visio")

SEEN_FOR = timedelta(hours=1)
"""How long an applied event's id is kept; an older event is refused outright. LiveKit
signs each delivery for a few minutes, so a replay after this is refused either way."""

HANDLED = frozenset({"room_started", "room_finished", "participant_joined", "participant_left"})
EGRESS = frozenset({"egress_started", "egress_updated", "egress_ended"})


def verified_event(livekit: LiveKit, body: bytes, authorization: str | None) -> WebhookEvent:
    """The event LiveKit sent, if the token is LiveKit's and signs this very body."""
    from livekit.api import TokenVerifier, WebhookReceiver  # only where LiveKit is configured

    token = (authorization or "").removeprefix("Bearer ").strip()
    receiver = WebhookReceiver(TokenVerifier(livekit.api_key, livekit.api_secret))
    try:
        event = receiver.receive(body.decode(), token)
    except Exception as exc:  # livekit-api raises bare exceptions for a bad token or hash
        raise WebhookNotSigned() from exc
    if not event.id or not event.event:
        raise WebhookNotSigned()
    sent = _when(event.created_at)
    if sent is not None and sent < participants.now() - SEEN_FOR:
        raise WebhookReplayed()
    return event


async def apply(
    db: AsyncSession,
    event: WebhookEvent,
    *,
    livekit: LiveKitRooms | None,
    jobs: JobQueue,
    notifier: Notifier,
    files: PluginFiles,
) -> tuple[Room, Recording] | None:
    """Record the event once and write what it says into the room's history or its
    recordings (the recording it changed, to tell the meeting); events of rooms this
    instance does not hold are acknowledged and ignored."""
    await _first_time(db, event)
    if event.event not in HANDLED | EGRESS | {"track_published"}:
        return None
    name = event.egress_info.room_name if event.event in EGRESS else event.room.name
    slug, group = meeting_of(name)
    room = await services.room_by_slug(db, slug)
    if room is None or not await plugin_enabled(
        db, plugin_id="visio", organization_id=room.organization_id
    ):
        logger.info("visio: a LiveKit %s event for an unknown room", event.event)
        return None
    if group is not None:
        await _record_breakout(db, room, event)
        return None
    if event.event in EGRESS:
        changed = await recordings.egress_changed(
            db, jobs, notifier, room.organization_id, event.egress_info
        )
        return None if changed is None else (room, changed)
    if event.event == "track_published":
        if livekit is not None:
            await recordings.track_published(
                db, livekit, files, room, event.participant, event.track
            )
        return None
    await _record(db, room, event)
    return None


async def _first_time(db: AsyncSession, event: WebhookEvent) -> None:
    await db.execute(
        delete(ReceivedWebhook)
        .where(ReceivedWebhook.created_at < participants.now() - SEEN_FOR)
        .execution_options(synchronize_session=False)
    )
    try:
        async with db.begin_nested():
            db.add(ReceivedWebhook(event_id=event.id[:64], kind=event.event[:32]))
    except IntegrityError as exc:
        raise WebhookReplayed() from exc


async def _record(db: AsyncSession, room: Room, event: WebhookEvent) -> None:
    at = _when(event.created_at) or participants.now()
    if event.event == "room_started":
        started = _when(event.room.creation_time, event.room.creation_time_ms) or at
        await history.livekit_meeting(db, room, sid=event.room.sid, at=started)
        return
    meeting = await history.livekit_meeting(db, room, sid=event.room.sid, at=at)
    if event.event == "room_finished":
        await history.end(db, meeting, at=at)
    else:
        await _stay(db, meeting, event, at=at)


async def _record_breakout(db: AsyncSession, room: Room, event: WebhookEvent) -> None:
    """A breakout room's LiveKit room: its people's stays count in the meeting going on
    (the main room's); its own start and end, and anything else, say nothing more."""
    if event.event not in {"participant_joined", "participant_left"}:
        return
    meeting = await history.open_livekit_meeting(db, room)
    if meeting is None:
        logger.info("visio: a breakout room's %s after its meeting ended", event.event)
        return
    await _stay(db, meeting, event, at=_when(event.created_at) or participants.now())


async def _stay(db: AsyncSession, meeting: Meeting, event: WebhookEvent, *, at: datetime) -> None:
    """A participant's LiveKit session began (``participant_joined``) or ended."""
    info = event.participant
    if event.event == "participant_joined":
        joined = _when(info.joined_at, info.joined_at_ms) or at
        await history.arrived(
            db, meeting, identity=info.identity, name=info.name, at=joined, session_sid=info.sid
        )
    else:
        await history.departed(db, meeting, at=at, session_sid=info.sid)


def _when(seconds: int, milliseconds: int = 0) -> datetime | None:
    """A LiveKit time (seconds, or milliseconds when given), None when unset."""
    if milliseconds:
        return datetime.fromtimestamp(milliseconds / 1000, UTC)
    return datetime.fromtimestamp(seconds, UTC) if seconds else None
