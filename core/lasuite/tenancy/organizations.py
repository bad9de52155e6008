"""Creating organizations, their memberships, and finding those of a user."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from litestar.exceptions import NotFoundException, PermissionDeniedException
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.identity.models import User
from lasuite.permissions.actor import Actor
from lasuite.problems import Problem
from lasuite.tenancy.models import Membership, Organization, OrganizationPlugin


class OrganizationExists(Problem):
    code = "core.organization_exists"
    status = 409
    message = "An organization with this slug or SIRET already exists."


async def create_organization(
    db: AsyncSession,
    *,
    name: str,
    slug: str,
    plugins: Iterable[str],
    siret: str | None = None,
) -> Organization:
    """A new organization with ``plugins`` (the installation's default set) enabled."""
    org = Organization(name=name, slug=slug, siret=siret)
    db.add(org)
    await db.flush()
    db.add_all(OrganizationPlugin(organization_id=org.id, plugin_id=p) for p in plugins)
    await db.flush()
    return org


async def add_member(
    db: AsyncSession, *, organization_id: uuid.UUID, user_id: uuid.UUID, role: str
) -> Membership:
    membership = Membership(organization_id=organization_id, user_id=user_id, role=role)
    db.add(membership)
    await db.flush()
    return membership


async def _require_staff(db: AsyncSession, actor: Actor, doing: str) -> None:
    if not await db.scalar(select(User.is_staff).where(User.id == actor.user_id)):
        raise PermissionDeniedException(f"Only the installation's staff {doing}.")


async def found_organization(
    db: AsyncSession,
    actor: Actor,
    *,
    name: str,
    slug: str,
    plugins: Iterable[str],
    siret: str | None = None,
) -> Organization:
    """A new organization created by installation staff, who become its owner; audited."""
    await _require_staff(db, actor, "create organizations")
    clash = Organization.slug == slug
    if siret is not None:
        clash = or_(clash, Organization.siret == siret)
    if await db.scalar(select(Organization.id).where(clash)) is not None:
        raise OrganizationExists()
    org = await create_organization(db, name=name, slug=slug, plugins=plugins, siret=siret)
    await add_member(db, organization_id=org.id, user_id=actor.user_id, role="owner")
    record_event(
        db,
        action="core.organization.created",
        organization_id=org.id,
        actor_id=actor.user_id,
        target=slug,
        data={"name": name, "slug": slug, "siret": siret},
    )
    return org


async def current_organization(db: AsyncSession, actor: Actor) -> Organization:
    org = await db.get(Organization, actor.organization_id)
    if org is None:  # deleted since the actor was loaded
        raise NotFoundException("No such organization.")
    return org


async def rename_organization(db: AsyncSession, actor: Actor, *, name: str) -> Organization:
    """Rename the actor's organization; audited when the name changes."""
    org = await current_organization(db, actor)
    if org.name != name:
        record_event(
            db,
            action="core.organization.updated",
            organization_id=org.id,
            actor_id=actor.user_id,
            target=org.slug,
            data={"from": {"name": org.name}, "to": {"name": name}},
        )
        org.name = name
        await db.flush()
    return org


async def set_siret(db: AsyncSession, actor: Actor, *, siret: str | None) -> Organization:
    """Give the actor's organization its SIRET (None: none), which brings ProConnect agents
    of that establishment in as members: installation staff only, since whoever sets it
    decides who joins; audited when it changes."""
    await _require_staff(db, actor, "set an organization's SIRET")
    org = await current_organization(db, actor)
    if siret == org.siret:
        return org
    if siret is not None and await db.scalar(
        select(Organization.id).where(Organization.siret == siret, Organization.id != org.id)
    ):
        raise OrganizationExists()
    record_event(
        db,
        action="core.organization.siret_changed",
        organization_id=org.id,
        actor_id=actor.user_id,
        target=org.slug,
        data={"from": org.siret, "to": siret},
    )
    org.siret = siret
    await db.flush()
    return org


async def memberships_of(
    db: AsyncSession, user_id: uuid.UUID, *, slug: str | None = None
) -> list[tuple[Organization, str]]:
    """The organizations ``user_id`` belongs to with their role, in the order joined."""
    query = (
        select(Organization, Membership.role)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Membership.user_id == user_id)
        .order_by(Membership.created_at)
    )
    if slug is not None:
        query = query.where(Organization.slug == slug)
    return [(org, role) for org, role in await db.execute(query)]


async def switch_organization(
    db: AsyncSession, actor: Actor, *, slug: str
) -> tuple[Organization, str]:
    """The organization ``slug`` and the actor's role there, to act in from now; audited."""
    found = await memberships_of(db, actor.user_id, slug=slug)
    if not found:
        raise NotFoundException("You belong to no such organization.")
    org, role = found[0]
    record_event(
        db,
        action="core.org.switched",
        organization_id=org.id,
        actor_id=actor.user_id,
        target=slug,
        data={"from": str(actor.organization_id)},
    )
    return org, role
