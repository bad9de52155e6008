"""A plugin that posts cards into chat channels through the service chat provides."""

from __future__ import annotations

import uuid
from importlib.metadata import EntryPoint

import msgspec
from litestar import post
from litestar.params import JSONBody

from lasuite.plugins import (
    ORG_ROLES,
    CurrentActor,
    DbSession,
    Events,
    Permission,
    Plugin,
    PluginContext,
)
from lasuite_chat.api import ChatCards


class AnnounceIn(msgspec.Struct):
    channel_id: uuid.UUID
    title: str
    text: str = ""
    link: str | None = None


def setup(ctx: PluginContext) -> None:
    cards = ctx.require(ChatCards)

    @post("/announce", permission="herald.card.post")
    async def announce(
        data: JSONBody[AnnounceIn], db: DbSession, actor: CurrentActor, events: Events
    ) -> dict[str, str]:
        message_id = await cards.post_card(
            db,
            events,
            organization_id=actor.organization_id,
            channel_id=data.channel_id,
            sender_name="Héraut",
            title=data.title,
            text=data.text,
            link=data.link,
        )
        return {"message_id": str(message_id)}

    ctx.add_permissions(
        Permission(name="herald.card.post", description="Announce", default_roles=ORG_ROLES)
    )
    ctx.add_routes(announce)


plugin = Plugin(
    id="herald", name="Herald", requires_api=">=1.0,<2", depends={"chat": ""}, setup=setup
)

ENTRY_POINT = EntryPoint(
    name="herald", value="tests.plugins.chat.card_plugin:plugin", group="lasuite.plugins"
)
