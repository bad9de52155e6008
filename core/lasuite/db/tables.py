"""Imports every core table so that the shared metadata is complete."""

from lasuite.audit.models import AuditEvent
from lasuite.identity.models import ApiToken, User
from lasuite.plugins.models import DisabledPlugin
from lasuite.tenancy.models import (
    Invitation,
    Membership,
    Organization,
    OrganizationPlugin,
    RoleGrant,
    Team,
    TeamMember,
)

__all__ = [
    "ApiToken",
    "AuditEvent",
    "DisabledPlugin",
    "Invitation",
    "Membership",
    "Organization",
    "OrganizationPlugin",
    "RoleGrant",
    "Team",
    "TeamMember",
    "User",
]
