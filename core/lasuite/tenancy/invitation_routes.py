"""Inviting people to the caller's organization, and accepting an invitation."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Annotated, Any

import msgspec
from litestar import Request, Router, delete, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, JSONBody

from lasuite.identity.email_address import EmailAddress
from lasuite.identity.ratelimit import RATE_LIMITS, hit
from lasuite.identity.signed_in import start_signed_in_session
from lasuite.plugins import CurrentActor, DbSession
from lasuite.settings import Settings
from lasuite.state import runtime_of
from lasuite.tenancy.invitations import (
    accept_invitation,
    invite,
    join_as_new_user,
    pending_invitations,
    preview_invitation,
    revoke_invitation,
)
from lasuite.tenancy.members import Role, publish_member_changed
from lasuite.tenancy.models import Invitation, Organization
from lasuite.tenancy.organization_routes import OrganizationOut


class InvitationIn(msgspec.Struct, forbid_unknown_fields=True):
    email: EmailAddress
    role: Role


class AcceptIn(msgspec.Struct, forbid_unknown_fields=True):
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class SignUpIn(msgspec.Struct, forbid_unknown_fields=True):
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    display_name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    password: Annotated[str, msgspec.Meta(min_length=12, max_length=1024)]


class JoinedOut(OrganizationOut):
    """The organization joined, and where to go now."""

    landing: str | None = None
    """The workspace path the invitation leads to (a page shared with the invitee)."""


class InvitationPreviewOut(msgspec.Struct):
    organization: str
    email: str
    role: str
    invited_by: str | None
    note: str | None
    """What the invitee is invited to (a page's title)."""
    expires_at: datetime
    has_account: bool
    """An account holds the invited address: sign in, then accept."""
    local_accounts: bool
    """Whether an account can be made here from the invitation (else: sign in with the
    identity provider)."""


class InvitationOut(msgspec.Struct):
    id: uuid.UUID
    email: str
    role: str
    invited_by: uuid.UUID | None
    created_at: datetime
    expires_at: datetime


class IssuedInvitationOut(InvitationOut):
    accept_url: str
    """The link to send the invitee; shown this once, never stored."""


async def _limit(request: Request[Any, Any, Any], key: str, per_hour: int, detail: str) -> None:
    verdict = await hit(request.app.stores.get(RATE_LIMITS), key, per_hour, 3600)
    verdict.raise_if_exceeded(detail)


def _fields(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.id,
        "email": invitation.email,
        "role": invitation.role,
        "invited_by": invitation.invited_by,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
    }


@post("/", permission="core.invitations.manage", rate_limited=True)
async def create_invitation(
    data: JSONBody[InvitationIn],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
) -> IssuedInvitationOut:
    """Invite someone by e-mail; the answer holds the link to send them (only owners
    invite owners)."""
    runtime = runtime_of(request.app.state)
    settings: Settings = runtime.settings
    await _limit(
        request,
        f"invitations:{actor.user_id}",
        settings.invitations_per_hour,
        "Too many invitations sent in the last hour; try again later.",
    )
    issued = await invite(
        db,
        actor,
        email=data.email,
        role=data.role,
        valid_for=timedelta(days=settings.invitation_days),
        base_url=settings.base_url,
        queue=runtime.jobs.queue,
    )
    return IssuedInvitationOut(**_fields(issued.invitation), accept_url=issued.accept_url)


@get("/", permission="core.invitations.manage")
async def list_invitations(db: DbSession, actor: CurrentActor) -> list[InvitationOut]:
    """The invitations neither accepted nor expired."""
    return [
        InvitationOut(**_fields(i)) for i in await pending_invitations(db, actor.organization_id)
    ]


@delete("/{invitation_id:uuid}", permission="core.invitations.manage")
async def revoke(invitation_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor) -> None:
    """Revoke a pending invitation: its link stops working."""
    await revoke_invitation(db, actor, invitation_id=invitation_id)


@post(
    "/api/v1/invitations/accept",
    permission="core.profile.read",
    status_code=200,
    rate_limited=True,
)
async def accept(
    data: JSONBody[AcceptIn], request: Request[Any, Any, Any], db: DbSession, actor: CurrentActor
) -> OrganizationOut:
    """Join the organization of an invitation sent to the caller's e-mail address.

    An unknown or revoked invitation is a 404; one used already or expired a 410.
    The caller keeps acting in their current organization until they switch.
    """
    if actor.via != "session":
        raise PermissionDeniedException("Sign in to accept an invitation; API tokens cannot.")
    runtime = runtime_of(request.app.state)
    settings: Settings = runtime.settings
    await _limit(
        request,
        f"invitation-accepts:{actor.user_id}",
        settings.invitation_accepts_per_hour,
        "Too many invitation links tried in the last hour; try again later.",
    )
    org, invitation = await accept_invitation(db, actor, token=data.token)
    await publish_member_changed(db, runtime.realtime.bus, org.id, actor.user_id, invitation.role)
    return _joined(org, invitation)


@post("/api/v1/invitations/signup", public=True, status_code=201, rate_limited=True)
async def sign_up(
    data: JSONBody[SignUpIn], request: Request[Any, Any, Any], db: DbSession
) -> OrganizationOut:
    """Create an account from an invitation sent to someone who has none, and sign in.

    Only with local accounts; with OIDC, people sign in with their provider.
    """
    runtime = runtime_of(request.app.state)
    settings: Settings = runtime.settings
    if not settings.local_accounts:
        raise NotFoundException()
    await _limit(
        request,
        f"invitation-signups:{request.client.host if request.client else '-'}",
        settings.invitation_accepts_per_hour,
        "Too many invitation links tried in the last hour; try again later.",
    )
    user, org, invitation = await join_as_new_user(
        db, token=data.token, display_name=data.display_name, password=data.password
    )
    await publish_member_changed(db, runtime.realtime.bus, org.id, user.id, invitation.role)
    await start_signed_in_session(
        request, db, user_id=user.id, organization_id=org.id, session_epoch=user.session_epoch
    )
    return _joined(org, invitation)


@post("/api/v1/invitations/preview", public=True, status_code=200, rate_limited=True)
async def preview(
    data: JSONBody[AcceptIn], request: Request[Any, Any, Any], db: DbSession
) -> InvitationPreviewOut:
    """What an invitation's link invites to, for its page before the invitee joins (the
    token in the body, never in a URL); a 404 when unknown or revoked, 410 when used or
    expired."""
    settings: Settings = runtime_of(request.app.state).settings
    await _limit(
        request,
        f"invitation-previews:{request.client.host if request.client else '-'}",
        settings.invitation_accepts_per_hour * 5,
        "Too many invitation links tried in the last hour; try again later.",
    )
    shown = await preview_invitation(db, data.token)
    invitation = shown.invitation
    return InvitationPreviewOut(
        organization=shown.organization,
        email=invitation.email,
        role=invitation.role,
        invited_by=shown.invited_by,
        note=invitation.note,
        expires_at=invitation.expires_at,
        has_account=shown.has_account,
        local_accounts=settings.local_accounts,
    )


def _joined(org: Organization, invitation: Invitation) -> JoinedOut:
    return JoinedOut(
        id=org.id,
        slug=org.slug,
        name=org.name,
        siret=org.siret,
        role=invitation.role,
        landing=invitation.landing,
    )


invitations_router = Router(
    path="/api/v1/orgs/current/invitations",
    route_handlers=[create_invitation, list_invitations, revoke],
    tags=["invitations"],
)
