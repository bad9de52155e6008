"""What each role of an organization may do: the defaults, changed by the org's admins."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.permissions.catalogue import PermissionCatalogue
from lasuite.tenancy.models import RoleGrant


async def role_permissions(
    db: AsyncSession, catalogue: PermissionCatalogue, organization_id: uuid.UUID, role: str
) -> frozenset[str]:
    """The permissions ``role`` holds in the organization, read fresh on every call."""
    granted = set(catalogue.granted_to(role))
    changes = await db.execute(
        select(RoleGrant.permission, RoleGrant.granted).where(
            RoleGrant.organization_id == organization_id, RoleGrant.role == role
        )
    )
    for permission, is_granted in changes:
        if permission not in catalogue:
            continue
        if is_granted:
            granted.add(permission)
        else:
            granted.discard(permission)
    return frozenset(granted)
