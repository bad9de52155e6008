"""Channels, their members and the teams they are shared with, independent of HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Select, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import (
    Actor,
    AuditTrail,
    EventBus,
    TopicAccessChanged,
    authorize,
    display_names,
)
from lasuite_chat import people
from lasuite_chat.access import (
    BROWSE,
    MANAGE,
    OWN,
    TAKE_PART,
    WRITE_TO_ANYONE,
    ChannelAccess,
    channel_access,
)
from lasuite_chat.events import (
    ChannelUpdated,
    MemberJoined,
    MemberLeft,
    MemberUpdated,
    SidebarChanged,
    channel_topic,
    user_topic,
)
from lasuite_chat.models import Channel, ChannelMember, ChannelTeam
from lasuite_chat.problems import (
    ChannelNameTaken,
    ConversationCannotBeLeft,
    ConversationNeedsSomeone,
    InvitationOnly,
    LastOwner,
    NotInChannel,
    NotSharingAChannel,
    OwnerOnly,
    TeamsNeedPrivateChannel,
)
from lasuite_chat.shapes import ChannelChange, ChannelIn, ChannelOut


async def my_channels(db: AsyncSession, actor: Actor) -> list[tuple[Channel, ChannelMember]]:
    """The channels and conversations the actor is in."""
    rows = await db.execute(
        select(Channel, ChannelMember)
        .join(ChannelMember, ChannelMember.channel_id == Channel.id)
        .where(Channel.organization_id == actor.organization_id)
        .where(ChannelMember.user_id == actor.user_id)
        .order_by(Channel.kind, Channel.name, Channel.created_at)
    )
    return [(channel, member) for channel, member in rows]


async def browsable_channels(db: AsyncSession, actor: Actor) -> list[Channel]:
    """Channels the actor may join: public ones, and private ones shared with their teams."""
    shared = select(ChannelTeam.channel_id).where(ChannelTeam.team_id.in_(actor.team_ids))
    visible: list[ColumnElement[bool]] = [(Channel.kind == "private") & Channel.id.in_(shared)]
    if actor.can(BROWSE):
        visible.append(Channel.kind == "public")
    result = await db.scalars(
        select(Channel)
        .where(Channel.organization_id == actor.organization_id, Channel.archived_at.is_(None))
        .where(or_(*visible))
        .order_by(Channel.name)
    )
    return list(result)


async def team_ids_of(db: AsyncSession, channel_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        await db.scalars(select(ChannelTeam.team_id).where(ChannelTeam.channel_id == channel_id))
    )


async def describe(db: AsyncSession, access: ChannelAccess) -> ChannelOut:
    return ChannelOut.of(
        access.channel, role=access.role, team_ids=await team_ids_of(db, access.channel.id)
    )


async def create_channel(
    db: AsyncSession, actor: Actor, events: EventBus, data: ChannelIn
) -> ChannelAccess:
    """A public or private channel; its creator is its owner."""
    await _check_name_free(db, actor.organization_id, data.name)
    if data.team_ids and data.kind != "private":
        raise TeamsNeedPrivateChannel()
    await people.require_members(db, actor.organization_id, data.member_ids)
    await people.require_teams(db, actor.organization_id, data.team_ids)
    channel = Channel(
        organization_id=actor.organization_id,
        kind=data.kind,
        name=data.name,
        topic=data.topic,
        description=data.description,
        created_by=actor.user_id,
    )
    db.add(channel)
    await db.flush()
    owner = ChannelMember(channel_id=channel.id, user_id=actor.user_id, role="owner")
    db.add(owner)
    invited = set(data.member_ids) - {actor.user_id}
    db.add_all(ChannelMember(channel_id=channel.id, user_id=user_id) for user_id in invited)
    db.add_all(ChannelTeam(channel_id=channel.id, team_id=team) for team in set(data.team_ids))
    await db.flush()
    await tell_sidebars(db, actor, events, channel.id, invited, added=True)
    return ChannelAccess(channel, owner, shared_with_actor=False)


async def open_conversation(
    db: AsyncSession, actor: Actor, events: EventBus, user_ids: list[uuid.UUID]
) -> tuple[ChannelAccess, bool]:
    """The direct conversation with one person (the same each time), or a new group
    conversation with two to seven; and whether it was created."""
    others = set(user_ids) - {actor.user_id}
    if not others:
        raise ConversationNeedsSomeone()
    await people.require_members(db, actor.organization_id, others)
    if not actor.can(WRITE_TO_ANYONE):
        await _require_shared_channels(db, actor, others)
    direct_key = None
    if len(others) == 1:
        direct_key = ":".join(sorted(str(u) for u in {actor.user_id, *others}))
        existing = await db.scalar(
            select(Channel).where(
                Channel.organization_id == actor.organization_id, Channel.direct_key == direct_key
            )
        )
        if existing is not None:
            return await channel_access(db, actor, existing.id), False
    channel = Channel(
        organization_id=actor.organization_id,
        kind="direct" if direct_key else "group",
        direct_key=direct_key,
        created_by=actor.user_id,
    )
    db.add(channel)
    await db.flush()
    me = ChannelMember(channel_id=channel.id, user_id=actor.user_id, role="owner")
    db.add(me)
    role = "owner" if direct_key else "member"
    db.add_all(ChannelMember(channel_id=channel.id, user_id=u, role=role) for u in others)
    await db.flush()
    await tell_sidebars(db, actor, events, channel.id, others, added=True)
    return ChannelAccess(channel, me, shared_with_actor=False), True


def _sharing_a_channel(actor: Actor) -> Select[uuid.UUID]:
    """The people in a channel (or conversation) with ``actor``, ``actor`` included."""
    mine = select(ChannelMember.channel_id).where(ChannelMember.user_id == actor.user_id)
    return select(ChannelMember.user_id).where(ChannelMember.channel_id.in_(mine)).distinct()


async def _require_shared_channels(db: AsyncSession, actor: Actor, others: set[uuid.UUID]) -> None:
    shared = set(
        await db.scalars(_sharing_a_channel(actor).where(ChannelMember.user_id.in_(others)))
    )
    if others - shared:
        raise NotSharingAChannel()


async def contacts(db: AsyncSession, actor: Actor) -> list[tuple[uuid.UUID, str]]:
    """The people ``actor`` shares a channel with (``(user id, name)``, by name): those
    they may write to without ``chat.conversation.anyone``."""
    found = set(await db.scalars(_sharing_a_channel(actor))) - {actor.user_id}
    names = await display_names(db, found)
    return sorted(((u, names.get(u, "")) for u in found), key=lambda c: c[1].casefold())


async def update_channel(
    db: AsyncSession, actor: Actor, events: EventBus, channel_id: uuid.UUID, change: ChannelChange
) -> ChannelAccess:
    access = await channel_access(db, actor, channel_id, MANAGE)
    access.require_writable()
    channel = access.channel
    if change.name is not None or change.team_ids is not None:
        access.require_named()
    if change.name is not None and change.name != channel.name:
        await _check_name_free(db, actor.organization_id, change.name)
        channel.name = change.name
    if change.topic is not None:
        channel.topic = change.topic
    if change.description is not None:
        channel.description = change.description
    if change.team_ids is not None:
        await _share_with(db, actor, channel, set(change.team_ids))
    await db.flush()
    await publish_channel(db, actor, events, access)
    return access


async def set_archived(
    db: AsyncSession,
    actor: Actor,
    events: EventBus,
    audit: AuditTrail,
    channel_id: uuid.UUID,
    *,
    archived: bool,
) -> ChannelAccess:
    """Archive (read-only) or reopen a channel; its owners decide. A change is written to
    the organization's audit log."""
    access = await channel_access(db, actor, channel_id, OWN)
    access.require_named()
    if (access.channel.archived_at is not None) != archived:
        access.channel.archived_at = datetime.now(UTC) if archived else None
        await db.flush()
        audit.record(
            db,
            "chat.channel.archived" if archived else "chat.channel.unarchived",
            target=str(channel_id),
            data={"name": access.channel.name},
        )
        await publish_channel(db, actor, events, access)
    return access


