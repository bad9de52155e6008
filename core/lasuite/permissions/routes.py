"""Organization admins read and change what each role may do."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, put
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody, Parameter

from lasuite.permissions.catalogue import PermissionCatalogue
from lasuite.permissions.grants import change_grant, role_permissions
from lasuite.plugins import ORG_ROLES, CurrentActor, DbSession, Events
from lasuite.problems import Problem
from lasuite.state import runtime_of


class OwnersKeepGrants(Problem):
    code = "core.owners_keep_grants"
    status = 409
    message = "Owners always keep the right to change grants."


class GrantNotHeld(Problem):
    code = "core.grant_not_held"
    status = 403
    message = "You cannot grant a permission you do not hold."


class PermissionOut(msgspec.Struct):
    name: str
    description: str
    """In English."""
    descriptions: dict[str, str]
    """By language code, English included: the workspace shows the reader's."""
    default_roles: list[str]


class RoleOut(msgspec.Struct):
    role: str
    permissions: list[str]
    protected: list[str]
    """Permissions the role always keeps: the admin form shows them locked."""


class GrantIn(msgspec.Struct, forbid_unknown_fields=True):
    granted: bool


# An organization must never lose the means to change its own grants.
PROTECTED_GRANTS = {"owner": ("core.grants.manage",)}


def role_out(role: str, permissions: frozenset[str]) -> RoleOut:
    return RoleOut(
        role=role,
        permissions=sorted(permissions),
        protected=list(PROTECTED_GRANTS.get(role, ())),
    )


def _catalogue(request: Request[Any, Any, Any]) -> PermissionCatalogue:
    catalogue: PermissionCatalogue = runtime_of(request.app.state).permissions
    return catalogue


@get("/permissions", permission="core.grants.manage")
async def list_permissions(request: Request[Any, Any, Any]) -> list[PermissionOut]:
    """Every permission the core and the loaded plugins declare."""
    return [
        PermissionOut(
            name=p.name,
            description=p.description,
            descriptions={"en": p.description, **p.descriptions},
            default_roles=list(p.default_roles),
        )
        for p in _catalogue(request).permissions.values()
    ]


@get("/roles", permission="core.grants.manage")
async def list_roles(
    request: Request[Any, Any, Any], db: DbSession, actor: CurrentActor
) -> list[RoleOut]:
    """What each role holds in this organization now, and what it always keeps."""
    catalogue = _catalogue(request)
    return [
        role_out(role, await role_permissions(db, catalogue, actor.organization_id, role))
        for role in ORG_ROLES
    ]


@put("/roles/{role:str}/permissions/{permission:str}", permission="core.grants.manage")
async def set_grant(
    role: Annotated[str, Parameter(max_length=16)],
    permission: Annotated[str, Parameter(max_length=120)],
    data: JSONBody[GrantIn],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> RoleOut:
    """Grant or withdraw one permission from a role; takes effect on the next request.
    Only a permission the caller holds may be granted (403 otherwise)."""
    catalogue = _catalogue(request)
    if role not in ORG_ROLES or permission not in catalogue:
        raise NotFoundException("No such role or permission.")
    if permission in PROTECTED_GRANTS.get(role, ()) and not data.granted:
        raise OwnersKeepGrants()
    if data.granted and not actor.can(permission):
        # Else an admin could hand a role (theirs included) what they were not given.
        raise GrantNotHeld()
    await change_grant(
        db, catalogue, actor, role=role, permission=permission, granted=data.granted, events=events
    )
    return role_out(role, await role_permissions(db, catalogue, actor.organization_id, role))


grants_router = Router(
    path="/api/v1/orgs/current",
    route_handlers=[list_permissions, list_roles, set_grant],
    tags=["permissions"],
)
