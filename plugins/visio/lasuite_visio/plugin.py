"""The visio plugin's manifest and registrations."""

from __future__ import annotations

from lasuite.plugins import NON_GUEST_ROLES, Permission, Plugin, PluginContext
from lasuite_visio import routes
from lasuite_visio.models import Room
from lasuite_visio.search import search_rooms


def setup(ctx: PluginContext) -> None:
    ctx.add_models(Room)
    ctx.add_permissions(
        Permission(
            name="visio.room.read",
            description="See the organization's meeting rooms",
            default_roles=("owner", "admin", "member", "guest"),
        ),
        Permission(
            name="visio.room.create",
            description="Create meeting rooms",
            default_roles=NON_GUEST_ROLES,
        ),
    )
    ctx.add_routes(routes.list_rooms, routes.create_room, routes.get_room)
    ctx.add_search_provider(search_rooms)


plugin = Plugin(
    id="visio",
    name="Visio",
    description="Video meeting rooms, reached by a short readable link.",
    author="lasuite",
    license="EUPL-1.2",
    requires_api=">=1.0,<2",
    setup=setup,
)
