"""The caller's own password: changing it ends their other sessions."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Router, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import JSONBody

from lasuite.identity.accounts import change_password
from lasuite.identity.login_attempts import client_ip
from lasuite.identity.ratelimit import RATE_LIMITS, hit, take_back
from lasuite.identity.sessions import SESSION_EPOCH, start_new_session
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
    start_new_session(request, {**request.session, SESSION_EPOCH: epoch})


password_router = Router(path="/api/v1/auth", route_handlers=[change_my_password], tags=["auth"])
