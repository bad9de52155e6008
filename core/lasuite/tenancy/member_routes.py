"""The members of the caller's organization: listing them, their roles, removing them."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec
from litestar import Router, delete, get, patch
from litestar.params import FromPath, JSONBody

from lasuite.identity.models import User
from lasuite.plugins import CurrentActor, DbSession, Events
from lasuite.tenancy.members import Role, change_role, list_members, remove_member
from lasuite.tenancy.models import Membership


class RoleIn(msgspec.Struct, forbid_unknown_fields=True):
    role: Role


class MemberOut(msgspec.Struct):
    user_id: uuid.UUID
    email: str
    display_name: str
    role: str
    joined_at: datetime


def member_out(membership: Membership, user: User) -> MemberOut:
    return MemberOut(
        user_id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=membership.role,
        joined_at=membership.created_at,
    )


@get("/", permission="core.members.read")
async def list_organization_members(db: DbSession, actor: CurrentActor) -> list[MemberOut]:
    """The organization's members, in the order they joined."""
    return [member_out(m, u) for m, u in await list_members(db, actor.organization_id)]


@patch("/{user_id:uuid}", permission="core.members.manage")
async def change_member_role(
    user_id: FromPath[uuid.UUID],
    data: JSONBody[RoleIn],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> MemberOut:
    """Give a member another role; only owners grant or take away ``owner``, and an
    organization keeps at least one owner (409)."""
    membership, user = await change_role(db, actor, user_id=user_id, role=data.role, events=events)
    return member_out(membership, user)


@delete("/{user_id:uuid}", permission="core.members.manage")
async def remove_organization_member(
    user_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor, events: Events
) -> None:
    """Take a member out of the organization and its teams; never its last owner (409)."""
    await remove_member(db, actor, user_id=user_id, events=events)


members_router = Router(
    path="/api/v1/orgs/current/members",
    route_handlers=[list_organization_members, change_member_role, remove_organization_member],
    tags=["members"],
)
