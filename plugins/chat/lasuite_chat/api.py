"""What the chat offers other plugins (``ctx.require(ChatCards)`` with ``chat`` in
their ``depends``); import this module only, nothing else of ``lasuite_chat``.

Example (a meeting plugin announcing a meeting in a channel)::

    cards = ctx.require(ChatCards)

    @post("/rooms/{room_id:uuid}/announce", permission="visio.room.join")
    async def announce(room_id: UUID, db: DbSession, actor: CurrentActor, events: Events) -> None:
        await cards.post_card(db, events, organization_id=actor.organization_id,
                              channel_id=channel_id, sender_name="Visio",
                              title="Meeting started", text="Daily", link=f"/visio/{room_id}")
"""

from __future__ import annotations

import uuid
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, EventBus


class ChatCards(Protocol):
    """Post a structured card message (title, text, link) into a chat channel."""

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
        """Post the card in ``db``'s transaction and return the message's id.

        With ``author`` (the member the card is posted for, such as the caller of the
        plugin's route), the card is posted only where they may post themselves: a channel
        they read (else 404), are a member of (``chat.not_a_member``) and that is not
        archived, with the permission ``chat.message.create`` (else 403).

        ``link`` is a workspace path (``/visio/…``) or an https URL. Raises a
        :class:`~lasuite.plugins.Problem` (``chat.invalid_card``,
        ``chat.invalid_sender_name``, ``chat.channel_archived``) or a 404 for a channel
        not in the organization, which the host turns into the API's JSON error when a
        route lets it through.
        """
        ...
