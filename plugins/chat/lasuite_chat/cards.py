"""The :class:`~lasuite_chat.api.ChatCards` service the chat provides to other plugins."""

from __future__ import annotations

import uuid

import msgspec
from litestar.exceptions import NotFoundException, PermissionDeniedException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, EventBus
from lasuite_chat.access import TAKE_PART, channel_access
from lasuite_chat.models import Channel
from lasuite_chat.problems import InvalidCard, InvalidSenderName
from lasuite_chat.sender_posts import post_as_sender
from lasuite_chat.shapes import Card

POST = "chat.message.create"


class ChannelCards:
    """Cards posted by plugins under the name they give (their product's name)."""

    async def post_card(
        self,
        db: AsyncSession,
        events: EventBus,
        /,
        *,
        organization_id: uuid.UUID,
        channel_id: uuid.UUID,
        sender_name: str,
        title: str,
        text: str = "",
        link: str | None = None,
        author: Actor | None = None,
    ) -> uuid.UUID:
        try:
            card = msgspec.convert({"title": title, "text": text, "link": link}, Card)
        except msgspec.ValidationError as exc:
            raise InvalidCard(f"Invalid card: {exc}") from exc
        if not 1 <= len(sender_name) <= 80:
            raise InvalidSenderName()
        if author is not None:
            if author.organization_id != organization_id:
                raise NotFoundException("No such channel.")
            access = await channel_access(db, author, channel_id, TAKE_PART)
            if not author.can(POST):
                raise PermissionDeniedException("You may not post messages.")
            channel: Channel | None = access.channel
        else:
            channel = await db.scalar(
                select(Channel).where(
                    Channel.id == channel_id, Channel.organization_id == organization_id
                )
            )
        if channel is None:
            raise NotFoundException("No such channel.")
        message = await post_as_sender(
            db, events, channel, sender_name=sender_name, text="", card=card
        )
        return message.id
