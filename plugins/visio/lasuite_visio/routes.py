"""Visio HTTP routes: parse, authorize, call a service, return a DTO."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import get, post
from litestar.exceptions import NotFoundException, ServiceUnavailableException
from litestar.params import FromPath, JSONBody

from lasuite.plugins import CurrentActor, DbSession
from lasuite_visio import services
from lasuite_visio.models import AccessLevel, Room

RoomName = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class RoomIn(msgspec.Struct, forbid_unknown_fields=True):
    name: RoomName
    access_level: AccessLevel = "trusted"


class RoomOut(msgspec.Struct):
    id: uuid.UUID
    slug: str
    name: str
    access_level: str
    created_by: uuid.UUID
    created_at: datetime

    @classmethod
    def of(cls, room: Room) -> RoomOut:
        return cls(
            id=room.id,
            slug=room.slug,
            name=room.name,
            access_level=room.access_level,
            created_by=room.created_by,
            created_at=room.created_at,
        )


@get("/rooms", permission="visio.room.read")
async def list_rooms(db: DbSession, actor: CurrentActor) -> list[RoomOut]:
    """Rooms of the caller's organization, newest first."""
    return [RoomOut.of(r) for r in await services.list_rooms(db, actor.organization_id)]


@post("/rooms", permission="visio.room.create")
async def create_room(data: JSONBody[RoomIn], db: DbSession, actor: CurrentActor) -> RoomOut:
    """Create a room with a generated slug in the caller's organization."""
    try:
        room = await services.create_room(db, actor, name=data.name, access_level=data.access_level)
    except services.NoFreeSlug as exc:
        raise ServiceUnavailableException("No free room link was found; try again.") from exc
    return RoomOut.of(room)


@get("/rooms/{slug:str}", permission="visio.room.read")
async def get_room(slug: FromPath[str], db: DbSession, actor: CurrentActor) -> RoomOut:
    """One room of the caller's organization, by its slug."""
    room = await services.get_room(db, actor.organization_id, slug)
    if room is None:
        raise NotFoundException("No such room.")
    return RoomOut.of(room)
