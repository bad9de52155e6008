"""The dependencies a route handler of a plugin asks for by parameter name and type.

Each is a named dependency: the parameter's name picks it (``events: Events``), and
the loader refuses a plugin whose handler names one wrongly.
"""

from __future__ import annotations

from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.permissions.actor import Actor
from lasuite.plugins._services import (
    AuditTrail,
    EventBus,
    JobQueue,
    MemberDirectory,
    Notifier,
    OnlineUsers,
    PluginFiles,
)

DbSession = NamedDependency[AsyncSession]
"""Handler parameter ``db: DbSession``: the request's transaction, committed before the
response is sent and rolled back when the handler raises."""

CurrentActor = NamedDependency[Actor]
"""Handler parameter ``actor: CurrentActor``: the signed-in caller in their organization."""

Caller = NamedDependency[Actor | None]
"""Handler parameter ``caller: Caller``, for ``public=True`` routes: the signed-in caller in
their organization, or None when nobody is signed in (API 1.3)."""

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

Members = NamedDependency[MemberDirectory]
"""Handler parameter ``members: Members``: other members of the caller's organization as
they would act there, to check what they may see (API 1.6; see :class:`MemberDirectory`)."""

Audit = NamedDependency[AuditTrail]
"""Handler parameter ``audit: Audit``: write the actions the plugin declared with
``ctx.add_audit_actions`` to the organization's audit log, as the signed-in caller (API
1.16; see :class:`AuditTrail`)."""

DEPENDENCIES: dict[str, tuple[str, object]] = {
    "db": ("DbSession", DbSession),
    "actor": ("CurrentActor", CurrentActor),
    "caller": ("Caller", Caller),
    "files": ("Files", Files),
    "jobs": ("Jobs", Jobs),
    "events": ("Events", Events),
    "presence": ("Presence", Presence),
    "notifier": ("Notifications", Notifications),
    "members": ("Members", Members),
    "audit": ("Audit", Audit),
}
"""Each dependency's parameter name, and the name and type a handler annotates it with."""


def misnamed_dependency(parameter: str, annotation: object) -> tuple[str, str] | None:
    """``(problem, fix)`` when a handler's ``parameter: annotation`` asks for a dependency
    by the wrong name, or gives a dependency's name another type; None when it is right."""
    for name, (type_name, alias) in DEPENDENCIES.items():
        if annotation == alias and parameter != name:
            return (
                f"parameter '{parameter}: {type_name}' names no dependency",
                f"name it '{name}: {type_name}'",
            )
    if parameter in DEPENDENCIES and annotation != DEPENDENCIES[parameter][1]:
        type_name = DEPENDENCIES[parameter][0]
        return (
            f"parameter '{parameter}' is the name of a dependency but is typed otherwise",
            f"type it '{parameter}: {type_name}', or rename it",
        )
    return None
