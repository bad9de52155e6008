"""Imports every core table so that the shared metadata is complete."""

from lasuite.identity.models import User
from lasuite.plugins.models import DisabledPlugin
from lasuite.tenancy.models import Membership, Organization

__all__ = ["DisabledPlugin", "Membership", "Organization", "User"]
