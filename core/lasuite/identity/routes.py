"""Local sign-in, sign-out and the caller's profile."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, Response, Router, get, patch, post
from litestar.exceptions import (
    NotAuthorizedException,
    NotFoundException,
)
from litestar.openapi import ResponseSpec
from litestar.params import JSONBody
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.db.base import utcnow
from lasuite.identity.accounts import (
    choose_colour,
    choose_locale,
    rename,
    user_of,
)
from lasuite.identity.actors import bearer_token, current_actor
from lasuite.identity.colours import PALETTE, colour_of
from lasuite.identity.locales import Locale, chosen_locale
from lasuite.identity.login_attempts import LoginAttempt, client_ip
from lasuite.identity.models import User
from lasuite.identity.oidc import provider_logout_url
from lasuite.identity.passwords import verify_password
from lasuite.identity.session_routes import SESSION_ROUTES
from lasuite.identity.signed_in import end_session, session_ref, start_signed_in_session
from lasuite.permissions.actor import Actor
from lasuite.plugins import CurrentActor, DbSession
from lasuite.state import runtime_of
from lasuite.tenancy.organizations import memberships_of


class LoginIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(min_length=3, max_length=320)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
    organization: Annotated[str, msgspec.Meta(max_length=80)] | None = None
    """Slug of the organization to act in; default: the first one joined."""


Colour = Literal[PALETTE]  # type: ignore[valid-type]
"""One of the palette's colours (``#000091``…)."""


class ProfileIn(msgspec.Struct, forbid_unknown_fields=True):
    # A non-blank character somewhere: a name of spaces only is refused (invalid_input).
    display_name: (
        Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"\S")] | None
    ) = None
    """Trimmed before it is kept; unchanged when left out."""
    locale: Locale | None = None
    """The workspace's language on every device, and the e-mails'; unchanged when left
    out."""
    colour: Colour | None = None
    """The person's colour, one of the palette; unchanged when left out."""


class MembershipOut(msgspec.Struct):
    organization_id: uuid.UUID
    slug: str
    name: str
    role: str


class MeOut(msgspec.Struct):
    id: uuid.UUID
    email: str
    display_name: str
    organization_id: uuid.UUID
    role: str
    permissions: list[str]
    memberships: list[MembershipOut]
    locale: Locale | None
    """The language the person chose, null until they choose (the browser's then)."""
    colour: str
    """The person's colour: the one they chose, else one derived from their id."""
    has_password: bool = False
    """Whether the account signs in with a local password (it may change it)."""
    is_staff: bool = False
    """Whether the person is of the installation's staff (they set organizations' SIRET)."""


@post("/login", public=True, status_code=200, rate_limited=True)
async def login(data: JSONBody[LoginIn], request: Request[Any, Any, Any]) -> MeOut:
    """Sign in with a local account; the session cookie identifies the caller afterwards.

    Failed attempts are limited per client IP and per (IP, e-mail): beyond the
    limit the answer is 429 with ``Retry-After``, whatever the password. An e-mail
    failing from many addresses is slowed (one attempt per pause, 429 meanwhile).
    404 when ``LASUITE_LOCAL_ACCOUNTS`` is off.
    """
    runtime = runtime_of(request.app.state)
    if not runtime.settings.local_accounts:
        raise NotFoundException("Local accounts are turned off; sign in with your organization.")
    attempt = await LoginAttempt.begin(request, data.email)
    # The password is checked outside any transaction: a failure is audited in a
    # transaction of its own, and a success writes only once the account is known.
    async with runtime.database.reading() as db:
        user = await db.scalar(select(User).where(func.lower(User.email) == data.email.lower()))
        memberships = await _memberships(db, user.id) if user is not None else []
    if (
        user is None
        or not user.is_active
        or not await verify_password(user.password_hash, data.password)
    ):
        await attempt.failed(user.id if user else None, "credentials")
        raise NotAuthorizedException("Unknown e-mail or wrong password.")
    await attempt.succeeded()
    chosen = next(
        (m for m in memberships if data.organization in (None, m.slug)),
        None,
    )
    if chosen is None:
        await attempt.failed(user.id, "organization")
        raise NotAuthorizedException("You belong to no such organization.")
    async with runtime.database.transaction() as db:
        await start_signed_in_session(
            request,
            db,
            user_id=user.id,
            organization_id=chosen.organization_id,
            session_epoch=user.session_epoch,
        )
        await db.execute(update(User).where(User.id == user.id).values(last_login_at=utcnow()))
        record_event(
            db,
            action="core.login.succeeded",
            organization_id=chosen.organization_id,
            actor_id=user.id,
            target=user.email,
            data={"method": "password"},
            ip=client_ip(request),
        )
    permissions = runtime.permissions.granted_to(chosen.role)
    return MeOut(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        organization_id=chosen.organization_id,
        role=chosen.role,
        permissions=sorted(permissions),
        memberships=memberships,
        has_password=True,
        is_staff=user.is_staff,
        locale=chosen_locale(user.locale),
        colour=colour_of(user.id, user.colour),
    )