async def publish_channel(
    db: AsyncSession, actor: Actor, events: EventBus, access: ChannelAccess
) -> None:
    await events.publish(
        db,
        ChannelUpdated(
            channel=ChannelOut.of(access.channel, team_ids=await team_ids_of(db, access.channel.id))
        ),
        organization_id=actor.organization_id,
        topics=[channel_topic(access.channel.id)],
    )


async def members(
    db: AsyncSession, actor: Actor, channel_id: uuid.UUID
) -> list[tuple[ChannelMember, str]]:
    await channel_access(db, actor, channel_id)
    found = list(
        await db.scalars(
            select(ChannelMember)
            .where(ChannelMember.channel_id == channel_id)
            .order_by(ChannelMember.created_at, ChannelMember.id)
        )
    )
    names = await display_names(db, (m.user_id for m in found))
    return [(m, names.get(m.user_id, "")) for m in found]


async def add_member(
    db: AsyncSession, actor: Actor, events: EventBus, channel_id: uuid.UUID, user_id: uuid.UUID
) -> ChannelMember:
    """Put someone of the organization in the channel (members invite); idempotent."""
    access = await channel_access(db, actor, channel_id, TAKE_PART)
    access.require_named()
    access.require_writable()
    await people.require_members(db, actor.organization_id, [user_id])
    return await _enter(db, actor, events, access.channel, user_id)


async def join(
    db: AsyncSession, actor: Actor, events: EventBus, channel_id: uuid.UUID
) -> ChannelAccess:
    access = await channel_access(db, actor, channel_id)
    if access.member is None:
        if not access.can_join(actor):
            raise InvitationOnly()
        access.require_writable()
        access.member = await _enter(db, actor, events, access.channel, actor.user_id)
    return access


