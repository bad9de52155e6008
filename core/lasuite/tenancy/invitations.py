"""Invitations to join an organization: a secret link, valid for some days, used once.

Only a SHA-256 of the token is stored; the link holding the token is given once, to
whoever invites, and e-mailed to the invitee by a job (``core.send_invitation_email``).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from litestar.exceptions import (
    HTTPException,
    NotFoundException,
)
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.db.base import utcnow
from lasuite.identity.models import User
from lasuite.identity.passwords import hash_password
from lasuite.identity.secret_hashes import hash_secret
from lasuite.jobs.queue import JobQueue
from lasuite.permissions.actor import Actor
from lasuite.problems import Problem
from lasuite.tenancy.invitation_email import INVITATION_JOB
from lasuite.tenancy.members import check_may_manage, is_member
from lasuite.tenancy.models import Invitation, Membership, Organization
from lasuite.tenancy.organizations import add_member


class AlreadyMember(Problem):
    code = "core.already_member"
    status = 409
    message = "This person is a member of the organization already."


class InvitationUsed(Problem):
    code = "core.invitation_used"
    status = 409
    message = "This invitation has been accepted already."


class InvitationForAnother(Problem):
    code = "core.invitation_for_another"
    status = 403
    message = "This invitation was sent to another e-mail address."


class AlreadyInOrganization(Problem):
    code = "core.already_in_organization"
    status = 409
    message = "You already belong to this organization."


class SignInToAccept(Problem):
    code = "core.sign_in_to_accept"
    status = 409
    message = "An account with this e-mail address exists: sign in, then accept the invitation."


class AlreadyInvited(Problem):
    code = "core.already_invited"
    status = 409
    message = "This address has an invitation waiting; revoke it to send another."


class InvitationGone(HTTPException):
    """The invitation was used already or has expired."""

    status_code = 410


@dataclass(frozen=True, slots=True)
class IssuedInvitation:
    invitation: Invitation
    accept_url: str
    """The link with the secret token: the only time it is known."""


def accept_url(base_url: str, token: str) -> str:
    # In the fragment, so that the token never reaches a server's or proxy's access log.
    return f"{base_url.rstrip('/')}/invitations/accept#token={token}"


async def invite(
    db: AsyncSession,
    actor: Actor,
    *,
    email: str,
    role: str,
    valid_for: timedelta,
    base_url: str,
    queue: JobQueue,
    note: str | None = None,
    landing: str | None = None,
) -> IssuedInvitation:
    """Invite ``email`` to join the actor's organization with ``role``, e-mailed once the
    transaction commits; audited. ``note`` says what to (shown in the e-mail and on the
    invitation's page), ``landing`` is the path the invitee lands on once they joined."""
    check_may_manage(actor, role)
    await check_not_invited(db, actor.organization_id, email)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization_id=actor.organization_id,
        email=email,
        role=role,
        token_hash=hash_secret(token),
        invited_by=actor.user_id,
        expires_at=utcnow() + valid_for,
        note=note,
        landing=landing,
    )
    db.add(invitation)
    await db.flush()
    record_event(
        db,
        action="core.invitation.created",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=str(invitation.id),
        data={"email": email, "role": role},
    )
    issued = IssuedInvitation(invitation, accept_url(base_url, token))
    await queue.enqueue(
        db,
        INVITATION_JOB,
        organization_id=actor.organization_id,
        invitation_id=str(invitation.id),
        link=issued.accept_url,
    )
    return issued


@dataclass(frozen=True, slots=True)
class InvitationPreview:
    """What the holder of an invitation's link is shown before they join."""

    invitation: Invitation
    organization: str
    invited_by: str | None
    has_account: bool
    """Whether an account holds the invited address: sign in rather than sign up."""


async def preview_invitation(db: AsyncSession, token: str) -> InvitationPreview:
    """The pending invitation of ``token``; a 404 when unknown or revoked, a 410 when used
    or expired."""
    invitation = await pending_invitation_of(db, token)
    organization = await db.get_one(Organization, invitation.organization_id)
    inviter = await db.get(User, invitation.invited_by) if invitation.invited_by else None
    account = await db.scalar(
        select(User.id).where(func.lower(User.email) == invitation.email.lower())
    )
    return InvitationPreview(
        invitation,
        organization.name,
        inviter.display_name if inviter else None,
        has_account=account is not None,
    )


async def pending_invitation_of(db: AsyncSession, token: str) -> Invitation:
    """The invitation of ``token`` still waiting to be accepted; a 404 when unknown or
    revoked, a 410 when used or expired."""
    hashed = hash_secret(token)
    invitation = await db.scalar(
        select(Invitation).where(
            Invitation.token_hash == hashed,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
    )
    if invitation is None:
        raise _refusal(await db.scalar(select(Invitation).where(Invitation.token_hash == hashed)))
    return invitation


async def pending_invitations(db: AsyncSession, organization_id: uuid.UUID) -> Sequence[Invitation]:
    """The organization's invitations neither accepted nor expired, oldest first."""
    found = await db.scalars(
        select(Invitation)
        .where(
            Invitation.organization_id == organization_id,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.created_at, Invitation.id)
    )
    return found.all()


async def revoke_invitation(db: AsyncSession, actor: Actor, *, invitation_id: uuid.UUID) -> None:
    """Delete a pending invitation of the actor's organization, so its link stops working."""
    invitation = await db.scalar(
        select(Invitation).where(
            Invitation.id == invitation_id, Invitation.organization_id == actor.organization_id
        )
    )
    if invitation is None:
        raise NotFoundException("No such invitation.")
    # Conditional, so that an invitation accepted meanwhile is kept.
    deleted = await db.execute(
        delete(Invitation)
        .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None))
        .execution_options(synchronize_session=False)
    )
    if deleted.rowcount != 1:  # type: ignore[attr-defined]
        raise InvitationUsed()
    record_event(
        db,
        action="core.invitation.revoked",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=str(invitation.id),
        data={"email": invitation.email, "role": invitation.role},
    )


