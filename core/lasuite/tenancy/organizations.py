"""Creating organizations and their memberships."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.tenancy.models import Membership, Organization, OrganizationPlugin


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
