"""Chat HTTP routes for channels and their members: parse, authorize, call a service,
return a DTO. Channel roles (owner, moderator, member) are checked by the services."""

from __future__ import annotations

import uuid

from litestar import Response, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody

from lasuite.plugins import Audit, CurrentActor, DbSession, Events, display_names
from lasuite_chat import services
from lasuite_chat.access import channel_access
from lasuite_chat.shapes import (
    ChannelChange,
    ChannelIn,
    ChannelOut,
    ContactOut,
    ConversationIn,
    MemberOut,
    RoleIn,
)

READ = "chat.channel.read"
PARTICIPATE = "chat.channel.participate"


@get("/channels", permission=READ)
async def list_channels(db: DbSession, actor: CurrentActor) -> list[ChannelOut]:
    """The channels and conversations the caller is in."""
    return [
        ChannelOut.of(channel, role=member.role)
        for channel, member in await services.my_channels(db, actor)
    ]


@get("/channels/browse", permission=READ)
async def browse_channels(db: DbSession, actor: CurrentActor) -> list[ChannelOut]:
    """Channels the caller may join: public ones (not for guests) and private ones
    shared with one of their teams; archived ones are left out."""
    return [ChannelOut.of(c) for c in await services.browsable_channels(db, actor)]


@post("/channels", permission="chat.channel.create")
async def create_channel(
    data: JSONBody[ChannelIn], db: DbSession, actor: CurrentActor, events: Events
) -> ChannelOut:
    """Create a public or private channel; the caller is its owner."""
    access = await services.create_channel(db, actor, events, data)
    return await services.describe(db, access)


@post("/conversations", permission="chat.conversation.open")
async def open_conversation(
    data: JSONBody[ConversationIn], db: DbSession, actor: CurrentActor, events: Events
) -> Response[ChannelOut]:
    """The direct conversation with one person (201 the first time, then 200 with the
    same one), or a new group conversation with two to seven people."""
    access, created = await services.open_conversation(db, actor, events, data.user_ids)
    return Response(await services.describe(db, access), status_code=201 if created else 200)


@get("/contacts", permission="chat.conversation.open")
async def list_contacts(db: DbSession, actor: CurrentActor) -> list[ContactOut]:
    """The people the caller shares a channel or conversation with, by name: those they
    may write to when they may not write to anyone (guests, by default)."""
    return [ContactOut(user_id, name) for user_id, name in await services.contacts(db, actor)]


@get("/channels/{channel_id:uuid}", permission=READ)
async def get_channel(
    channel_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> ChannelOut:
    """One channel the caller may read."""
    return await services.describe(db, await channel_access(db, actor, channel_id))


@patch("/channels/{channel_id:uuid}", permission=PARTICIPATE)
async def update_channel(
    channel_id: FromPath[uuid.UUID],
    data: JSONBody[ChannelChange],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> ChannelOut:
    """Rename a channel, change its topic or description, or the teams it is shared
    with (owners and moderators)."""
    access = await services.update_channel(db, actor, events, channel_id, data)
    return await services.describe(db, access)


@post("/channels/{channel_id:uuid}/archive", permission=PARTICIPATE, status_code=200)
async def archive_channel(
    channel_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
    audit: Audit,
) -> ChannelOut:
    """Make a channel read-only (owners)."""
    access = await services.set_archived(db, actor, events, audit, channel_id, archived=True)
    return await services.describe(db, access)


@post("/channels/{channel_id:uuid}/unarchive", permission=PARTICIPATE, status_code=200)
async def unarchive_channel(
    channel_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
    audit: Audit,
) -> ChannelOut:
    """Reopen an archived channel (owners)."""
    access = await services.set_archived(db, actor, events, audit, channel_id, archived=False)
    return await services.describe(db, access)


@post("/channels/{channel_id:uuid}/join", permission=PARTICIPATE, status_code=200)
async def join_channel(
    channel_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor, events: Events
) -> ChannelOut:
    """Enter a public channel, or a private one shared with one of the caller's teams."""
    return await services.describe(db, await services.join(db, actor, events, channel_id))


@post("/channels/{channel_id:uuid}/leave", permission=PARTICIPATE, status_code=204)
async def leave_channel(
    channel_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor, events: Events
) -> None:
    """Leave a channel or a group conversation."""
    await services.remove_member(db, actor, events, channel_id, actor.user_id)


@get("/channels/{channel_id:uuid}/members", permission=READ)
async def list_members(
    channel_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> list[MemberOut]:
    """The people in a channel, in the order they came."""
    return [MemberOut.of(m, name) for m, name in await services.members(db, actor, channel_id)]


@put("/channels/{channel_id:uuid}/members/{user_id:uuid}", permission=PARTICIPATE)
async def add_member(
    channel_id: FromPath[uuid.UUID],
    user_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> MemberOut:
    """Add a member of the organization to a channel the caller is in."""
    member = await services.add_member(db, actor, events, channel_id, user_id)
    names = await display_names(db, [user_id])
    return MemberOut.of(member, names.get(user_id, ""))


@patch("/channels/{channel_id:uuid}/members/{user_id:uuid}", permission=PARTICIPATE)
async def set_member_role(
    channel_id: FromPath[uuid.UUID],
    user_id: FromPath[uuid.UUID],
    data: JSONBody[RoleIn],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> MemberOut:
    """Make someone an owner, moderator or member of the channel (owners)."""
    member = await services.set_role(db, actor, events, channel_id, user_id, data.role)
    names = await display_names(db, [user_id])
    return MemberOut.of(member, names.get(user_id, ""))


@delete("/channels/{channel_id:uuid}/members/{user_id:uuid}", permission=PARTICIPATE)
async def remove_member(
    channel_id: FromPath[uuid.UUID],
    user_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> None:
    """Take someone out of the channel (owners and moderators; anyone for themselves)."""
    await services.remove_member(db, actor, events, channel_id, user_id)


CHANNEL_ROUTES = (
    list_channels,
    browse_channels,
    create_channel,
    open_conversation,
    list_contacts,
    get_channel,
    update_channel,
    archive_channel,
    unarchive_channel,
    join_channel,
    leave_channel,
    list_members,
    add_member,
    set_member_role,
    remove_member,
)
