"""Visio's rooms over HTTP: list, create, read and change them, and their roles."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import delete, get, patch, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, CurrentActor, DbSession, authorize
from lasuite_visio import services
from lasuite_visio.meetings import Meetings
from lasuite_visio.models import AccessLevel, PublishRule, Room, RoomGrant, RoomKind, RoomRole
from lasuite_visio.problems import OneHolder
from lasuite_visio.roles import MANAGE, Seat, seat_of

RoomName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
READ = "visio.room.read"


class RoomIn(msgspec.Struct, forbid_unknown_fields=True):
    name: RoomName
    access_level: AccessLevel = "trusted"
    kind: RoomKind = "permanent"
    camera: PublishRule = "everyone"
    microphone: PublishRule = "everyone"
    screen: PublishRule = "everyone"


class RoomChange(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    name: RoomName | None = None
    access_level: AccessLevel | None = None
    camera: PublishRule | None = None
    microphone: PublishRule | None = None
    screen: PublishRule | None = None


class RoomOut(msgspec.Struct):
    id: uuid.UUID
    slug: str
    name: str
    access_level: str
    kind: str
    camera: str
    microphone: str
    screen: str
    created_by: uuid.UUID
    created_at: datetime
    my_role: str | None = None
    """The caller's room role (owner, administrator, member), if any."""

    @classmethod
    def of(cls, room: Room, my_role: str | None = None) -> RoomOut:
        return cls(
            id=room.id,
            slug=room.slug,
            name=room.name,
            access_level=room.access_level,
            kind=room.kind,
            camera=room.camera,
            microphone=room.microphone,
            screen=room.screen,
            created_by=room.created_by,
            created_at=room.created_at,
            my_role=my_role,
        )


class GrantIn(msgspec.Struct, forbid_unknown_fields=True):
    role: RoomRole
    user_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None


class GrantOut(msgspec.Struct):
    id: uuid.UUID
    role: str
    user_id: uuid.UUID | None
    team_id: uuid.UUID | None

    @classmethod
    def of(cls, grant: RoomGrant) -> GrantOut:
        return cls(id=grant.id, role=grant.role, user_id=grant.user_id, team_id=grant.team_id)


async def seat(db: AsyncSession, actor: Actor, slug: str) -> Seat:
    """The room of the caller's organization with this slug, as the caller sees it."""
    room = await services.get_room(db, actor.organization_id, slug)
    if room is None:
        raise NotFoundException("No such room.")
    return await seat_of(db, room, actor)


async def hosted(db: AsyncSession, actor: Actor, slug: str) -> Seat:
    """The room, if the caller is one of its hosts (owners and administrators)."""
    found = await seat(db, actor, slug)
    authorize(actor, MANAGE, found)
    return found


@get("/rooms", permission=READ)
async def list_rooms(db: DbSession, actor: CurrentActor) -> list[RoomOut]:
    """Rooms of the caller's organization, newest first (ended one-off rooms left out)."""
    rooms = await services.list_rooms(db, actor.organization_id)
    return [RoomOut.of(room, (await seat_of(db, room, actor)).role) for room in rooms]


@post("/rooms", permission="visio.room.create")
async def create_room(data: JSONBody[RoomIn], db: DbSession, actor: CurrentActor) -> RoomOut:
    """Create a room with a generated link in the caller's organization; they own it."""
    room = await services.create_room(db, actor, **msgspec.structs.asdict(data))
    return RoomOut.of(room, "owner")


@get("/rooms/{slug:str}", permission=READ)
async def get_room(slug: FromPath[str], db: DbSession, actor: CurrentActor) -> RoomOut:
    """One room of the caller's organization, by its slug."""
    found = await seat(db, actor, slug)
    return RoomOut.of(found.room, found.role)


@patch("/rooms/{slug:str}", permission=READ)
async def change_room(
    slug: FromPath[str],
    data: JSONBody[RoomChange],
    db: DbSession,
    actor: CurrentActor,
    meetings: NamedDependency[Meetings],
) -> RoomOut:
    """Rename the room, or change who may enter it and who may publish what (hosts); a
    meeting open on the video server gets the new settings as its metadata."""
    found = await hosted(db, actor, slug)
    for name, value in msgspec.structs.asdict(data).items():
        if value is not None:
            setattr(found.room, name, value)
    await db.flush()
    if meetings.livekit is not None:
        await meetings.livekit.describe(found.room)
    return RoomOut.of(found.room, found.role)


@get("/rooms/{slug:str}/grants", permission=READ)
async def list_grants(slug: FromPath[str], db: DbSession, actor: CurrentActor) -> list[GrantOut]:
    """Who holds a room role (hosts)."""
    found = await hosted(db, actor, slug)
    return [GrantOut.of(g) for g in await services.grants(db, found.room)]


@post("/rooms/{slug:str}/grants", permission=READ, status_code=200)
async def add_grant(
    slug: FromPath[str], data: JSONBody[GrantIn], db: DbSession, actor: CurrentActor
) -> GrantOut:
    """Give a user or a team of the organization a room role, or change theirs (hosts)."""
    found = await hosted(db, actor, slug)
    if (data.user_id is None) == (data.team_id is None):
        raise OneHolder()
    added = await services.grant(
        db, found.room, role=data.role, user_id=data.user_id, team_id=data.team_id
    )
    if added is None:
        raise NotFoundException("No such user or team in the organization.")
    return GrantOut.of(added)


@delete("/rooms/{slug:str}/grants/{grant_id:uuid}", permission=READ)
async def remove_grant(
    slug: FromPath[str], grant_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> None:
    """Take a room role back (hosts); the room keeps at least one owner."""
    found = await hosted(db, actor, slug)
    if not await services.revoke(db, found.room, grant_id):
        raise NotFoundException("No such room role.")


ROOM_ROUTES = (
    list_rooms,
    create_room,
    get_room,
    change_room,
    list_grants,
    add_grant,
    remove_grant,
)
