"""Who a verified OIDC identity is here: their account, and the organization they act in.

The account is found by the provider's subject (``sub``, with the issuer) and
created at the first sign-in. A local account with the same e-mail and no
OIDC identity yet is linked to it, unless the provider says the e-mail is
unverified. The SIRET claim (ProConnect's establishment number) names the
organization: its agents join it as members at their first sign-in. A sign-in started
from an invitation's page joins the invitation's organization as well.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal

from litestar.exceptions import HTTPException
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.db.base import utcnow
from lasuite.identity.models import User
from lasuite.identity.oidc import VerifiedIdentity
from lasuite.tenancy.invitations import accept_on_sign_in, pending_invitation_of
from lasuite.tenancy.members import is_member
from lasuite.tenancy.models import Invitation, Organization
from lasuite.tenancy.organizations import add_member, memberships_of

AccountOutcome = Literal["created", "linked", "existing"]


class SignInRefused(Exception):
    """A verified identity that may not sign in here; ``reason`` is kept in the audit log."""

    def __init__(
        self, status_code: int, reason: str, detail: str, user_id: uuid.UUID | None = None
    ) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.reason = reason
        self.detail = detail
        self.user_id = user_id


@dataclass(frozen=True, slots=True)
class OIDCSignIn:
    """The outcome of a sign-in: the account, and the organization to act in."""

    user: User
    organization_id: uuid.UUID
    account: AccountOutcome
    landing: str | None = None
    """Where the invitation the person came with leads (a workspace path), if any."""


async def sign_in_identity(
    db: AsyncSession, identity: VerifiedIdentity, *, ip: str, invitation: str | None = None
) -> OIDCSignIn:
    """The account of ``identity``, created or updated, and the organization it acts in.

    ``invitation`` is the token of the invitation whose page the sign-in started from:
    its invitee joins that organization and acts in it, whatever their SIRET says (an
    agent of an administration that has not joined, a partner). It must have been sent
    to the identity's e-mail address; a dead one is passed over when the person has an
    organization here anyway.

    Every refusal (:class:`SignInRefused`) is raised before anything is written.
    """
    claims = identity.claims
    email = _claim(claims, "email", 320)
    user = await db.scalar(
        select(User).where(
            User.oidc_issuer == identity.issuer, User.oidc_subject == identity.subject
        )
    )
    account: AccountOutcome = "existing"
    if user is None:
        user = await _linkable_account(db, email, claims)
        account = "created" if user is None else "linked"
    if user is not None and not user.is_active:
        raise SignInRefused(403, "inactive", "This account is disabled.", user.id)
    organization = await _organization_of_siret(db, claims.get("siret"))
    memberships = await memberships_of(db, user.id) if user is not None else []
    # An address the provider says it did not verify proves nothing an invitation needs.
    vouched = email if claims.get("email_verified") is not False else ""
    invited = (
        await _invitation_for(
            db, invitation, vouched, user, elsewhere=organization is not None or bool(memberships)
        )
        if invitation
        else None
    )
    if organization is None and not memberships and invited is None:
        raise SignInRefused(
            403,
            "no_organization",
            "Your administration has not joined this workspace yet: no organization here "
            "has your establishment's SIRET. Ask your administration to join.",
            user.id if user else None,
        )
    if user is None:
        if not email:
            raise SignInRefused(
                401, "claims", "The identity provider did not send your e-mail address."
            )
        user = User(email=email, display_name=_display_name(claims) or email.split("@")[0])
        db.add(user)
    await _update_account(db, user, identity, email)
    if organization is not None:
        await _join(db, organization.id, user, ip)
    if invited is not None and invitation:
        await accept_on_sign_in(db, invited, invitation, user_id=user.id, ip=ip)
        return OIDCSignIn(user, invited.organization_id, account, landing=invited.landing)
    organization_id = organization.id if organization else memberships[0][0].id
    return OIDCSignIn(user=user, organization_id=organization_id, account=account)


async def _invitation_for(
    db: AsyncSession, token: str, email: str, user: User | None, *, elsewhere: bool
) -> Invitation | None:
    """The pending invitation of ``token`` if it was sent to this person (the provider's
    address or their account's); None when it is dead and they have an organization
    ``elsewhere``."""
    try:
        invitation = await pending_invitation_of(db, token)
    except HTTPException as dead:
        if elsewhere:
            return None
        raise SignInRefused(
            dead.status_code, "invitation", str(dead.detail), user.id if user else None
        ) from dead
    addresses = {email.lower(), user.email.lower() if user else ""} - {""}
    if invitation.email.lower() not in addresses:
        raise SignInRefused(
            403,
            "invitation_for_another",
            "This invitation was sent to another e-mail address than the one you signed in "
            "with; ask for an invitation to your address.",
            user.id if user else None,
        )
    return invitation


async def _linkable_account(db: AsyncSession, email: str, claims: dict[str, Any]) -> User | None:
    """The account using ``email`` if this identity may take it over, None if there is none."""
    if not email:
        return None
    user = await db.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if user is not None and (
        user.oidc_subject is not None or claims.get("email_verified") is False
    ):
        raise SignInRefused(
            409,
            "email_taken",
            "Another account already uses this e-mail address; ask an administrator.",
            user.id,
        )
    return user


async def _update_account(
    db: AsyncSession, user: User, identity: VerifiedIdentity, email: str
) -> None:
    """Link the identity and refresh the profile from the provider's claims."""
    user.oidc_issuer, user.oidc_subject = identity.issuer, identity.subject
    user.display_name = _display_name(identity.claims) or user.display_name
    if email and email.lower() != user.email.lower():
        taken = await db.scalar(select(User.id).where(func.lower(User.email) == email.lower()))
        if taken is None:
            user.email = email
    user.last_login_at = utcnow()
    await db.flush()


async def _organization_of_siret(db: AsyncSession, siret: object) -> Organization | None:
    if not isinstance(siret, str):
        return None
    digits = "".join(siret.split())
    if len(digits) != 14 or not digits.isdigit():
        return None
    return await db.scalar(select(Organization).where(Organization.siret == digits))


async def _join(db: AsyncSession, organization_id: uuid.UUID, user: User, ip: str) -> None:
    """Make ``user`` a member of the organization of their SIRET, if not yet; audited."""
    if await is_member(db, organization_id, user.id):
        return
    await add_member(db, organization_id=organization_id, user_id=user.id, role="member")
    record_event(
        db,
        action="core.member.added",
        organization_id=organization_id,
        actor_id=user.id,
        target=user.email,
        data={"role": "member", "via": "siret"},
        ip=ip,
    )


def _claim(claims: dict[str, Any], name: str, limit: int) -> str:
    value = claims.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def _display_name(claims: dict[str, Any]) -> str:
    """The names "given_name usual_name" (as ProConnect sends them), else ``name``."""
    given, usual = _claim(claims, "given_name", 100), _claim(claims, "usual_name", 100)
    return (f"{given} {usual}".strip() or _claim(claims, "name", 200))[:200]
