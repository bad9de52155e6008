"""Sharing a document over HTTP: who holds a role on it (granted to them or to one of the
pages above it), granting and taking back roles, and the document's link.

Changes take effect at once: once committed, every app instance checks the open editing
sessions of the document and of the pages under it again (a user who lost the right to
edit is cut off from editing; one who lost access is disconnected)."""

from __future__ import annotations

import uuid

import msgspec
from litestar import delete, get, patch, put
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import (
    Audit,
    CurrentActor,
    DbSession,
    EventBus,
    Events,
    Problem,
    display_names,
    member_roles,
    team_names,
)
from lasuite_docs import comments, services, tree
from lasuite_docs.access import READ, SHARE, Access, LinkReach, LinkRole, Role, ancestry
from lasuite_docs.events import AccessChanged
from lasuite_docs.models import Document, DocumentAccess
from lasuite_docs.rooms import Rooms
from lasuite_docs.routes import DocumentOut


class OwnersOnly(Problem):
    code = "docs.owners_only"
    status = 403
    message = "Only the document's owners may give or take the owner role."


class LastOwner(Problem):
    code = "docs.last_owner"
    status = 409
    message = "A document keeps at least one owner."


class OneHolder(Problem):
    code = "docs.one_holder"
    message = "Give a role to one user or one team: name either, not both."


PROBLEMS: tuple[type[Problem], ...] = (OwnersOnly, LastOwner, OneHolder)


class AccessIn(msgspec.Struct, forbid_unknown_fields=True):
    role: Role
    user_id: uuid.UUID | None = None
    team_id: uuid.UUID | None = None


class AccessOut(msgspec.Struct):
    id: uuid.UUID
    role: str
    user_id: uuid.UUID | None
    team_id: uuid.UUID | None
    name: str
    document_id: uuid.UUID
    """The page the role was granted on: this one, or one above it (inherited)."""


