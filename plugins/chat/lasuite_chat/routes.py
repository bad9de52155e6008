"""Chat HTTP routes: parse, authorize, call a service, return a DTO."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import get, post
from litestar.exceptions import ClientException
from litestar.params import JSONBody

from lasuite.plugins import CurrentActor, DbSession
from lasuite_chat import services
from lasuite_chat.models import Channel

ChannelName = Annotated[str, msgspec.Meta(min_length=1, max_length=80, pattern=r"^[\w][\w\- ]*$")]


class ChannelIn(msgspec.Struct, forbid_unknown_fields=True):
    name: ChannelName
    topic: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class ChannelOut(msgspec.Struct):
    id: uuid.UUID
    name: str
    topic: str
    created_at: datetime

    @classmethod
    def of(cls, channel: Channel) -> ChannelOut:
        return cls(
            id=channel.id, name=channel.name, topic=channel.topic, created_at=channel.created_at
        )


@get("/channels", permission="chat.channel.read")
async def list_channels(db: DbSession, actor: CurrentActor) -> list[ChannelOut]:
    """Channels of the caller's organization."""
    return [ChannelOut.of(c) for c in await services.list_channels(db, actor.organization_id)]


@post("/channels", permission="chat.channel.create")
async def create_channel(
    data: JSONBody[ChannelIn], db: DbSession, actor: CurrentActor
) -> ChannelOut:
    """Create a channel in the caller's organization."""
    try:
        channel = await services.create_channel(db, actor, name=data.name, topic=data.topic)
    except services.ChannelNameTaken as exc:
        raise ClientException(f"A channel named {exc} already exists.", status_code=409) from exc
    return ChannelOut.of(channel)
