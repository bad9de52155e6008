"""Who may see, join, post in and manage a channel.

Decided by the channel's policy (``ctx.add_policy(ChannelAccess, …)``), checked through
the core's ``authorize``: ``channel_access(db, actor, channel_id, action)``. A channel
someone may not read is reported as absent (404), so that private channels and
conversations do not reveal that they exist; a refusal inside a channel one reads says
why with its own code (not a member, a channel role needed).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from litestar.exceptions import NotFoundException
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, authorize
from lasuite_chat.models import CONVERSATION_KINDS, Channel, ChannelMember, ChannelTeam
from lasuite_chat.problems import (
    ChannelArchived,
    ChannelRoleNeeded,
    ConversationPeopleFixed,
    NotAMember,
)

READ = "chat.channel.read"
"""See the channel and what is said in it (members, and who may join it)."""
TAKE_PART = "chat.channel.take_part"
"""Act as one of its members: post, react, pin, invite, mark as read."""
MANAGE = "chat.channel.manage"
"""Change it and take people out of it: its owners and moderators."""
OWN = "chat.channel.own"
"""Archive it, hand out roles, manage its webhooks: its owners."""
MANAGERS = ("owner", "moderator")

BROWSE = "chat.channel.browse"
WRITE_TO_ANYONE = "chat.conversation.anyone"
"""Open conversations with anyone of the organization (without it: only with the people
one shares a channel with)."""
"""Org members holding it may see and join public channels; guests do not."""


@dataclass(slots=True)
class ChannelAccess:
    """A channel as one actor sees it: their membership, if any, and what it allows."""

    channel: Channel
    member: ChannelMember | None
    shared_with_actor: bool
    """A team of the actor's is one the channel is shared with."""

    @property
    def role(self) -> str | None:
        return self.member.role if self.member else None

    def can_read(self, actor: Actor) -> bool:
        if self.member is not None:
            return True
        if self.channel.kind == "public":
            return actor.can(BROWSE)
        return self.channel.kind == "private" and self.shared_with_actor

    @property
    def organization_id(self) -> uuid.UUID:
        return self.channel.organization_id

    def can_join(self, actor: Actor) -> bool:
        return self.channel.kind in ("public", "private") and self.can_read(actor)

    def require_member(self) -> ChannelMember:
        if self.member is None:
            raise NotAMember()
        return self.member

    def require_role(self, *roles: str) -> ChannelMember:
        member = self.require_member()
        if member.role not in roles:
            raise ChannelRoleNeeded(
                f"Only a channel {' or '.join(roles)} may do this here.", roles=list(roles)
            )
        return member

    def require_writable(self) -> None:
        if self.channel.archived_at is not None:
            raise ChannelArchived()

    def require_named(self) -> None:
        if self.channel.kind in CONVERSATION_KINDS:
            raise ConversationPeopleFixed()


def channel_policy(actor: Actor, action: str, access: ChannelAccess) -> bool | None:
    """The channel decides its own actions; a refusal inside a channel one reads raises
    its coded problem. Other actions are not its call."""
    if action == READ:
        return access.can_read(actor)
    if action == TAKE_PART:
        access.require_member()
    elif action == MANAGE:
        access.require_role(*MANAGERS)
    elif action == OWN:
        access.require_role("owner")
    else:
        return None
    return True


async def channel_access(
    db: AsyncSession, actor: Actor, channel_id: uuid.UUID, action: str = READ
) -> ChannelAccess:
    """The channel ``channel_id`` of the actor's organization, if they may do ``action``
    there: absent (404) to who may not read it."""
    channel = await db.scalar(
        select(Channel).where(
            Channel.id == channel_id, Channel.organization_id == actor.organization_id
        )
    )
    if channel is None:
        raise NotFoundException("No such channel.")
    access = await access_to(db, actor, channel)
    authorize(actor, READ, access, hide=True)
    if action != READ:
        authorize(actor, action, access)
    return access


async def access_to(db: AsyncSession, actor: Actor, channel: Channel) -> ChannelAccess:
    member = await db.scalar(
        select(ChannelMember).where(
            ChannelMember.channel_id == channel.id, ChannelMember.user_id == actor.user_id
        )
    )
    shared = False
    if channel.kind == "private" and actor.team_ids:
        shared = bool(
            await db.scalar(
                select(
                    exists().where(
                        ChannelTeam.channel_id == channel.id,
                        ChannelTeam.team_id.in_(actor.team_ids),
                    )
                )
            )
        )
    return ChannelAccess(channel, member, shared)


async def can_read_channel(actor: Actor, channel_id: uuid.UUID, db: AsyncSession) -> bool:
    """Whether ``actor`` may read the channel (and so subscribe to its topic)."""
    try:
        await channel_access(db, actor, channel_id)
    except NotFoundException:
        return False
    return True
