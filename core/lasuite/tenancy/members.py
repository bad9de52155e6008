"""The members of an organization: listing them, changing their role, removing them.

Only owners grant or take away the owner role, and an organization always keeps
at least one owner.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Literal

from litestar.exceptions import NotFoundException
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.identity.models import User
from lasuite.permissions.actor import Actor
from lasuite.problems import Problem
from lasuite.realtime.core_events import MemberChanged
from lasuite.realtime.topics import org_topic, user_topic
from lasuite.tenancy.models import Membership, Team, TeamMember

if TYPE_CHECKING:
    from lasuite.plugins import EventBus


Role = Literal["owner", "admin", "member", "guest"]
"""The roles a member of an organization holds."""


class LastOwner(Problem):
    code = "core.last_owner"
    status = 409
    message = "An organization keeps at least one owner."


class OwnersOnly(Problem):
    code = "core.owners_only"
    status = 403
    message = "Only owners give or take away the owner role."


async def list_members(
    db: AsyncSession, organization_id: uuid.UUID
) -> list[tuple[Membership, User]]:
    """Every member of the organization with their user, in the order they joined."""
    rows = await db.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organization_id == organization_id)
        .order_by(Membership.created_at, Membership.id)
    )
    return [(membership, user) for membership, user in rows]


async def change_role(
    db: AsyncSession, actor: Actor, *, user_id: uuid.UUID, role: str, events: EventBus
) -> tuple[Membership, User]:
    """Give a member of the actor's organization another role; audited, and published
    as ``core.member.changed``."""
    membership, user = await _membership(db, actor, user_id)
    if membership.role == role:
        return membership, user
    check_may_manage(actor, membership.role, role)
    was_owner = membership.role == "owner"
    if was_owner:
        await _lock_owners(db, actor.organization_id)
    record_event(
        db,
        action="core.member.role_changed",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=str(user_id),
        data={"from": membership.role, "to": role},
    )
    membership.role = role
    await db.flush()
    if was_owner:
        await _check_an_owner_remains(db, actor.organization_id)
    await publish_member_changed(db, events, actor.organization_id, user_id, role)
    return membership, user


async def remove_member(
    db: AsyncSession, actor: Actor, *, user_id: uuid.UUID, events: EventBus
) -> None:
    """Take a member out of the actor's organization and of its teams; audited, and
    published as ``core.member.changed`` with no role."""
    membership, _ = await _membership(db, actor, user_id)
    check_may_manage(actor, membership.role)
    if membership.role == "owner":
        await _lock_owners(db, actor.organization_id)
    await db.execute(
        delete(TeamMember).where(
            TeamMember.user_id == user_id,
            TeamMember.team_id.in_(
                select(Team.id).where(Team.organization_id == actor.organization_id)
            ),
        )
    )
    await db.delete(membership)
    record_event(
        db,
        action="core.member.removed",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=str(user_id),
        data={"role": membership.role},
    )
    await db.flush()
    if membership.role == "owner":
        await _check_an_owner_remains(db, actor.organization_id)
    await publish_member_changed(db, events, actor.organization_id, user_id, None)


async def publish_member_changed(
    db: AsyncSession,
    events: EventBus,
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    role: str | None,
) -> None:
    """Tell the organization and the member (all their tabs) that the member's role is
    now ``role`` (None: no longer a member); the member's open websockets re-check it."""
    await events.publish(
        db,
        MemberChanged(user_id=user_id, role=role),
        organization_id=organization_id,
        topics=[org_topic(organization_id), user_topic(user_id)],
    )


def check_may_manage(actor: Actor, *roles: str) -> None:
    """Only owners make someone an owner or change or remove an owner."""
    if "owner" in roles and actor.role != "owner":
        raise OwnersOnly()


async def is_member(db: AsyncSession, organization_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    found = await db.scalar(
        select(Membership.id).where(
            Membership.organization_id == organization_id, Membership.user_id == user_id
        )
    )
    return found is not None


async def _membership(
    db: AsyncSession, actor: Actor, user_id: uuid.UUID
) -> tuple[Membership, User]:
    found = (
        await db.execute(
            select(Membership, User)
            .join(User, User.id == Membership.user_id)
            .where(
                Membership.organization_id == actor.organization_id, Membership.user_id == user_id
            )
        )
    ).first()
    if found is None:
        raise NotFoundException("No such member.")
    return found[0], found[1]


async def _lock_owners(db: AsyncSession, organization_id: uuid.UUID) -> None:
    """Lock the owners' rows (on PostgreSQL) until the transaction ends, so that
    changes to owners are made one at a time."""
    await db.execute(
        select(Membership.id)
        .where(Membership.organization_id == organization_id, Membership.role == "owner")
        .with_for_update()
    )


async def _check_an_owner_remains(db: AsyncSession, organization_id: uuid.UUID) -> None:
    """Refuse a change, once written, that left the organization without an owner.

    Checked after the write rather than before: the write is what makes SQLite
    serialize two concurrent changes, so the second one sees the first.
    """
    owners = await db.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.organization_id == organization_id, Membership.role == "owner")
    )
    if not owners:
        raise LastOwner()
