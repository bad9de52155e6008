"""Every permission the core and the loaded plugins declare, and who holds it by default."""

from __future__ import annotations

from collections.abc import Iterable

from lasuite.plugins.contract import ORG_ROLES, Permission

ALL = ORG_ROLES
STAFF = ("owner", "admin", "member")
ADMINS = ("owner", "admin")

CORE_PERMISSIONS = (
    Permission(name="core.profile.read", description="See one's own profile", default_roles=ALL),
    Permission(
        name="core.organization.read", description="See the organization", default_roles=ALL
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
        name="core.grants.manage",
        description="Change what each role of the organization may do",
        default_roles=ADMINS,
    ),
    Permission(name="core.audit.read", description="Read the audit log", default_roles=ADMINS),
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