class LogoutOut(msgspec.Struct):
    redirect: str
    """The identity provider's logout page, to send the browser to."""


@post(
    "/logout",
    public=True,
    status_code=200,
    responses={204: ResponseSpec(None, description="Signed out (a local session).")},
)
async def logout(request: Request[Any, Any, Any], db: DbSession) -> Response[LogoutOut | None]:
    """End the caller's session (its data is deleted from the session store).

    After an OIDC sign-in the answer is 200 with the provider's logout URL in
    ``redirect``, for the browser to end its session there too; otherwise 204.
    """
    actor = None if bearer_token(request) else await current_actor(request)
    if actor is not None:
        record_event(
            db,
            action="core.logout",
            organization_id=actor.organization_id,
            actor_id=actor.user_id,
            target=actor.email,
            ip=client_ip(request),
        )
    provider_logout = await provider_logout_url(request)
    signed_in = session_ref(request.session)
    if actor is not None and signed_in is not None:
        await end_session(db, actor.user_id, signed_in)
    request.clear_session()
    if provider_logout is None:
        return Response(None, status_code=204)
    return Response(LogoutOut(redirect=provider_logout), status_code=200)


@get("/me", permission="core.profile.read")
async def me(actor: CurrentActor, db: DbSession) -> MeOut:
    return await me_of(db, actor)


@patch("/me", permission="core.profile.read", status_code=200)
async def update_me(data: JSONBody[ProfileIn], db: DbSession, actor: CurrentActor) -> MeOut:
    """Change the caller's display name (trimmed) or language, those given; the
    caller's profile, as ``GET /me``."""
    display_name = None
    if data.display_name is not None:
        display_name = await rename(db, actor, data.display_name)
    if data.locale is not None:
        await choose_locale(db, actor, data.locale)
    if data.colour is not None:
        await choose_colour(db, actor, data.colour)
    return await me_of(db, actor, display_name=display_name)


async def me_of(db: AsyncSession, actor: Actor, *, display_name: str | None = None) -> MeOut:
    """The profile of ``actor`` (with ``display_name`` when it has just changed)."""
    account = await user_of(db, actor)
    return MeOut(
        id=actor.user_id,
        email=actor.email,
        display_name=actor.display_name if display_name is None else display_name,
        organization_id=actor.organization_id,
        role=actor.role,
        permissions=sorted(actor.permissions),
        memberships=await _memberships(db, actor.user_id),
        has_password=account.password_hash is not None,
        is_staff=account.is_staff,
        locale=chosen_locale(account.locale),
        colour=colour_of(account.id, account.colour),
    )


async def _memberships(db: AsyncSession, user_id: uuid.UUID) -> list[MembershipOut]:
    return [
        MembershipOut(organization_id=org.id, slug=org.slug, name=org.name, role=role)
        for org, role in await memberships_of(db, user_id)
    ]


auth_router = Router(
    path="/api/v1/auth",
    route_handlers=[login, logout, me, update_me, *SESSION_ROUTES],
    tags=["auth"],
)
