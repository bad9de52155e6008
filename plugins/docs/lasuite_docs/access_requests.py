"""Asking for access to a document: someone of the organization who reached a page they
may not open (or only read) asks for a role; the page's administrators are notified and
accept, with the role asked or another, or refuse. One request per person and page: asking
again changes the role asked.

Who is told: the people holding the administrator or owner role on the page or a page
above it by a grant of their own (a team's administrators are not listed one by one).
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, Notifier, Problem
from lasuite_docs.access import RANK, ancestry, at_least, role_of, strongest
from lasuite_docs.models import AccessRequest, Document, DocumentAccess

REQUESTED = "docs.access_requested"
GRANTED = "docs.access_granted"


class AlreadyHeld(Problem):
    code = "docs.role_already_held"
    status = 409
    message = "You already hold this role, or a stronger one, on this document."


class NoSuchRequest(Problem):
    code = "docs.no_such_access_request"
    status = 404
    message = "No such access request."


PROBLEMS: tuple[type[Problem], ...] = (AlreadyHeld, NoSuchRequest)


async def ask(
    db: AsyncSession, actor: Actor, document: Document, role: str
) -> tuple[AccessRequest, bool]:
    """``actor``'s request for ``role`` on ``document``, and whether it is news: made now,
    or asking another role (asking again the same is not told twice)."""
    if at_least(await role_of(db, actor, document), role):
        raise AlreadyHeld()
    request = await db.scalar(
        select(AccessRequest).where(
            AccessRequest.document_id == document.id, AccessRequest.user_id == actor.user_id
        )
    )
    if request is not None and request.role == role:
        return request, False
    if request is None:
        request = AccessRequest(document_id=document.id, user_id=actor.user_id, role=role)
        db.add(request)
    else:
        request.role = role
    await db.flush()
    return request, True


async def pending(db: AsyncSession, document: Document) -> list[AccessRequest]:
    """The document's requests, oldest first."""
    return list(
        await db.scalars(
            select(AccessRequest)
            .where(AccessRequest.document_id == document.id)
            .order_by(AccessRequest.created_at, AccessRequest.id)
        )
    )


async def one(db: AsyncSession, document: Document, request_id: uuid.UUID) -> AccessRequest:
    request = await db.scalar(
        select(AccessRequest).where(
            AccessRequest.document_id == document.id, AccessRequest.id == request_id
        )
    )
    if request is None:
        raise NoSuchRequest()
    return request


async def grant(
    db: AsyncSession, document: Document, request: AccessRequest, role: str
) -> DocumentAccess:
    """Give the requester ``role`` on the document (kept when they held a stronger grant
    on it) and close the request."""
    access = await grant_at_least(db, document.id, request.user_id, role)
    await db.delete(request)
    await db.flush()
    return access


async def grant_at_least(
    db: AsyncSession, document_id: uuid.UUID, user_id: uuid.UUID, role: str
) -> DocumentAccess:
    """The user's grant on the document, made with ``role`` or raised to it (a stronger
    role they hold is kept)."""
    access = await db.scalar(
        select(DocumentAccess).where(
            DocumentAccess.document_id == document_id, DocumentAccess.user_id == user_id
        )
    )
    if access is None:
        access = DocumentAccess(document_id=document_id, user_id=user_id, role=role)
        db.add(access)
    else:
        access.role = strongest(access.role, role) or role
    await db.flush()
    return access


async def administrators(db: AsyncSession, document: Document) -> set[uuid.UUID]:
    """The users granted administrator or owner on the document or a page above it."""
    chain = [d.id for d in await ancestry(db, document)]
    held = await db.scalars(
        select(DocumentAccess.user_id).where(
            DocumentAccess.document_id.in_(chain),
            DocumentAccess.user_id.is_not(None),
            DocumentAccess.role.in_([r for r in RANK if RANK[r] >= RANK["administrator"]]),
        )
    )
    return {user_id for user_id in held if user_id is not None}


async def tell_administrators(
    db: AsyncSession, notifier: Notifier, actor: Actor, document: Document, role: str
) -> None:
    await notifier.notify(
        db,
        await administrators(db, document) - {actor.user_id},
        kind=REQUESTED,
        title=f"{actor.display_name} asks for access to “{document.title}”",
        body=f"Role asked: {role}",
        link=f"/docs/{document.id}?share=1",
        organization_id=document.organization_id,
        data={"document_id": str(document.id), "user_id": str(actor.user_id), "role": role},
    )


async def tell_requester(
    db: AsyncSession, notifier: Notifier, actor: Actor, document: Document, user_id: uuid.UUID
) -> None:
    await notifier.notify(
        db,
        [user_id],
        kind=GRANTED,
        title=f"{actor.display_name} gave you access to “{document.title}”",
        link=f"/docs/{document.id}",
        organization_id=document.organization_id,
        data={"document_id": str(document.id)},
    )
