"""Room roles and the one rule on rooms: their owners and administrators (the hosts)
manage them, through the core's ``authorize`` (``ctx.add_policy(Seat, …)``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
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
    holders = [RoomGrant.user_id == actor.user_id]
    if actor.team_ids:
        holders.append(RoomGrant.team_id.in_(actor.team_ids))
    roles = await db.scalars(
        select(RoomGrant.role).where(RoomGrant.room_id == room.id, or_(*holders))
    )
    return max(roles, key=RANK.__getitem__, default=None)


async def seat_of(db: AsyncSession, room: Room, actor: Actor) -> Seat:
    return Seat(room, await room_role(db, room, actor))
