"""Imports every core table so that the shared metadata is complete."""

from lasuite.audit.models import AuditEvent
from lasuite.identity.models import ApiToken, User
from lasuite.jobs.models import Job
from lasuite.notifications.models import Notification, NotificationEmail, NotificationPreference
from lasuite.plugin_host.models import DisabledPlugin, PluginRevision
from lasuite.storage.models import StoredFile
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
    "Job",
    "Membership",
    "Notification",
    "NotificationEmail",
    "NotificationPreference",
    "Organization",
    "OrganizationPlugin",
    "PluginRevision",
    "RoleGrant",
    "StoredFile",
    "Team",
    "TeamMember",
    "User",
]
