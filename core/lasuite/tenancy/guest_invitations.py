"""Plugins inviting people from outside the organization as guests, to share something
with them (docs shares a page by e-mail): ``members.invite_guest`` (API 1.9).

The invitation is the core's own (same link, e-mail, expiry and audit), with the guest role,
a note saying what it is for and the path the invitee lands on once they joined.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.identity.models import User
from lasuite.identity.ratelimit import RATE_LIMITS, hit
from lasuite.permissions.actor import Actor
from lasuite.problems import Problem
from lasuite.tenancy.invitations import AlreadyMember, invite, pending_invitation
from lasuite.tenancy.models import Membership

if TYPE_CHECKING:
    from lasuite.runtime import Runtime

GUEST_INVITE = "core.guests.invite"


class GuestsNotInvited(Problem):
    code = "core.guests_not_invited"
    status = 403
    message = "You may not invite people from outside the organization."


async def member_by_email(
    db: AsyncSession, email: str, *, organization_id: uuid.UUID
) -> uuid.UUID | None:
    """The member of the organization whose account has ``email`` (any case), if any."""
    return await db.scalar(
        select(Membership.user_id)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.organization_id == organization_id,
            func.lower(User.email) == email.strip().lower(),
            User.is_active.is_(True),
        )
    )


async def invite_guest(
    db: AsyncSession, runtime: Runtime, actor: Actor, email: str, *, about: str, landing: str
) -> bool:
    """Invite ``email`` to the actor's organization as a guest, e-mailed once ``db``
    commits; False when an invitation of that address is pending already (it stands, and
    nothing is sent again). Refused (403) without ``core.guests.invite``, past the actor's
    invitations per hour (429), and for a member (409)."""
    if not landing.startswith("/") or landing.startswith("//"):
        raise ValueError(f"landing must be a path of the workspace, not {landing!r}")
    if not actor.can(GUEST_INVITE):
        raise GuestsNotInvited()
    address = email.strip()
    if await member_by_email(db, address, organization_id=actor.organization_id):
        raise AlreadyMember()
    pending = await pending_invitation(db, actor.organization_id, address)
    if pending is not None:
        return False
    settings = runtime.settings
    verdict = await hit(
        runtime.stores.stores[RATE_LIMITS],
        f"invitations:{actor.user_id}",
        settings.invitations_per_hour,
        3600,
    )
    verdict.raise_if_exceeded("Too many invitations sent in the last hour; try again later.")
    await invite(
        db,
        actor,
        email=address,
        role="guest",
        valid_for=timedelta(days=settings.invitation_days),
        base_url=settings.base_url,
        queue=runtime.jobs.queue,
        note=about[:300],
        landing=landing,
    )
    return True
