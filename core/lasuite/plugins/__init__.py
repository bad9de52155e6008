"""The public plugin API, the only part of ``lasuite`` a plugin imports.

A plugin is a distribution with an entry point in the group ``lasuite.plugins``
naming a :class:`Plugin`; the core calls its ``setup(ctx)`` with a
:class:`PluginContext` to collect its routes, tables, permissions and more.

Example::

    from litestar import get
    from lasuite.plugins import CurrentActor, Permission, Plugin, PluginContext

    @get("/hello", permission="hello.greeting.read")
    async def hello(actor: CurrentActor) -> dict[str, str]:
        return {"hello": actor.display_name}

    def setup(ctx: PluginContext) -> None:
        ctx.add_permissions(Permission(name="hello.greeting.read", description="Be greeted",
                                       default_roles=("owner", "admin", "member")))
        ctx.add_routes(hello)

    plugin = Plugin(id="hello", name="Hello", requires_api=">=1.0,<2", setup=setup)
"""

from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.base import Model
from lasuite.permissions.actor import Actor
from lasuite.permissions.policy import ResourcePolicy, authorize
from lasuite.plugins.context import PluginContext
from lasuite.plugins.contract import (
    API_VERSION,
    ORG_ROLES,
    Fragment,
    Permission,
    Plugin,
    PluginError,
)

DbSession = NamedDependency[AsyncSession]
"""Handler parameter ``db: DbSession``: the request's transaction, committed before the
response is sent and rolled back when the handler raises."""

CurrentActor = NamedDependency[Actor]
"""Handler parameter ``actor: CurrentActor``: the signed-in caller in their organization."""

__all__ = [
    "API_VERSION",
    "ORG_ROLES",
    "Actor",
    "CurrentActor",
    "DbSession",
    "Fragment",
    "Model",
    "Permission",
    "Plugin",
    "PluginContext",
    "PluginError",
    "ResourcePolicy",
    "authorize",
]
