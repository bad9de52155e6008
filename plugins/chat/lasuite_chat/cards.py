"""The :class:`~lasuite_chat.api.ChatCards` service the chat provides to other plugins."""

from __future__ import annotations

import uuid

import msgspec
from litestar.exceptions import NotFoundException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import EventBus
from lasuite_chat.models import Channel
from lasuite_chat.problems import InvalidCard, InvalidSenderName
from lasuite_chat.sender_posts import post_as_sender
from lasuite_chat.shapes import Card


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
    ) -> uuid.UUID:
        try:
            card = msgspec.convert({"title": title, "text": text, "link": link}, Card)
        except msgspec.ValidationError as exc:
            raise InvalidCard(f"Invalid card: {exc}") from exc
        if not 1 <= len(sender_name) <= 80:
            raise InvalidSenderName()
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
