"""The chat plugin's manifest and registrations."""

from __future__ import annotations

from lasuite.plugins import NON_GUEST_ROLES, ORG_ROLES, Permission, Plugin, PluginContext
from lasuite_chat import events
from lasuite_chat.message_routes import MESSAGE_ROUTES
from lasuite_chat.models import Channel, ChannelMember, ChannelTeam, Message, MessageEdit
from lasuite_chat.routes import CHANNEL_ROUTES

PERMISSIONS = (
    Permission(
        name="chat.channel.read",
        description="Read the channels one is in, or may join",
        default_roles=ORG_ROLES,
    ),
    Permission(
        name="chat.channel.browse",
        description="See and join the organization's public channels",
        default_roles=NON_GUEST_ROLES,
    ),
    Permission(
        name="chat.channel.create",
        description="Create public and private channels",
        default_roles=NON_GUEST_ROLES,
    ),
    Permission(
        name="chat.channel.participate",
        description="Join and leave channels, invite people, and manage those one owns",
        default_roles=ORG_ROLES,
    ),
    Permission(
        name="chat.conversation.open",
        description="Open direct and group conversations",
        default_roles=ORG_ROLES,
    ),
    Permission(
        name="chat.message.create",
        description="Post, edit and delete one's messages",
        default_roles=ORG_ROLES,
    ),
)


def setup(ctx: PluginContext) -> None:
    ctx.add_models(Channel, ChannelMember, ChannelTeam, Message, MessageEdit)
    ctx.add_permissions(*PERMISSIONS)
    ctx.add_routes(*CHANNEL_ROUTES, *MESSAGE_ROUTES)
    ctx.add_events(*events.EVENTS)
    ctx.add_topic(events.TOPIC_PREFIX, events.can_subscribe, presence=True)
    ctx.add_ws_action(
        "chat.typing", events.typing, permission="chat.message.create", data_type=events.TypingIn
    )


plugin = Plugin(
    id="chat",
    name="Chat",
    description="Channels, direct messages and threads, delivered in real time.",
    author="lasuite",
    license="EUPL-1.2",
    requires_api=">=1.0,<2",
    setup=setup,
)
