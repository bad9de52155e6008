"""Chat logic, independent of HTTP."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor
from lasuite_chat.models import Channel


class ChannelNameTaken(Exception):
    """Another channel of the organization already has this name."""


async def list_channels(db: AsyncSession, organization_id: uuid.UUID) -> list[Channel]:
    result = await db.scalars(
        select(Channel).where(Channel.organization_id == organization_id).order_by(Channel.name)
    )
    return list(result)


async def create_channel(db: AsyncSession, actor: Actor, *, name: str, topic: str) -> Channel:
    taken = await db.scalar(
        select(Channel.id).where(
            Channel.organization_id == actor.organization_id, Channel.name == name
        )
    )
    if taken is not None:
        raise ChannelNameTaken(name)
    channel = Channel(
        organization_id=actor.organization_id, name=name, topic=topic, created_by=actor.user_id
    )
    db.add(channel)
    await db.flush()
    return channel
