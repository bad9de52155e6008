"""Joining a meeting and running it over HTTP: join (or wait in the lobby), admit and deny
who waits, see who is in, remove someone, mute someone or everyone, lower every hand."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Annotated, Any, Literal

import msgspec
from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import (
    Actor,
    Caller,
    CurrentActor,
    DbSession,
    organization_settings,
    plugin_enabled,
)
from lasuite_visio import breakouts, joining, participants, services
from lasuite_visio.media import livekit_room, livekit_token
from lasuite_visio.meetings import Meetings
from lasuite_visio.models import Room
from lasuite_visio.participants import Person, person
from lasuite_visio.problems import RoomNotFound
from lasuite_visio.routes import hosted
from lasuite_visio.settings import VisioSettings

READ = "visio.room.read"
GuestName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Ticket = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
Source = Literal["camera", "microphone", "screen_share", "screen_share_audio"]


class JoinIn(msgspec.Struct, forbid_unknown_fields=True):
    name: GuestName | None = None
    """The name others see, for someone not signed in."""
    ticket: Ticket | None = None
    """The ticket of an earlier join of this room, to resume it (a wait, an admission)."""


class MeetingRoom(msgspec.Struct):
    slug: str
    name: str
    access_level: str
    kind: str


class LiveKitAccess(msgspec.Struct):
    url: str
    token: str


class JoinOut(msgspec.Struct):
    status: Literal["admitted", "waiting"]
    ticket: str
    """Opens the meeting's socket (``…/socket?ticket=``) and resumes this join; keep it."""
    you: Person
    room: MeetingRoom
    mode: Literal["livekit", "mesh"]
    livekit: LiveKitAccess | None = None
    """Where to connect and the token, once admitted to a meeting on LiveKit."""
    ice_servers: list[Mapping[str, Any]] = []
    """STUN/TURN servers for a meeting without a video server."""


async def _joinable(db: AsyncSession, slug: str, caller: Actor | None) -> Room:
    room = await services.room_by_slug(db, slug)
    if room is None or not await _enabled_for(db, room, caller):
        raise RoomNotFound()
    if room.kind == "one_off" and room.ended_at is not None:
        raise RoomNotFound()
    return room


async def _enabled_for(db: AsyncSession, room: Room, caller: Actor | None) -> bool:
    """Whether visio is on in the room's organization: a member of it was just loaded
    with its enabled plugins, anyone else has it read."""
    if caller is not None and caller.organization_id == room.organization_id:
        return "visio" in caller.enabled_plugins
    return await plugin_enabled(db, plugin_id="visio", organization_id=room.organization_id)


async def _guests_allowed(db: AsyncSession, room: Room, caller: Actor | None) -> bool:
    """Whether the room's organization lets people in without an account; read only for
    them (a signed-in caller is never a guest)."""
    if caller is not None:
        return False
    settings = await organization_settings(
        db, VisioSettings, plugin_id="visio", organization_id=room.organization_id
    )
    return settings.allow_guests


@post("/rooms/{slug:str}/join", public=True, status_code=200)
async def join_room(
    slug: FromPath[str],
    data: JSONBody[JoinIn],
    caller: Caller,
    meetings: NamedDependency[Meetings],
) -> JoinOut:
    """Enter the meeting, or wait in its lobby until a host lets you in (then call again
    with the ticket). Public rooms take anyone; trusted rooms take the organization's
    signed-in members and put others in the lobby; restricted rooms take only holders of
    a room role. People not signed in give a name, if the organization allows guests."""
    async with meetings.database.transaction() as db:
        room = await _joinable(db, slug, caller)
        entry = await joining.join(
            db,
            room,
            joining.Caller(caller, data.name, await _guests_allowed(db, room, caller)),
            ticket=data.ticket,
            config=meetings.config,
        )
    participant = entry.participant
    if participant.state == "waiting" and entry.new:
        await _lobby_changed(meetings, room)
    config = meetings.config
    admitted = participant.state == "admitted"
    if admitted and meetings.livekit is not None:
        await meetings.livekit.open(room, participant.breakout_group)
    return JoinOut(
        status="admitted" if admitted else "waiting",
        ticket=entry.ticket,
        you=person(participant),
        room=MeetingRoom(room.slug, room.name, room.access_level, room.kind),
        mode="livekit" if config.livekit else "mesh",
        livekit=(
            LiveKitAccess(
                config.livekit.browser_url, livekit_token(config.livekit, room, participant)
            )
            if admitted and config.livekit
            else None
        ),
        ice_servers=list(config.ice_servers),
    )


async def _lobby_changed(meetings: Meetings, room: Room) -> None:
    """Tell the room's hosts, wherever their socket is, who waits now."""
    async with meetings.database.reading() as db:
        lobby = [person(p) for p in await participants.waiting(db, room.id)]
    await meetings.publish(room.id, {"type": "lobby", "waiting": lobby}, hosts=True)


@get("/rooms/{slug:str}/lobby", permission=READ)
async def list_lobby(slug: FromPath[str], db: DbSession, actor: CurrentActor) -> list[Person]:
    """Who waits to be let in, first come first (hosts)."""
    found = await hosted(db, actor, slug)
    return [person(p) for p in await participants.waiting(db, found.room.id)]


