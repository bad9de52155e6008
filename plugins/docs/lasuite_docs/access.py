"""Who may do what with a document: roles granted to users and teams, and the document's
link (who reaches it without a grant, and with which role), both inherited by the pages
under it. Checked through the core's ``authorize`` (``ctx.add_policy(Access, …)``).

Roles, weakest first: reader < commenter < editor < administrator < owner. A link's reach
is ``restricted`` (grants only), ``authenticated`` (every member of the organization) or
``public`` (anyone with the link, signed in or not); its role is reader, commenter or
editor for the organization's members. A member the organization does not let reach the
pages open to it (``docs.document.browse``; guests, by default) reaches a page through a
grant or a public link only; one it does not let edit (``docs.document.edit``; guests too)
reaches it through its link as a reader, and so does a visitor (signed out, or of another
organization) through a public link: an edit has an author of the organization.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor
from lasuite_docs.models import Document, DocumentAccess

Role = Literal["reader", "commenter", "editor", "administrator", "owner"]
LinkReach = Literal["restricted", "authenticated", "public"]
LinkRole = Literal["reader", "commenter", "editor"]

ROLES: tuple[str, ...] = get_args(Role)
LINK_REACHES: tuple[str, ...] = get_args(LinkReach)
LINK_ROLES: tuple[str, ...] = get_args(LinkRole)
RANK = {role: rank for rank, role in enumerate(ROLES, 1)}

READ = "docs.document.read"
COMMENT = "docs.document.comment"
EDIT = "docs.document.edit"
SHARE = "docs.document.share"
"""Change who has access (grants and link); move the page to the trash and back."""
BROWSE = "docs.document.browse"
"""Reach the pages open to the whole organization (a permission of the organization's
roles, not a document role)."""

NEEDS: dict[str, str] = {
    READ: "reader",
    COMMENT: "commenter",
    EDIT: "editor",
    SHARE: "administrator",
}
"""The weakest role that may do each action on a document."""


def at_least(role: str | None, needed: str) -> bool:
    return role is not None and RANK[role] >= RANK[needed]


def strongest(*roles: str | None) -> str | None:
    held = [role for role in roles if role is not None]
    return max(held, key=RANK.__getitem__, default=None)


@dataclass(frozen=True, slots=True)
class Access:
    """A document as one signed-in person sees it: the document and their role (None:
    they may not even know it exists)."""

    document: Document
    role: str | None

    @property
    def organization_id(self) -> uuid.UUID:
        return self.document.organization_id

    def may(self, action: str) -> bool:
        return at_least(self.role, NEEDS[action])


def access_policy(actor: Actor, action: str, access: Access) -> bool | None:
    """The document's role decides the document actions; other actions are not its call."""
    if action in NEEDS:
        return access.may(action)
    return None


def holder(actor: Actor) -> ColumnElement[bool]:
    """The grants ``actor`` holds: their own and their teams'."""
    conditions = [DocumentAccess.user_id == actor.user_id]
    if actor.team_ids:
        conditions.append(DocumentAccess.team_id.in_(actor.team_ids))
    return or_(*conditions)


async def ancestry(db: AsyncSession, document: Document) -> list[Document]:
    """The document, then its parent, and so on up to the top level."""
    chain = [document]
    seen = {document.id}
    while chain[-1].parent_id is not None and chain[-1].parent_id not in seen:
        parent = await db.get(Document, chain[-1].parent_id)
        if parent is None:
            break
        chain.append(parent)
        seen.add(parent.id)
    return chain


async def role_of(db: AsyncSession, actor: Actor, document: Document) -> str | None:
    """``actor``'s role on ``document``: the strongest of their grants on it and on the
    pages above it, and of its link (the most open reach above it wins)."""
    if actor.organization_id != document.organization_id:
        return None
    chain = await ancestry(db, document)
    granted = await db.scalars(
        select(DocumentAccess.role).where(
            DocumentAccess.document_id.in_([d.id for d in chain]), holder(actor)
        )
    )
    reaches = _reaches(actor)
    linked = [d.link_role for d in chain if d.link_reach in reaches]
    link_role = strongest(*linked)
    if link_role is not None and not actor.can(EDIT):
        link_role = "reader"
    return strongest(*granted, link_role)


async def visitor_role(db: AsyncSession, document: Document) -> str | None:
    """The role of someone without one in the document's organization (signed out, or of
    another organization): reader when a public link reaches the page, else none."""
    chain = await ancestry(db, document)
    return "reader" if any(d.link_reach == "public" for d in chain) else None


async def role_for(db: AsyncSession, actor: Actor | None, document: Document) -> str | None:
    """The role of whoever asks, signed in or not."""
    if actor is not None and actor.organization_id == document.organization_id:
        return await role_of(db, actor, document) if actor.can(READ) else None
    return await visitor_role(db, document)


async def access_to(db: AsyncSession, actor: Actor, document: Document) -> Access:
    return Access(document, await role_of(db, actor, document))


def _reaches(actor: Actor) -> tuple[str, ...]:
    """The link reaches that let ``actor`` in."""
    return ("authenticated", "public") if actor.can(BROWSE) else ("public",)


def readable(actor: Actor) -> Select[tuple[uuid.UUID]]:
    """The ids of the organization's documents ``actor`` may read (trashed or not):
    those reached by a grant or an open link, and every page under them. (A member without
    ``docs.document.browse`` finds only the pages granted to them: a public page opens
    through its link but is not listed.)"""
    listed_by_link = ("authenticated", "public") if actor.can(BROWSE) else ()
    reached = (
        select(Document.id)
        .where(
            Document.organization_id == actor.organization_id,
            or_(
                Document.link_reach.in_(listed_by_link),
                Document.id.in_(select(DocumentAccess.document_id).where(holder(actor))),
            ),
        )
        .cte("readable", recursive=True)
    )
    tree = reached.union(select(Document.id).where(Document.parent_id == reached.c.id))
    return select(tree.c.id)
