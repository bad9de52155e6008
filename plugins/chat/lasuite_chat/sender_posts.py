"""Messages posted without an author: by incoming webhooks and by other plugins' cards.

They take the channel's next number like any message and are published as
``chat.message.posted``; ``sender_name`` says who posted them.
"""

from __future__ import annotations

import html

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import EventBus
from lasuite_chat.events import MessagePosted, channel_topic
from lasuite_chat.models import Channel, Message
from lasuite_chat.problems import ChannelArchived
from lasuite_chat.rendering import render_markdown
from lasuite_chat.sequence import allocate_seq
from lasuite_chat.shapes import Card, MessageOut


async def post_as_sender(
    db: AsyncSession,
    events: EventBus,
    channel: Channel,
    *,
    sender_name: str,
    text: str,
    card: Card | None = None,
) -> Message:
    """Post ``text`` (Markdown) or ``card`` into ``channel`` under ``sender_name``."""
    if channel.archived_at is not None:
        raise ChannelArchived()
    message = Message(
        organization_id=channel.organization_id,
        channel_id=channel.id,
        seq=await allocate_seq(db, channel),
        author_id=None,
        text=text if card is None else card_text(card),
        html=render_markdown(text) if card is None else card_html(card),
        sender_name=sender_name,
        card=None if card is None else {k: v for k, v in _fields(card).items() if v is not None},
    )
    db.add(message)
    await db.flush()
    await events.publish(
        db,
        MessagePosted(message=MessageOut.of(message)),
        organization_id=channel.organization_id,
        topics=[channel_topic(channel.id)],
    )
    return message


def _fields(card: Card) -> dict[str, str | None]:
    return {"title": card.title, "text": card.text, "link": card.link}


def card_text(card: Card) -> str:
    """The searchable text of a card: its title, then its text."""
    return f"{card.title}\n\n{card.text}".strip()


def card_html(card: Card) -> str:
    """What a client that does not know cards shows: the title (linked) and the text."""
    title = html.escape(card.title)
    if card.link:
        title = f'<a href="{html.escape(card.link)}" rel="noopener nofollow">{title}</a>'
    body = f"<p><strong>{title}</strong></p>"
    if card.text:
        body += f"<p>{html.escape(card.text)}</p>"
    return body