@post("/rooms/{slug:str}/lobby/{participant_id:uuid}/admit", permission=READ, status_code=200)
async def admit(
    slug: FromPath[str],
    participant_id: FromPath[uuid.UUID],
    actor: CurrentActor,
    meetings: NamedDependency[Meetings],
) -> Person:
    """Let someone in: their socket hears ``admitted`` and their next join enters (hosts)."""
    async with meetings.database.transaction() as db:
        found = await hosted(db, actor, slug)
        entry = await services.admit(db, found.room, participant_id)
    await meetings.publish(found.room.id, {"type": "admitted"}, to=entry.id, close=(1000, ""))
    await _lobby_changed(meetings, found.room)
    return person(entry)


@post("/rooms/{slug:str}/lobby/{participant_id:uuid}/deny", permission=READ, status_code=200)
async def deny(
    slug: FromPath[str],
    participant_id: FromPath[uuid.UUID],
    actor: CurrentActor,
    meetings: NamedDependency[Meetings],
) -> Person:
    """Turn someone away: their socket hears ``denied`` (hosts)."""
    async with meetings.database.transaction() as db:
        found = await hosted(db, actor, slug)
        entry = await services.deny(db, found.room, participant_id)
    await meetings.publish(
        found.room.id, {"type": "denied"}, to=entry.id, close=(4403, "Not let in.")
    )
    await _lobby_changed(meetings, found.room)
    return person(entry)


@get("/rooms/{slug:str}/participants", permission=READ)
async def list_participants(
    slug: FromPath[str], db: DbSession, actor: CurrentActor
) -> list[Person]:
    """Who is in the meeting now, in the order they came."""
    found = await hosted(db, actor, slug)
    return [person(p) for p in await participants.present(db, found.room.id)]


@post(
    "/rooms/{slug:str}/participants/{participant_id:uuid}/remove",
    permission=READ,
    status_code=200,
)
async def remove_participant(
    slug: FromPath[str],
    participant_id: FromPath[uuid.UUID],
    actor: CurrentActor,
    meetings: NamedDependency[Meetings],
) -> Person:
    """Put someone out of the meeting; their ticket opens nothing any more, and the video
    server disconnects them (hosts)."""
    async with meetings.database.transaction() as db:
        found = await hosted(db, actor, slug)
        entry = await services.remove(db, found.room, participant_id)
        if meetings.livekit is not None:
            # Inside the transaction: if LiveKit cannot do it, the removal is not kept
            # either, and the host can try again.
            await meetings.livekit.remove(
                livekit_room(found.room, entry.breakout_group), entry.identity
            )
    await meetings.publish(
        found.room.id,
        {"type": "removed"},
        to=entry.id,
        close=(4403, "A host removed you from the meeting."),
    )
    return person(entry)


class MuteIn(msgspec.Struct, forbid_unknown_fields=True):
    sources: Annotated[list[Source], msgspec.Meta(min_length=1, max_length=4)] = msgspec.field(
        default_factory=lambda: ["microphone"]
    )
    """What to mute: the microphone unless told otherwise."""


class Muted(msgspec.Struct):
    tracks: int
    """Tracks the video server muted (0 in a meeting without one: its clients mute)."""


@post(
    "/rooms/{slug:str}/participants/{participant_id:uuid}/mute",
    permission=READ,
    status_code=200,
)
async def mute_participant(
    slug: FromPath[str],
    participant_id: FromPath[uuid.UUID],
    data: JSONBody[MuteIn],
    actor: CurrentActor,
    meetings: NamedDependency[Meetings],
) -> Muted:
    """Mute what someone in the meeting publishes, their microphone by default; they may
    unmute themselves (hosts)."""
    async with meetings.database.reading() as db:
        found = await hosted(db, actor, slug)
        entry = await services.in_meeting(db, found.room, participant_id)
    tracks = 0
    if meetings.livekit is not None:
        tracks = await meetings.livekit.mute(
            livekit_room(found.room, entry.breakout_group), entry.identity, data.sources
        )
    await meetings.publish(
        found.room.id, {"type": "muted", "sources": data.sources}, to=entry.id, admitted_only=True
    )
    return Muted(tracks)


@post("/rooms/{slug:str}/mute", permission=READ, status_code=200)
async def mute_everyone(
    slug: FromPath[str],
    actor: CurrentActor,
    meetings: NamedDependency[Meetings],
) -> Muted:
    """Mute every microphone in the meeting, its breakout rooms included, but the caller's
    (hosts)."""
    async with meetings.database.reading() as db:
        found = await hosted(db, actor, slug)
        split = await breakouts.running(db, found.room.id)
    tracks = 0
    if meetings.livekit is not None:
        groups = range(len(split.groups)) if split is not None else range(0)
        names = [livekit_room(found.room), *(livekit_room(found.room, g) for g in groups)]
        tracks = await meetings.livekit.mute_everyone(
            names, sparing=str(actor.user_id), sources=["microphone"]
        )
    await meetings.publish(
        found.room.id, {"type": "muted_all", "sources": ["microphone"], "by": actor.user_id}
    )
    return Muted(tracks)


@post("/rooms/{slug:str}/hands/lower", permission=READ, status_code=204)
async def lower_all_hands(
    slug: FromPath[str],
    actor: CurrentActor,
    meetings: NamedDependency[Meetings],
) -> None:
    """Lower every raised hand (hosts)."""
    async with meetings.database.transaction() as db:
        found = await hosted(db, actor, slug)
        await services.lower_all_hands(db, found.room)
    await meetings.publish(found.room.id, {"type": "hands_lowered"})


MEETING_ROUTES = (
    join_room,
    list_lobby,
    admit,
    deny,
    list_participants,
    remove_participant,
    mute_participant,
    mute_everyone,
    lower_all_hands,
)
