"""Room roles and the one rule on rooms: their owners and administrators (the hosts)
manage them, through the core's ``authorize`` (``ctx.add_policy(Seat, …)``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cache

from sqlalchemy import Select, Uuid, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor
from lasuite_visio.models import Room, RoomGrant

MANAGE = "visio.room.manage"
"""Change the room, its roles and settings; admit, deny and remove people in a meeting."""

HOSTS = frozenset({"owner", "administrator"})
RANK = {"member": 1, "administrator": 2, "owner": 3}


@dataclass(frozen=True, slots=True)
class Seat:
    """A room as one signed-in person sees it: the room and their room role (None: none)."""

    room: Room
    role: str | None

    @property
    def organization_id(self) -> uuid.UUID:
        return self.room.organization_id

    @property
    def hosts(self) -> bool:
        return self.role in HOSTS


def seat_policy(actor: Actor, action: str, seat: Seat) -> bool | None:
    """Hosts manage their room; nobody else does, whatever their organization role."""
    if action == MANAGE:
        return seat.hosts
    return None


async def room_role(db: AsyncSession, room: Room, actor: Actor | None) -> str | None:
    """The highest room role ``actor`` holds, directly or through a team; None for someone
    not signed in or of another organization."""
    if actor is None or actor.organization_id != room.organization_id:
        return None
    roles = await db.scalars(
        _granted_roles(),
        {"room_id": room.id, "user_id": actor.user_id, "team_ids": list(actor.team_ids)},
    )
    return max(roles, key=RANK.__getitem__, default=None)


@cache
def _granted_roles() -> Select[str]:
    """The roles granted on a room to a user or their teams; built once (every join)."""
    return select(RoomGrant.role).where(
        RoomGrant.room_id == bindparam("room_id", type_=Uuid),
        or_(
            RoomGrant.user_id == bindparam("user_id", type_=Uuid),
            RoomGrant.team_id.in_(bindparam("team_ids", expanding=True)),
        ),
    )


async def seat_of(db: AsyncSession, room: Room, actor: Actor) -> Seat:
    return Seat(room, await room_role(db, room, actor))
