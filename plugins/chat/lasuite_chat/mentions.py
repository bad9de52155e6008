"""``@mentions`` in messages: who they name, and telling them.

A person's handle is the local part of their e-mail address, lower-cased
(``@marie.dupont`` for ``Marie.Dupont@interieur.gouv.fr``): it is unique enough in
an organization, stable when display names change, and what people already type. A
handle only names members of the channel — a mention cannot reveal, or reach, someone
who may not read it. ``@channel`` names every member; ``@here`` the members online
in the organization when the message is posted (connected and not away, as
Mattermost's: at their screen, whichever channel they are looking at).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, EventBus, OnlineUsers, user_profiles
from lasuite_chat.links import message_link
from lasuite_chat.models import ChannelMember, Message
from lasuite_chat.rendering import mention_handles

MENTION = "chat.mention"
EVERYONE = ("channel", "here")
MAX_HANDLES = 50
"""Handles of one message looked up; more are left as text."""


@dataclass(slots=True)
class Mentions:
    markup: dict[str, str] = field(default_factory=dict)
    """Handle → what its mention span names: a user id, ``channel`` or ``here``."""
    user_ids: set[uuid.UUID] = field(default_factory=set)
    """Everyone named (for ``@here``, once :func:`reach_everyone` ran)."""


async def resolve(db: AsyncSession, channel_id: uuid.UUID, text: str) -> Mentions:
    """The members of the channel ``text`` mentions."""
    handles = sorted(mention_handles(text))[:MAX_HANDLES]
    found = Mentions()
    if not handles:
        return found
    for special in EVERYONE:
        if special in handles:
            found.markup[special] = special
    named = [h for h in handles if h not in EVERYONE]
    if named:
        profile = user_profiles()
        email = func.lower(profile.c.email)
        rows = await db.execute(
            select(ChannelMember.user_id, profile.c.email)
            .join(profile, profile.c.user_id == ChannelMember.user_id)
            .where(ChannelMember.channel_id == channel_id)
            .where(or_(*(email.like(f"{_escape_like(h)}@%", escape="\\") for h in named)))
            .order_by(profile.c.email)
        )
        for user_id, address in rows:
            found.markup.setdefault(address.rsplit("@", 1)[0].lower(), str(user_id))
            found.user_ids.add(user_id)
    return found


async def reach_everyone(
    db: AsyncSession,
    presence: OnlineUsers,
    organization_id: uuid.UUID,
    channel_id: uuid.UUID,
    found: Mentions,
) -> None:
    """Add the members ``@channel`` names (all) or ``@here`` names (those online now)."""
    if not found.markup.keys() & set(EVERYONE):
        return
    members = set(
        await db.scalars(
            select(ChannelMember.user_id).where(ChannelMember.channel_id == channel_id)
        )
    )
    if "channel" not in found.markup:
        members = await presence.online(organization_id, members)
    found.user_ids.update(members)


async def notify_mentioned(
    db: AsyncSession, actor: Actor, events: EventBus, message: Message, mentions: Mentions
) -> set[uuid.UUID]:
    """Count the mention in each named member's sidebar and notify them (not the
    author); returns who was notified."""
    named = mentions.user_ids - {actor.user_id}
    if not named:
        return set()
    await db.execute(
        update(ChannelMember)
        .where(ChannelMember.channel_id == message.channel_id, ChannelMember.user_id.in_(named))
        .values(mention_count=ChannelMember.mention_count + 1)
        .execution_options(synchronize_session=False)
    )
    await events.notifier.notify(
        db,
        named,
        kind=MENTION,
        # In French, the workspace's language (the core knows no one's own); the UI's
        # `notification` fragment renders it in the reader's from `author_name`.
        title=f"{actor.display_name} vous a mentionné",
        body=message.text[:280],
        link=message_link(message.channel_id, message.seq),
        data={
            "channel_id": str(message.channel_id),
            "message_id": str(message.id),
            "author_name": actor.display_name,
        },
        organization_id=actor.organization_id,
    )
    return named


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