class LinkIn(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    link_reach: LinkReach | None = None
    link_role: LinkRole | None = None


@get("/documents/{document_id:uuid}/accesses", permission=READ)
async def list_accesses(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> list[AccessOut]:
    """Who holds a role on the document, on it or on a page above it (its readers see it)."""
    access = await services.document_for(db, actor, document_id)
    chain = [d.id for d in await ancestry(db, access.document)]
    grants = list(
        await db.scalars(
            select(DocumentAccess)
            .where(DocumentAccess.document_id.in_(chain))
            .order_by(DocumentAccess.created_at, DocumentAccess.id)
        )
    )
    people = await display_names(db, [g.user_id for g in grants if g.user_id])
    teams = await team_names(
        db, [g.team_id for g in grants if g.team_id], organization_id=actor.organization_id
    )
    return [
        AccessOut(
            id=g.id,
            role=g.role,
            user_id=g.user_id,
            team_id=g.team_id,
            name=people.get(g.user_id, "") if g.user_id else teams.get(g.team_id, ""),  # type: ignore[arg-type]
            document_id=g.document_id,
        )
        for g in grants
    ]


@put("/documents/{document_id:uuid}/accesses", permission=READ, status_code=200)
async def grant_access(
    document_id: FromPath[uuid.UUID],
    data: JSONBody[AccessIn],
    actor: CurrentActor,
    events: Events,
    rooms: NamedDependency[Rooms],
) -> AccessOut:
    """Give a user or a team of the organization a role on the document and the pages
    under it, or change theirs (the document's administrators; owners for the owner role)."""
    async with rooms.database.transaction() as db:
        access = await services.document_for(db, actor, document_id, SHARE)
        if (data.user_id is None) == (data.team_id is None):
            raise OneHolder()
        name = await _holder_name(db, actor.organization_id, data.user_id, data.team_id)
        held = (
            DocumentAccess.user_id == data.user_id
            if data.user_id
            else (DocumentAccess.team_id == data.team_id)
        )
        grant = await db.scalar(
            select(DocumentAccess).where(DocumentAccess.document_id == document_id, held)
        )
        if "owner" in (data.role, grant.role if grant else None) and access.role != "owner":
            raise OwnersOnly()
        if grant is None:
            grant = DocumentAccess(
                document_id=document_id, user_id=data.user_id, team_id=data.team_id, role=data.role
            )
            db.add(grant)
        else:
            if grant.role == "owner" and data.role != "owner":
                await _keep_an_owner(db, access.document, grant)
            grant.role = data.role
        await db.flush()
        subtree = await tree.subtree(db, access.document)
        await announce_access(db, events, access, grant.user_id)
        shown = AccessOut(grant.id, grant.role, grant.user_id, grant.team_id, name, document_id)
    await rooms.access_changed(subtree)
    return shown


@delete("/documents/{document_id:uuid}/accesses/{access_id:uuid}", permission=READ)
async def revoke_access(
    document_id: FromPath[uuid.UUID],
    access_id: FromPath[uuid.UUID],
    actor: CurrentActor,
    events: Events,
    rooms: NamedDependency[Rooms],
) -> None:
    """Take a role back (the document's administrators; owners for an owner's)."""
    async with rooms.database.transaction() as db:
        access = await services.document_for(db, actor, document_id, SHARE)
        grant = await db.scalar(
            select(DocumentAccess).where(
                DocumentAccess.document_id == document_id, DocumentAccess.id == access_id
            )
        )
        if grant is None:
            raise NotFoundException("No such access.")
        if grant.role == "owner":
            if access.role != "owner":
                raise OwnersOnly()
            await _keep_an_owner(db, access.document, grant)
        await db.delete(grant)
        subtree = await tree.subtree(db, access.document)
        await announce_access(db, events, access, grant.user_id)
    await rooms.access_changed(subtree)


@patch("/documents/{document_id:uuid}/link", permission=READ)
async def change_link(
    document_id: FromPath[uuid.UUID],
    data: JSONBody[LinkIn],
    actor: CurrentActor,
    events: Events,
    audit: Audit,
    rooms: NamedDependency[Rooms],
) -> DocumentOut:
    """Who reaches the document (and the pages under it) without a grant, and with which
    role: nobody, or every member of the organization (its administrators). The change
    is written to the organization's audit log."""
    async with rooms.database.transaction() as db:
        access = await services.document_for(db, actor, document_id, SHARE)
        if data.link_reach is not None:
            access.document.link_reach = data.link_reach
        if data.link_role is not None:
            access.document.link_role = data.link_role
        await db.flush()
        audit.record(
            db,
            "docs.link.changed",
            target=str(document_id),
            data={
                "name": access.document.title,
                "reach": access.document.link_reach,
                "link_role": access.document.link_role,
            },
        )
        subtree = await tree.subtree(db, access.document)
        await announce_access(db, events, access)
        shown = DocumentOut.seen(Access(access.document, access.role))
    await rooms.access_changed(subtree)
    return shown


async def announce_access(
    db: AsyncSession, events: EventBus, access: Access, user_id: uuid.UUID | None = None
) -> None:
    """Tell that who may use the document changed: for ``user_id`` only (a grant of
    theirs), or for anyone (None)."""
    await events.publish(
        db,
        AccessChanged(document_id=access.document.id),
        organization_id=access.document.organization_id,
    )
    await comments.topics_changed(db, events, access.document, user_id)


async def _holder_name(
    db: AsyncSession,
    organization_id: uuid.UUID,
    user_id: uuid.UUID | None,
    team_id: uuid.UUID | None,
) -> str:
    """The name of the user or team, who must be of the organization."""
    if user_id is not None:
        if user_id not in await member_roles(db, [user_id], organization_id=organization_id):
            raise NotFoundException("No such member in the organization.")
        return (await display_names(db, [user_id])).get(user_id, "")
    assert team_id is not None
    name = (await team_names(db, [team_id], organization_id=organization_id)).get(team_id)
    if name is None:
        raise NotFoundException("No such team in the organization.")
    return name


async def _keep_an_owner(db: AsyncSession, document: Document, leaving: DocumentAccess) -> None:
    """A top-level document keeps an owner (a sub-page has those of the pages above it)."""
    if document.parent_id is not None:
        return
    others = await db.scalar(
        select(func.count())
        .select_from(DocumentAccess)
        .where(
            DocumentAccess.document_id == document.id,
            DocumentAccess.role == "owner",
            DocumentAccess.id != leaving.id,
        )
    )
    if not others:
        raise LastOwner()


ACCESS_ROUTES = [list_accesses, grant_access, revoke_access, change_link]
