"""Signing in through the OIDC provider: ``/api/v1/auth/oidc/login`` and ``/callback``.

``/login`` sends the browser to the provider and keeps the flow's secrets in the
server-side session (``POST /login``, from an invitation's page, also keeps the
invitation, accepted once the provider vouches for the person); ``/callback`` is
where the provider sends it back. Every refused callback is audited as
``core.login.failed``.
"""

from __future__ import annotations

import secrets
import uuid
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

import msgspec
from litestar import Request, Router, get, post
from litestar.exceptions import (
    ClientException,
    HTTPException,
    NotFoundException,
    ServiceUnavailableException,
)
from litestar.params import JSONBody, QueryParameter
from litestar.response import Redirect

from lasuite.audit.log import record_event
from lasuite.identity.login_attempts import client_ip
from lasuite.identity.oidc import (
    SESSION_ID_TOKEN,
    ProviderUnavailable,
    SignInRejected,
    oidc_provider,
)
from lasuite.identity.oidc_accounts import SignInRefused, sign_in_identity
from lasuite.identity.signed_in import start_signed_in_session
from lasuite.plugins import DbSession
from lasuite.state import runtime_of

if TYPE_CHECKING:
    from lasuite.identity.oidc_client import OIDCProvider

_PENDING = "oidc_pending"

QueryValue = Annotated[str | None, QueryParameter(max_length=4096)]


@get("/login", public=True)
async def oidc_login(
    request: Request[Any, Any, Any],
    next_path: Annotated[str | None, QueryParameter(name="next", max_length=2000)] = None,
) -> Redirect:
    """Send the browser to the identity provider, to come back to ``/callback``.

    ``next`` is the path to land on once signed in (default ``/``); a URL to
    another site is refused.
    """
    return Redirect(await _start(request, next_path))


class InvitedLoginIn(msgspec.Struct, forbid_unknown_fields=True):
    invitation: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    """The token of the invitation whose page the person is on."""
    next: Annotated[str, msgspec.Meta(max_length=2000)] | None = None
    """The path to land on once signed in and joined (default: where the invitation
    leads, else ``/``)."""


class LoginStarted(msgspec.Struct):
    url: str
    """The identity provider's page to send the browser to."""


@post("/login", public=True, status_code=200)
async def oidc_login_invited(
    request: Request[Any, Any, Any], data: JSONBody[InvitedLoginIn]
) -> LoginStarted:
    """Start a sign-in from an invitation's page: once the provider vouches for the
    person, they join the invitation's organization (it must have been sent to their
    address), even when their SIRET names no organization here. The token travels in
    this body, never in an address (and so never in a log)."""
    return LoginStarted(await _start(request, data.next, invitation=data.invitation))


async def _start(
    request: Request[Any, Any, Any], next_path: str | None, *, invitation: str | None = None
) -> str:
    """The provider's authorization URL; the flow's secrets kept in the session."""
    provider = _provider(request)
    # From an invitation, no ``next`` lands where the invitation leads (known once used).
    target = None if invitation is not None and not next_path else safe_next(next_path)
    try:
        authorization = await provider.authorization_request()
    except ProviderUnavailable as error:
        raise _unavailable() from error
    pending = {
        "state": authorization.state,
        "nonce": authorization.nonce,
        "code_verifier": authorization.code_verifier,
        "next": target,
        "invitation": invitation,
    }
    request.set_session({**request.session, _PENDING: pending})
    return authorization.url


