"""Visio logic, independent of HTTP."""

from __future__ import annotations

import secrets
import string
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor
from lasuite_visio.models import AccessLevel, Room

SLUG_GROUPS = (3, 4, 3)
SLUG_ATTEMPTS = 5


class NoFreeSlug(Exception):
    """Every generated slug was already taken in the organization."""


def room_slug() -> str:
    """A random slug that is easy to read out, like ``abc-defg-hij``."""
    letters = string.ascii_lowercase
    return "-".join("".join(secrets.choice(letters) for _ in range(size)) for size in SLUG_GROUPS)


async def list_rooms(db: AsyncSession, organization_id: uuid.UUID) -> list[Room]:
    result = await db.scalars(
        select(Room)
        .where(Room.organization_id == organization_id)
        .order_by(Room.created_at.desc(), Room.id)
    )
    return list(result)


async def get_room(db: AsyncSession, organization_id: uuid.UUID, slug: str) -> Room | None:
    """The room, or None when no room of this organization has this slug."""
    return await db.scalar(
        select(Room).where(Room.organization_id == organization_id, Room.slug == slug)
    )


async def create_room(
    db: AsyncSession, actor: Actor, *, name: str, access_level: AccessLevel = "trusted"
) -> Room:
    slug = await _free_slug(db, actor.organization_id)
    room = Room(
        organization_id=actor.organization_id,
        slug=slug,
        name=name,
        access_level=access_level,
        created_by=actor.user_id,
    )
    db.add(room)
    await db.flush()
    return room


async def _free_slug(db: AsyncSession, organization_id: uuid.UUID) -> str:
    for _ in range(SLUG_ATTEMPTS):
        slug = room_slug()
        if await get_room(db, organization_id, slug) is None:
            return slug
    raise NoFreeSlug(organization_id)
