"""What each role of an organization may do: the defaults, changed by the org's admins."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.permissions.actor import Actor
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


async def change_grant(
    db: AsyncSession,
    catalogue: PermissionCatalogue,
    actor: Actor,
    *,
    role: str,
    permission: str,
    granted: bool,
) -> None:
    """Record the organization's choice for (role, permission), audited.

    A choice equal to the default is stored as no change at all, so that a later
    change of the default applies.
    """
    before = permission in await role_permissions(db, catalogue, actor.organization_id, role)
    await db.execute(
        delete(RoleGrant).where(
            RoleGrant.organization_id == actor.organization_id,
            RoleGrant.role == role,
            RoleGrant.permission == permission,
        )
    )
    if granted != (permission in catalogue.granted_to(role)):
        db.add(
            RoleGrant(
                organization_id=actor.organization_id,
                role=role,
                permission=permission,
                granted=granted,
            )
        )
    if before != granted:
        record_event(
            db,
            action="core.grant.changed",
            organization_id=actor.organization_id,
            actor_id=actor.user_id,
            target=f"{role}:{permission}",
            data={"role": role, "permission": permission, "granted": granted},
        )