@get("/callback", public=True)
async def oidc_callback(
    request: Request[Any, Any, Any],
    db: DbSession,
    code: QueryValue = None,
    returned_state: Annotated[str | None, QueryParameter(name="state", max_length=4096)] = None,
    error: QueryValue = None,
    error_description: QueryValue = None,
) -> Redirect:
    """Where the provider sends the browser back: sign in, then land on ``next``."""
    provider = _provider(request)
    pending = request.session.get(_PENDING)
    request.set_session({k: v for k, v in request.session.items() if k != _PENDING})
    if not isinstance(pending, dict) or not _same(pending.get("state"), returned_state):
        raise await _refused(
            request,
            400,
            "state",
            "This sign-in did not start here or was already used; start again.",
        )
    if error or not code:
        detail = ": ".join(part for part in (error or "no code", error_description) if part)
        raise await _refused(request, 401, "provider", f"The identity provider refused: {detail}")
    try:
        identity = await provider.verified_identity(
            code=code, code_verifier=pending["code_verifier"], nonce=pending["nonce"]
        )
    except ProviderUnavailable as failure:
        await _refused(request, 503, "provider_unavailable", str(failure))
        raise _unavailable() from failure
    except SignInRejected as rejection:
        raise await _refused(request, 401, rejection.reason, rejection.detail) from rejection
    try:
        outcome = await sign_in_identity(
            db, identity, ip=client_ip(request), invitation=pending.get("invitation")
        )
    except SignInRefused as refusal:
        raise await _refused(
            request,
            refusal.status_code,
            refusal.reason,
            refusal.detail,
            user_id=refusal.user_id,
            target=str(identity.claims.get("email") or identity.subject),
        ) from refusal
    await start_signed_in_session(
        request,
        db,
        user_id=outcome.user.id,
        organization_id=outcome.organization_id,
        session_epoch=outcome.user.session_epoch,
        **{SESSION_ID_TOKEN: identity.id_token},
    )
    record_event(
        db,
        action="core.login.succeeded",
        organization_id=outcome.organization_id,
        actor_id=outcome.user.id,
        target=outcome.user.email,
        data={"method": "oidc", "issuer": identity.issuer, "account": outcome.account},
        ip=client_ip(request),
    )
    return Redirect(str(pending["next"] or _landing(outcome.landing)))


def safe_next(value: str | None) -> str:
    """``value`` if it is a path on this site, ``/`` if empty; 400 for anything else.

    Refuses what a browser would take to another site: ``https://…``, ``//host``,
    ``/\\host`` and control characters.
    """
    if not value:
        return "/"
    parts = urlsplit(value)
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or parts.scheme
        or parts.netloc
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)
    ):
        raise ClientException("`next` must be a path on this site, such as `/docs`.")
    return value


def _landing(path: str | None) -> str:
    """Where an invitation leads, if it is a path on this site; else ``/``."""
    try:
        return safe_next(path)
    except ClientException:
        return "/"


def _provider(request: Request[Any, Any, Any]) -> OIDCProvider:
    provider = oidc_provider(request.app)
    if provider is None:
        raise NotFoundException("Sign-in with an identity provider is not configured here.")
    return provider


def _same(expected: object, given: str | None) -> bool:
    return (
        isinstance(expected, str)
        and given is not None
        and secrets.compare_digest(expected.encode(), given.encode())
    )


def _unavailable() -> ServiceUnavailableException:
    return ServiceUnavailableException("The identity provider cannot be reached; try again later.")


async def _refused(
    request: Request[Any, Any, Any],
    status_code: int,
    reason: str,
    detail: str,
    *,
    user_id: uuid.UUID | None = None,
    target: str = "",
) -> HTTPException:
    """Audit a refused sign-in in its own transaction (the request's is rolled back)."""
    async with runtime_of(request.app.state).database.transaction() as db:
        record_event(
            db,
            action="core.login.failed",
            organization_id=None,
            actor_id=user_id,
            target=target,
            data={"method": "oidc", "reason": reason, "detail": detail[:500]},
            ip=client_ip(request),
        )
    return HTTPException(status_code=status_code, detail=detail)


oidc_router = Router(
    path="/api/v1/auth/oidc",
    route_handlers=[oidc_login, oidc_login_invited, oidc_callback],
    tags=["auth"],
)
