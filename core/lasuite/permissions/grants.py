"""What each role of an organization may do: the defaults, changed by the org's admins."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.permissions.actor import Actor
from lasuite.permissions.catalogue import PermissionCatalogue
from lasuite.realtime.core_events import GrantsChanged
from lasuite.realtime.topics import org_topic
from lasuite.tenancy.models import RoleGrant

if TYPE_CHECKING:
    from lasuite.plugins import EventBus


async def role_permissions(
    db: AsyncSession, catalogue: PermissionCatalogue, organization_id: uuid.UUID, role: str
) -> frozenset[str]:
    """The permissions ``role`` holds in the organization, read fresh on every call."""
    changes = await db.execute(
        select(RoleGrant.permission, RoleGrant.granted).where(
            RoleGrant.organization_id == organization_id, RoleGrant.role == role
        )
    )
    return with_changes(catalogue, role, changes)


def with_changes(
    catalogue: PermissionCatalogue, role: str, changes: Iterable[tuple[str, bool]]
) -> frozenset[str]:
    """The role's default permissions with the organization's ``(permission, granted)``
    changes applied; changes to permissions no loaded plugin declares are ignored."""
    granted = set(catalogue.granted_to(role))
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
    events: EventBus,
) -> None:
    """Record the organization's choice for (role, permission), audited; a real change
    publishes ``core.grants.changed`` on the organization's topic.

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
        await events.publish(
            db,
            GrantsChanged(role=role),
            organization_id=actor.organization_id,
            topics=[org_topic(actor.organization_id)],
        )
