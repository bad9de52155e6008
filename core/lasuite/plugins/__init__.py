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
from lasuite.jobs.queue import JobQueue
from lasuite.jobs.run import JobRun
from lasuite.notifications.service import Notifier
from lasuite.permissions.actor import Actor
from lasuite.permissions.policy import ResourcePolicy, authorize
from lasuite.plugins.context import PluginContext
from lasuite.plugins.contract import (
    ADMIN_ROLES,
    API_VERSION,
    NON_GUEST_ROLES,
    ORG_ROLES,
    Fragment,
    Permission,
    Plugin,
    PluginError,
)
from lasuite.plugins.org_state import organization_settings, plugin_enabled
from lasuite.plugins.people import display_names, member_roles, team_names, user_profiles
from lasuite.realtime.actions import ActionContext
from lasuite.realtime.bus import EventBus
from lasuite.realtime.core_events import (
    GrantsChanged,
    MemberChanged,
    PluginSwitched,
    TopicAccessChanged,
)
from lasuite.realtime.events import Event, EventContext, Veto
from lasuite.realtime.online import OnlineUsers
from lasuite.search.contract import SearchContext, SearchProvider, SearchQuery, SearchResult
from lasuite.storage.files import PluginFiles
from lasuite.storage.models import StoredFile

DbSession = NamedDependency[AsyncSession]
"""Handler parameter ``db: DbSession``: the request's transaction, committed before the
response is sent and rolled back when the handler raises."""

CurrentActor = NamedDependency[Actor]
"""Handler parameter ``actor: CurrentActor``: the signed-in caller in their organization."""

Jobs = NamedDependency[JobQueue]
"""Handler parameter ``jobs: Jobs``: enqueue the background jobs plugins register with
``ctx.add_job`` (API 1.0; see :class:`JobQueue`)."""

Files = NamedDependency[PluginFiles]
"""Handler parameter ``files: Files``: the running plugin's stored files — save an upload,
open a download after the plugin's own check, delete (API 1.0; see :class:`PluginFiles`)."""

Notifications = NamedDependency[Notifier]
"""Handler parameter ``notifier: Notifications``: notify users with the kinds the plugin
declared with ``ctx.add_notification_kind`` (API 1.0; see :class:`Notifier`)."""

Events = NamedDependency[EventBus]
"""Handler parameter ``events: Events``: publish the events the plugin declared with
``ctx.add_events`` (API 1.0; see :class:`EventBus`)."""

Presence = NamedDependency[OnlineUsers]
"""Handler parameter ``presence: Presence``: who is online (connected and not away) in the
caller's organization or in a topic (API 1.0; see :class:`OnlineUsers`)."""

__all__ = [
    "ADMIN_ROLES",
    "API_VERSION",
    "NON_GUEST_ROLES",
    "ORG_ROLES",
    "ActionContext",
    "Actor",
    "CurrentActor",
    "DbSession",
    "Event",
    "EventBus",
    "EventContext",
    "Events",
    "Files",
    "Fragment",
    "GrantsChanged",
    "JobQueue",
    "JobRun",
    "Jobs",
    "MemberChanged",
    "Model",
    "Notifications",
    "Notifier",
    "OnlineUsers",
    "Permission",
    "Plugin",
    "PluginContext",
    "PluginError",
    "PluginFiles",
    "PluginSwitched",
    "Presence",
    "ResourcePolicy",
    "SearchContext",
    "SearchProvider",
    "SearchQuery",
    "SearchResult",
    "StoredFile",
    "TopicAccessChanged",
    "Veto",
    "authorize",
    "display_names",
    "member_roles",
    "organization_settings",
    "plugin_enabled",
    "team_names",
    "user_profiles",
]
