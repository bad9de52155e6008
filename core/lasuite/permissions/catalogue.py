"""Every permission the core and the loaded plugins declare, and who holds it by default."""

from __future__ import annotations

from collections.abc import Iterable

from lasuite.plugins._contract import ADMIN_ROLES, NON_GUEST_ROLES, ORG_ROLES, Permission

ALL = ORG_ROLES
NON_GUESTS = NON_GUEST_ROLES
ADMINS = ADMIN_ROLES

CORE_PERMISSIONS = (
    Permission(name="core.profile.read", description="See one's own profile", default_roles=ALL),
    Permission(
        name="core.token.manage",
        description="Create, list and revoke one's own personal API tokens",
        default_roles=ALL,
    ),
    Permission(
        name="core.organization.read", description="See the organization", default_roles=ALL
    ),
    Permission(
        name="core.organization.create",
        description="Create organizations; only installation staff (is_staff) ever may",
        default_roles=ALL,
    ),
    Permission(
        name="core.organization.update", description="Rename the organization", default_roles=ADMINS
    ),
    Permission(
        name="core.members.read",
        description="See the organization's members",
        default_roles=NON_GUESTS,
    ),
    Permission(
        name="core.members.manage",
        description="Change members' roles and remove members",
        default_roles=ADMINS,
    ),
    Permission(
        name="core.invitations.manage",
        description="Invite people to the organization and revoke invitations",
        default_roles=ADMINS,
    ),
    Permission(name="core.teams.read", description="See the teams", default_roles=NON_GUESTS),
    Permission(
        name="core.teams.manage",
        description="Create, rename and delete teams and choose their members",
        default_roles=ADMINS,
    ),
    Permission(
        name="core.plugins.read", description="See the installed plugins", default_roles=ADMINS
    ),
    Permission(
        name="core.plugins.manage",
        description="Enable, disable and configure plugins for the organization",
        default_roles=ADMINS,
    ),
    Permission(name="core.workspace.read", description="Open the workspace", default_roles=ALL),
    Permission(
        name="core.realtime.connect",
        description="Open the app websocket and see who is online or present in a topic",
        default_roles=ALL,
    ),
    Permission(
        name="core.grants.manage",
        description="Change what each role of the organization may do",
        default_roles=ADMINS,
    ),
    Permission(name="core.audit.read", description="Read the audit log", default_roles=ADMINS),
    Permission(
        name="core.notifications.read",
        description="Read one's own notifications and choose how to get them",
        default_roles=ALL,
    ),
    Permission(
        name="core.jobs.read",
        description="Follow a background job of the organization (export, transcription…)",
        default_roles=ALL,
    ),
    Permission(
        name="core.jobs.manage",
        description="See the organization's failed background jobs and retry them",
        default_roles=ADMINS,
    ),
    Permission(
        name="core.search.use",
        description="Search the organization's content, each plugin showing what one may read",
        default_roles=ALL,
    ),
    Permission(
        name="core.file.read",
        description="Download files, where the plugin owning each one allows it",
        default_roles=ALL,
    ),
)


class PermissionCatalogue:
    """The declared permissions and the default grants of each organization role."""

    def __init__(self, permissions: Iterable[Permission]) -> None:
        self.permissions = {p.name: p for p in permissions}
        self._grants = {
            role: frozenset(p.name for p in self.permissions.values() if role in p.default_roles)
            for role in ORG_ROLES
        }

    def __contains__(self, name: object) -> bool:
        return name in self.permissions

    def granted_to(self, role: str) -> frozenset[str]:
        return self._grants.get(role, frozenset())
