"""The caller's own password: changing it ends their other sessions."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Router, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import JSONBody

from lasuite.identity.accounts import change_password
from lasuite.identity.email_address import EmailAddress
from lasuite.identity.login_attempts import client_ip
from lasuite.identity.password_reset import ask_for_reset, reset_password
from lasuite.identity.ratelimit import RATE_LIMITS, hit, take_back
from lasuite.identity.signed_in import keep_only_this_session
from lasuite.plugins import CurrentActor, DbSession
from lasuite.settings import Settings
from lasuite.state import runtime_of


class PasswordIn(msgspec.Struct, forbid_unknown_fields=True):
    current_password: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
    new_password: Annotated[str, msgspec.Meta(min_length=12, max_length=1024)]
    """As long as at sign-up from an invitation: 12 characters at least."""


@post("/password", permission="core.profile.read", status_code=204, rate_limited=True)
async def change_my_password(
    data: JSONBody[PasswordIn], request: Request[Any, Any, Any], db: DbSession, actor: CurrentActor
) -> None:
    """Change the caller's local password, given the current one; every other session of
    the caller ends, this one goes on (under a new session id).

    Signed in only (an API token gets 403). ``core.wrong_password`` or
    ``core.same_password`` (400) for a bad pair, ``core.no_local_password`` (409) for an
    account that signs in with its organization's provider. Failed attempts are limited
    per user like sign-ins (429 with ``Retry-After`` beyond the limit).
    """
    if actor.via == "token":
        raise PermissionDeniedException("An API token cannot change a password; sign in to do so.")
    settings: Settings = runtime_of(request.app.state).settings
    store, key = request.app.stores.get(RATE_LIMITS), f"password-change:{actor.user_id}"
    # Counted before the check, so that parallel guesses cannot all pass under the limit.
    attempt = await hit(
        store, key, settings.login_failures_per_account, settings.login_failure_window
    )
    attempt.raise_if_exceeded("Too many wrong passwords; try again later.")
    epoch = await change_password(
        db, actor, current=data.current_password, new=data.new_password, ip=client_ip(request)
    )
    await take_back(store, key)
    await keep_only_this_session(request, db, actor, epoch)


class ResetAskIn(msgspec.Struct, forbid_unknown_fields=True):
    email: EmailAddress


class ResetIn(msgspec.Struct, forbid_unknown_fields=True):
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    new_password: Annotated[str, msgspec.Meta(min_length=12, max_length=1024)]


@post("/password-reset", public=True, status_code=202, rate_limited=True)
async def ask_for_a_new_password(
    data: JSONBody[ResetAskIn], request: Request[Any, Any, Any], db: DbSession
) -> None:
    """E-mail a link to choose a new password to the local account with this address (a
    link valid an hour, once). The answer is the same whether an account has it or not;
    asking is limited per client address and per address asked for."""
    runtime = runtime_of(request.app.state)
    settings: Settings = runtime.settings
    if not settings.local_accounts:
        raise NotFoundException()
    store = request.app.stores.get(RATE_LIMITS)
    for key in (f"password-reset:{client_ip(request)}", f"password-reset:{data.email.lower()}"):
        verdict = await hit(store, key, RESETS_PER_HOUR, 3600)
        verdict.raise_if_exceeded("Too many links asked for in the last hour; try again later.")
    await ask_for_reset(db, runtime.jobs.queue, data.email)


@post("/password-reset/confirm", public=True, status_code=204, rate_limited=True)
async def choose_a_new_password(
    data: JSONBody[ResetIn], request: Request[Any, Any, Any], db: DbSession
) -> None:
    """Set a new password with the e-mailed link's token: every session of the account
    ends, and the link is spent. ``core.reset_link_invalid`` (400) for a link that is not
    one or was used, ``core.reset_link_expired`` (410) after an hour."""
    settings: Settings = runtime_of(request.app.state).settings
    if not settings.local_accounts:
        raise NotFoundException()
    verdict = await hit(
        request.app.stores.get(RATE_LIMITS),
        f"password-reset-confirm:{client_ip(request)}",
        30,
        3600,
    )
    verdict.raise_if_exceeded("Too many links tried in the last hour; try again later.")
    await reset_password(db, settings, data.token, data.new_password, ip=client_ip(request))


RESETS_PER_HOUR = 5
"""Links one client address, or one address asked for, may ask for per hour."""

password_router = Router(
    path="/api/v1/auth",
    route_handlers=[change_my_password, ask_for_a_new_password, choose_a_new_password],
    tags=["auth"],
)
