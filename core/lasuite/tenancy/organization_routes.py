"""The caller's organizations: listing, creating (staff), renaming, switching between them."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, patch, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import JSONBody
from msgspec import UNSET, UnsetType

from lasuite.plugins import CurrentActor, DbSession
from lasuite.settings import Settings
from lasuite.state import runtime_of
from lasuite.tenancy.models import Organization
from lasuite.tenancy.organizations import (
    current_organization,
    found_organization,
    memberships_of,
    rename_organization,
    set_siret,
    switch_organization,
)

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Slug = Annotated[
    str, msgspec.Meta(min_length=2, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
]
Siret = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{14}$")]


class OrganizationIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    slug: Slug
    siret: Siret | None = None


class OrganizationUpdateIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | None = None
    siret: Siret | UnsetType | None = UNSET
    """The establishment's SIRET (null: none); only the installation's staff set it."""


class OrganizationSwitchIn(msgspec.Struct, forbid_unknown_fields=True):
    organization: Annotated[str, msgspec.Meta(max_length=80)]
    """The slug of the organization to act in."""


class OrganizationOut(msgspec.Struct):
    id: uuid.UUID
    slug: str
    name: str
    siret: str | None
    role: str
    """The caller's role there."""


def organization_out(org: Organization, role: str) -> OrganizationOut:
    return OrganizationOut(id=org.id, slug=org.slug, name=org.name, siret=org.siret, role=role)


@get("/", permission="core.profile.read")
async def list_organizations(db: DbSession, actor: CurrentActor) -> list[OrganizationOut]:
    """The organizations the caller belongs to, with their role in each."""
    return [organization_out(org, role) for org, role in await memberships_of(db, actor.user_id)]


@post("/", permission="core.organization.create")
async def create_organization(
    data: JSONBody[OrganizationIn],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
) -> OrganizationOut:
    """Create an organization (installation staff only); its creator becomes its owner."""
    settings: Settings = runtime_of(request.app.state).settings
    plugins = settings.default_plugin_ids(runtime_of(request.app.state).registry.loaded_ids)
    org = await found_organization(
        db, actor, name=data.name, slug=data.slug, siret=data.siret, plugins=plugins
    )
    return organization_out(org, "owner")


@get("/current", permission="core.organization.read")
async def get_current_organization(db: DbSession, actor: CurrentActor) -> OrganizationOut:
    """The organization the caller acts in."""
    return organization_out(await current_organization(db, actor), actor.role)


@patch("/current", permission="core.organization.update")
async def update_current_organization(
    data: JSONBody[OrganizationUpdateIn], db: DbSession, actor: CurrentActor
) -> OrganizationOut:
    """Rename the organization (its admins), or set its SIRET (the installation's staff:
    ProConnect agents of that establishment then join it as members)."""
    org = await current_organization(db, actor)
    if data.siret is not UNSET:
        org = await set_siret(db, actor, siret=data.siret)
    if data.name is not None:
        org = await rename_organization(db, actor, name=data.name)
    return organization_out(org, actor.role)


@post("/switch", permission="core.profile.read", status_code=200)
async def switch(
    data: JSONBody[OrganizationSwitchIn],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
) -> OrganizationOut:
    """Act in another organization the caller belongs to, from the next request on."""
    if actor.via != "session":
        raise PermissionDeniedException("An API token acts in its own organization only.")
    org, role = await switch_organization(db, actor, slug=data.organization)
    request.set_session({**request.session, "organization_id": str(org.id)})
    return organization_out(org, role)


organizations_router = Router(
    path="/api/v1/orgs",
    route_handlers=[
        list_organizations,
        create_organization,
        get_current_organization,
        update_current_organization,
    ],
    tags=["organizations"],
)

switch_router = Router(path="/api/v1/auth", route_handlers=[switch], tags=["auth"])
