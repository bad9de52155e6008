"""Sharing a page by e-mail with someone outside the organization.

The core invites them to the organization as a guest (its e-mailed link, naming the page;
``members.invite_guest``); the page keeps the role it was shared with by their address.
When they join, in the joining transaction, each page shared with their address gives
them that role (:func:`member_joined`), so the page is theirs the moment they land on it.
An address already a member's is given the role at once.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, EventContext, MemberChanged, MemberDirectory, user_profiles
from lasuite_docs.access_requests import grant_at_least
from lasuite_docs.models import Document, DocumentInvitation


async def invite(
    db: AsyncSession,
    members: MemberDirectory,
    actor: Actor,
    document: Document,
    email: str,
    role: str,
) -> DocumentInvitation:
    """Keep ``role`` on ``document`` for ``email`` and have the core invite them (once
    per address while an invitation is pending); inviting again changes the role."""
    address = email.strip().lower()
    await members.invite_guest(
        db,
        actor,
        address,
        about=document.title or "Page",
        landing=f"/docs/{document.id}",
    )
    invitation = await db.scalar(
        select(DocumentInvitation).where(
            DocumentInvitation.document_id == document.id, DocumentInvitation.email == address
        )
    )
    if invitation is None:
        invitation = DocumentInvitation(
            document_id=document.id, email=address, role=role, invited_by=actor.user_id
        )
        db.add(invitation)
    else:
        invitation.role = role
    await db.flush()
    return invitation


async def pending(db: AsyncSession, document: Document) -> list[DocumentInvitation]:
    """The page's invitations by e-mail, oldest first."""
    found = await db.scalars(
        select(DocumentInvitation)
        .where(DocumentInvitation.document_id == document.id)
        .order_by(DocumentInvitation.created_at, DocumentInvitation.id)
    )
    return list(found)


async def member_joined(event: MemberChanged, context: EventContext) -> None:
    """``will`` handler of ``core.member.changed``: someone who joined the organization
    gets the roles the organization's pages were shared with their address."""
    db = context.db
    if event.role is None or db is None:
        return
    profile = user_profiles()
    email = await db.scalar(select(profile.c.email).where(profile.c.user_id == event.user_id))
    if email is None:
        return
    shared = list(
        await db.scalars(
            select(DocumentInvitation)
            .join(Document, Document.id == DocumentInvitation.document_id)
            .where(
                Document.organization_id == context.organization_id,
                DocumentInvitation.email == email.lower(),
            )
        )
    )
    for invitation in shared:
        await grant_at_least(db, invitation.document_id, event.user_id, invitation.role)
    if shared:
        await db.execute(
            delete(DocumentInvitation)
            .where(DocumentInvitation.id.in_([i.id for i in shared]))
            .execution_options(synchronize_session=False)
        )
