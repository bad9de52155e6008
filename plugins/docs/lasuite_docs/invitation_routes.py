"""Sharing a page by e-mail over HTTP: with a member (a role at once) or with someone
outside the organization (invited as a guest; the role waits for them), the page's
pending invitations, and taking one back."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

import msgspec
from litestar import delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from sqlalchemy import select

from lasuite.plugins import (
    CurrentActor,
    DbSession,
    EmailAddress,
    Events,
    Members,
    display_names,
)
from lasuite_docs import invitations, services, tree
from lasuite_docs.access import READ, SHARE
from lasuite_docs.access_requests import grant_at_least
from lasuite_docs.access_routes import AccessOut, announce_access
from lasuite_docs.models import DocumentInvitation
from lasuite_docs.rooms import Rooms

InvitedRole = Literal["reader", "commenter", "editor", "administrator"]
"""The roles a page is shared with by e-mail: the owner role goes to members only."""


class ShareIn(msgspec.Struct, forbid_unknown_fields=True):
    email: EmailAddress
    role: InvitedRole


class InvitationOut(msgspec.Struct):
    id: uuid.UUID
    document_id: uuid.UUID
    email: str
    role: str
    invited_by: uuid.UUID | None
    created_at: datetime


class SharedOut(msgspec.Struct):
    """A member's address: ``access`` is their role now; someone else's: ``invitation``."""

    access: AccessOut | None = None
    invitation: InvitationOut | None = None


INVITATIONS = "/documents/{document_id:uuid}/invitations"


def _shown(invitation: DocumentInvitation) -> InvitationOut:
    return InvitationOut(
        invitation.id,
        invitation.document_id,
        invitation.email,
        invitation.role,
        invitation.invited_by,
        invitation.created_at,
    )


@post(INVITATIONS, permission=READ, status_code=200, rate_limited=True)
async def share_by_email(
    document_id: FromPath[uuid.UUID],
    data: JSONBody[ShareIn],
    actor: CurrentActor,
    events: Events,
    members: Members,
    rooms: NamedDependency[Rooms],
) -> SharedOut:
    """Share the page with an e-mail address (its administrators): a member's gets the
    role at once (a stronger one they hold is kept); anyone else is invited to the
    organization as a guest (needs ``core.guests.invite``) and gets the role on joining."""
    async with rooms.database.transaction() as db:
        access = await services.document_for(db, actor, document_id, SHARE)
        user_id = await members.find(db, data.email, organization_id=actor.organization_id)
        if user_id is None:
            invited = await invitations.invite(
                db, members, actor, access.document, data.email, data.role
            )
            return SharedOut(invitation=_shown(invited))
        granted = await grant_at_least(db, document_id, user_id, data.role)
        subtree = await tree.subtree(db, access.document)
        await announce_access(db, events, access, user_id)
        name = (await display_names(db, [user_id])).get(user_id, "")
        shown = AccessOut(granted.id, granted.role, user_id, None, name, document_id)
    await rooms.access_changed(subtree)
    return SharedOut(access=shown)


@get(INVITATIONS, permission=READ)
async def list_invitations(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> list[InvitationOut]:
    """Whom the page waits for: addresses invited, oldest first (its administrators)."""
    access = await services.document_for(db, actor, document_id, SHARE)
    return [_shown(i) for i in await invitations.pending(db, access.document)]


@delete(INVITATIONS + "/{invitation_id:uuid}", permission=READ)
async def cancel_invitation(
    document_id: FromPath[uuid.UUID],
    invitation_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
) -> None:
    """Take back the page's invitation of an address (its administrators): joining no
    longer gives them a role here. The organization's invitation stands."""
    await services.document_for(db, actor, document_id, SHARE)
    invitation = await db.scalar(
        select(DocumentInvitation).where(
            DocumentInvitation.document_id == document_id, DocumentInvitation.id == invitation_id
        )
    )
    if invitation is None:
        raise NotFoundException("No such invitation.")
    await db.delete(invitation)


INVITATION_ROUTES = [share_by_email, list_invitations, cancel_invitation]
