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

from lasuite.checks.contract import CheckFailed
from lasuite.db.base import Model
from lasuite.identity.colours import colour_of
from lasuite.identity.email_address import EmailAddress
from lasuite.permissions.actor import Actor
from lasuite.permissions.policy import ResourcePolicy, authorize
from lasuite.plugin_counters import MetricCounter
from lasuite.plugins._context import PluginContext
from lasuite.plugins._contract import (
    ADMIN_ROLES,
    API_VERSION,
    NON_GUEST_ROLES,
    ORG_ROLES,
    Fragment,
    Permission,
    Plugin,
    PluginError,
)
from lasuite.plugins._dependencies import (
    Audit,
    Caller,
    CurrentActor,
    DbSession,
    Events,
    Files,
    Jobs,
    Members,
    Notifications,
    Presence,
)
from lasuite.plugins._org_state import organization_settings, plugin_enabled
from lasuite.plugins._people import display_names, member_roles, team_names, user_profiles
from lasuite.plugins._services import (
    ActionContext,
    AuditTrail,
    Database,
    EventBus,
    EventContext,
    InstanceContext,
    JobQueue,
    JobRun,
    MemberDirectory,
    Notifier,
    OnlineUsers,
    PluginFiles,
    Relay,
)
from lasuite.portability.contract import ReadableCopies
from lasuite.problems import Problem
from lasuite.realtime.core_events import (
    GrantsChanged,
    MemberChanged,
    PluginSwitched,
    TeamChanged,
    TopicAccessChanged,
)
from lasuite.realtime.events import Event, Veto
from lasuite.search.contract import SearchContext, SearchProvider, SearchQuery, SearchResult
from lasuite.storage.bucket import BucketUpload
from lasuite.storage.models import StoredFile

__all__ = [
    "ADMIN_ROLES",
    "API_VERSION",
    "NON_GUEST_ROLES",
    "ORG_ROLES",
    "ActionContext",
    "Actor",
    "Audit",
    "AuditTrail",
    "BucketUpload",
    "Caller",
    "CheckFailed",
    "CurrentActor",
    "Database",
    "DbSession",
    "EmailAddress",
    "Event",
    "EventBus",
    "EventContext",
    "Events",
    "Files",
    "Fragment",
    "GrantsChanged",
    "InstanceContext",
    "JobQueue",
    "JobRun",
    "Jobs",
    "MemberChanged",
    "MemberDirectory",
    "Members",
    "MetricCounter",
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
    "Problem",
    "ReadableCopies",
    "Relay",
    "ResourcePolicy",
    "SearchContext",
    "SearchProvider",
    "SearchQuery",
    "SearchResult",
    "StoredFile",
    "TeamChanged",
    "TopicAccessChanged",
    "Veto",
    "authorize",
    "colour_of",
    "display_names",
    "member_roles",
    "organization_settings",
    "plugin_enabled",
    "team_names",
    "user_profiles",
]
