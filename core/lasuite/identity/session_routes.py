"""The caller's signed-in sessions: listed with their device, ended one by one or all
but this one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import msgspec
from litestar import Request, delete, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath

from lasuite.audit.log import record_event
from lasuite.identity.accounts import end_other_sessions
from lasuite.identity.devices import Device, device_of
from lasuite.identity.login_attempts import client_ip
from lasuite.identity.signed_in import (
    announce_sessions_ended,
    end_session,
    keep_only_this_session,
    session_ref,
    sessions_of,
)
from lasuite.permissions.actor import Actor
from lasuite.plugins import CurrentActor, DbSession


class SessionOut(msgspec.Struct):
    id: uuid.UUID
    started_at: datetime
    last_seen_at: datetime
    """When a request last came with it, to within five minutes."""
    device: Device
    ip: str
    """The address it signed in from."""
    current: bool
    """The session of this request."""


def _signed_in_only(actor: Actor) -> None:
    if actor.via == "token":
        raise PermissionDeniedException("An API token has no session; revoke the token instead.")


@get("/sessions", permission="core.profile.read")
async def my_sessions(
    request: Request[Any, Any, Any], db: DbSession, actor: CurrentActor
) -> list[SessionOut]:
    """The caller's sessions still going, the last used first: the device and address
    each signed in from, and which one is this. Signed in only (an API token gets 403)."""
    _signed_in_only(actor)
    current = session_ref(request.session)
    return [
        SessionOut(
            id=row.id,
            started_at=row.created_at,
            last_seen_at=row.last_seen_at,
            device=device_of(row.user_agent),
            ip=row.ip,
            current=row.id == current,
        )
        for row in await sessions_of(db, actor.user_id)
    ]


@delete("/sessions/{session_id:uuid}", permission="core.profile.read")
async def end_my_session(
    session_id: FromPath[uuid.UUID],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
) -> None:
    """End one of the caller's sessions (a device left signed in): its next request is
    signed out. Ending this request's own session signs the caller out. 404 for a
    session that is not the caller's, or already ended."""
    _signed_in_only(actor)
    if not await end_session(db, actor.user_id, session_id):
        raise NotFoundException("You have no such session; it may have ended already.")
    record_event(
        db,
        action="core.session.ended",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=actor.email,
        data={"session": str(session_id)},
        ip=client_ip(request),
    )
    await announce_sessions_ended(request, db, actor)
    if session_id == session_ref(request.session):
        request.clear_session()


@post("/sessions/end-others", permission="core.profile.read", status_code=204)
async def end_my_other_sessions(
    request: Request[Any, Any, Any], db: DbSession, actor: CurrentActor
) -> None:
    """Sign the caller out everywhere else: every other session of the account ends (a
    lost phone, a shared computer), this one goes on under a new session id. Signed in
    only (an API token gets 403: revoke it instead)."""
    _signed_in_only(actor)
    epoch = await end_other_sessions(db, actor, ip=client_ip(request))
    await keep_only_this_session(request, db, actor, epoch)


SESSION_ROUTES = [my_sessions, end_my_session, end_my_other_sessions]