async def accept_invitation(
    db: AsyncSession, actor: Actor, *, token: str
) -> tuple[Organization, Invitation]:
    """Join the organization of the invitation ``token`` with its role; audited.

    The invitation is marked used by a conditional update, so that of two
    concurrent accepts exactly one succeeds.
    """
    invitation = await pending_invitation_of(db, token)
    if invitation.email.lower() != actor.email.lower():
        raise InvitationForAnother()
    if await is_member(db, invitation.organization_id, actor.user_id):
        raise AlreadyInOrganization()
    await _join_invited(db, token, user_id=actor.user_id)
    org = await db.get_one(Organization, invitation.organization_id)
    return org, invitation


async def accept_on_sign_in(
    db: AsyncSession, invitation: Invitation, token: str, *, user_id: uuid.UUID, ip: str
) -> None:
    """Join the organization of ``invitation`` (found by :func:`pending_invitation_of`
    with ``token``) as ``user_id``, who just signed in through the identity provider from
    the invitation's page; nothing to do when they are a member already. Audited."""
    if not await is_member(db, invitation.organization_id, user_id):
        await _join_invited(db, token, user_id=user_id, noted={"via": "oidc"}, ip=ip)


async def _join_invited(
    db: AsyncSession,
    token: str,
    *,
    user_id: uuid.UUID,
    noted: Mapping[str, Any] | None = None,
    ip: str = "",
) -> Invitation:
    """Mark the invitation used by ``user_id`` and make them a member with its role;
    audited, with what is ``noted`` of how they came."""
    invitation = await _claim(db, token, user_id=user_id)
    await add_member(
        db, organization_id=invitation.organization_id, user_id=user_id, role=invitation.role
    )
    record_event(
        db,
        action="core.invitation.accepted",
        organization_id=invitation.organization_id,
        actor_id=user_id,
        target=str(invitation.id),
        data={"email": invitation.email, "role": invitation.role, **(noted or {})},
        ip=ip,
    )
    return invitation


async def _claim(db: AsyncSession, token: str, *, user_id: uuid.UUID) -> Invitation:
    """Mark the invitation used by ``user_id``, or raise why it cannot be.

    A conditional update: of two concurrent claims exactly one succeeds.
    """
    hashed = hash_secret(token)
    now = utcnow()
    taken = await db.execute(
        update(Invitation)
        .where(
            Invitation.token_hash == hashed,
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(accepted_at=now, accepted_by=user_id)
        .execution_options(synchronize_session=False)
    )
    invitation = await db.scalar(select(Invitation).where(Invitation.token_hash == hashed))
    if taken.rowcount != 1 or invitation is None:  # type: ignore[attr-defined]
        raise _refusal(invitation)
    return invitation


async def join_as_new_user(
    db: AsyncSession, *, token: str, display_name: str, password: str
) -> tuple[User, Organization, Invitation]:
    """Create the invitee's local account and membership in one step; audited.

    For people who have no account yet: the invitation proves their e-mail address.
    """
    invitation = await db.scalar(
        select(Invitation).where(Invitation.token_hash == hash_secret(token))
    )
    if invitation is None:
        raise _refusal(None)
    taken = await db.scalar(
        select(User.id).where(func.lower(User.email) == invitation.email.lower())
    )
    if taken is not None:
        raise SignInToAccept()
    user = User(
        email=invitation.email,
        display_name=display_name,
        password_hash=await hash_password(password),
    )
    db.add(user)
    await db.flush()
    await _join_invited(db, token, user_id=user.id, noted={"new_account": True})
    org = await db.get_one(Organization, invitation.organization_id)
    return user, org, invitation


def _refusal(invitation: Invitation | None) -> HTTPException:
    if invitation is None:
        return NotFoundException("No such invitation; it may have been revoked.")
    if invitation.accepted_at is not None:
        return InvitationGone("This invitation has been used already.")
    return InvitationGone("This invitation has expired; ask for a new one.")


async def pending_invitation(
    db: AsyncSession, organization_id: uuid.UUID, email: str
) -> uuid.UUID | None:
    """The organization's invitation of ``email`` still waiting to be accepted, if any."""
    found: uuid.UUID | None = await db.scalar(
        select(Invitation.id).where(
            Invitation.organization_id == organization_id,
            func.lower(Invitation.email) == email.strip().lower(),
            Invitation.accepted_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
    )
    return found


async def check_not_invited(db: AsyncSession, organization_id: uuid.UUID, email: str) -> None:
    """Refuse ``email`` when it is a member's (:class:`AlreadyMember`) or has an invitation
    waiting (:class:`AlreadyInvited`): both 409."""
    member = await db.scalar(
        select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.organization_id == organization_id,
            func.lower(User.email) == email.strip().lower(),
        )
    )
    if member is not None:
        raise AlreadyMember()
    if await pending_invitation(db, organization_id, email) is not None:
        raise AlreadyInvited()