async def remove_member(
    db: AsyncSession, actor: Actor, events: EventBus, channel_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    """Take someone out of the channel: themselves, or anyone for its owners and moderators."""
    access = await channel_access(db, actor, channel_id)
    if access.channel.kind == "direct":
        raise ConversationCannotBeLeft()
    if user_id == actor.user_id:
        authorize(actor, TAKE_PART, access)
        target = access.require_member()
    else:
        authorize(actor, MANAGE, access)
        manager = access.require_member()
        access.require_named()
        target = await _member(db, channel_id, user_id)
        if target.role == "owner" and manager.role != "owner":
            raise OwnerOnly()
    await _check_owner_stays(db, target, leaving=True)
    await db.delete(target)
    await db.flush()
    await events.publish(
        db,
        MemberLeft(channel_id=channel_id, user_id=user_id),
        organization_id=actor.organization_id,
        topics=[channel_topic(channel_id)],
    )
    # Their open websockets stop following the channel unless they may still read it.
    await events.publish(
        db, TopicAccessChanged(user_id=user_id), organization_id=actor.organization_id
    )
    await tell_sidebars(db, actor, events, channel_id, [user_id], added=False)


async def set_role(
    db: AsyncSession,
    actor: Actor,
    events: EventBus,
    channel_id: uuid.UUID,
    user_id: uuid.UUID,
    role: str,
) -> ChannelMember:
    access = await channel_access(db, actor, channel_id, OWN)
    access.require_named()
    target = await _member(db, channel_id, user_id)
    if target.role == "owner" and role != "owner":
        await _check_owner_stays(db, target, leaving=False)
    target.role = role
    await db.flush()
    await events.publish(
        db,
        MemberUpdated(channel_id=channel_id, user_id=user_id, role=role),
        organization_id=actor.organization_id,
        topics=[channel_topic(channel_id)],
    )
    return target


async def _enter(
    db: AsyncSession, actor: Actor, events: EventBus, channel: Channel, user_id: uuid.UUID
) -> ChannelMember:
    existing = await db.scalar(
        select(ChannelMember).where(
            ChannelMember.channel_id == channel.id, ChannelMember.user_id == user_id
        )
    )
    if existing is not None:
        return existing
    # A newcomer has read nothing yet: the whole history counts as unread.
    member = ChannelMember(channel_id=channel.id, user_id=user_id)
    db.add(member)
    await db.flush()
    await events.publish(
        db,
        MemberJoined(channel_id=channel.id, user_id=user_id, role=member.role),
        organization_id=actor.organization_id,
        topics=[channel_topic(channel.id)],
    )
    await tell_sidebars(db, actor, events, channel.id, [user_id], added=True)
    return member


async def tell_sidebars(
    db: AsyncSession,
    actor: Actor,
    events: EventBus,
    channel_id: uuid.UUID,
    user_ids: Iterable[uuid.UUID],
    *,
    added: bool,
) -> None:
    """Tell each person on their own topic that a channel entered or left their list:
    they do not follow the channel's topic before being in it, nor after."""
    for user_id in user_ids:
        await events.publish(
            db,
            SidebarChanged(channel_id=channel_id, added=added),
            organization_id=actor.organization_id,
            topics=[user_topic(user_id)],
        )


async def _member(db: AsyncSession, channel_id: uuid.UUID, user_id: uuid.UUID) -> ChannelMember:
    member = await db.scalar(
        select(ChannelMember).where(
            ChannelMember.channel_id == channel_id, ChannelMember.user_id == user_id
        )
    )
    if member is None:
        raise NotInChannel()
    return member


async def _check_owner_stays(db: AsyncSession, target: ChannelMember, *, leaving: bool) -> None:
    """A named channel keeps at least one owner while it has members."""
    if target.role != "owner":
        return
    owners = await db.scalar(
        select(func.count()).where(
            ChannelMember.channel_id == target.channel_id, ChannelMember.role == "owner"
        )
    )
    others = await db.scalar(
        select(func.count()).where(
            ChannelMember.channel_id == target.channel_id, ChannelMember.id != target.id
        )
    )
    if owners == 1 and (others or not leaving):
        raise LastOwner()


async def _share_with(
    db: AsyncSession, actor: Actor, channel: Channel, team_ids: set[uuid.UUID]
) -> None:
    if team_ids and channel.kind != "private":
        raise TeamsNeedPrivateChannel()
    await people.require_teams(db, actor.organization_id, team_ids)
    current = set(await team_ids_of(db, channel.id))
    await db.execute(
        delete(ChannelTeam).where(
            ChannelTeam.channel_id == channel.id, ChannelTeam.team_id.in_(current - team_ids)
        )
    )
    db.add_all(ChannelTeam(channel_id=channel.id, team_id=team) for team in team_ids - current)


async def _check_name_free(db: AsyncSession, organization_id: uuid.UUID, name: str) -> None:
    taken = await db.scalar(
        select(Channel.id).where(Channel.organization_id == organization_id, Channel.name == name)
    )
    if taken is not None:
        raise ChannelNameTaken(f"A channel named {name} already exists.", name=name)
