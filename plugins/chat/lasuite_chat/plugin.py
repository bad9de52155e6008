"""The chat plugin's manifest and registrations."""

from __future__ import annotations

from lasuite.plugins import NON_GUEST_ROLES, Permission, Plugin, PluginContext
from lasuite_chat import routes
from lasuite_chat.models import Channel


def setup(ctx: PluginContext) -> None:
    ctx.add_models(Channel)
    ctx.add_permissions(
        Permission(
            name="chat.channel.read",
            description="See the organization's channels",
            default_roles=("owner", "admin", "member", "guest"),
        ),
        Permission(
            name="chat.channel.create", description="Create channels", default_roles=NON_GUEST_ROLES
        ),
    )
    ctx.add_routes(routes.list_channels, routes.create_channel)


plugin = Plugin(
    id="chat",
    name="Chat",
    description="Channels, direct messages and threads, delivered in real time.",
    author="lasuite",
    license="EUPL-1.2",
    requires_api=">=1.0,<2",
    setup=setup,
)
