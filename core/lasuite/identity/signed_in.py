"""The sessions a person is signed in with, one row per sign-in: listed on their account
page, each one ended from any other.

A session's data in the session store names its row (``signed_in``); the request of a
session whose row is gone is anonymous (see :mod:`lasuite.identity.actors`). Rows of
sessions the store has forgotten (unused for :data:`~lasuite.identity.sessions.SESSION_MAX_AGE`)
are left out of the list and deleted at the person's next sign-in.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from litestar import Request
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.base import utcnow
from lasuite.identity.login_attempts import client_ip
from lasuite.identity.models import SignedInSession, User
from lasuite.identity.sessions import SESSION_EPOCH, SESSION_MAX_AGE, start_new_session
from lasuite.permissions.actor import Actor
from lasuite.realtime.core_events import SessionsEnded
from lasuite.state import runtime_of

SIGNED_IN = "signed_in"
"""The key of a session's data naming its :class:`SignedInSession` row."""

SEEN_EVERY = timedelta(minutes=5)
"""How stale ``last_seen_at`` may get: a session's requests write it at most this often."""

LIFETIME = timedelta(seconds=SESSION_MAX_AGE)
USER_AGENT_LENGTH = 300


async def start_signed_in_session(
    request: Request[Any, Any, Any],
    db: AsyncSession,
    *,
    user_id: uuid.UUID,
    organization_id: uuid.UUID,
    session_epoch: int,
    **extra: Any,
) -> None:
    """Sign the caller in as ``user_id`` acting in ``organization_id``, in a new session
    (:func:`~lasuite.identity.sessions.start_new_session`) that lasts until the user's
    ``session_epoch`` moves on or they end it from another device. The session it
    replaces, if any, ends."""
    replaced = session_ref(request.session) if isinstance(request.session, dict) else None
    if replaced is not None:
        await db.execute(delete(SignedInSession).where(SignedInSession.id == replaced))
    await forget_expired(db, user_id)
    start_new_session(
        request,
        {
            "user_id": str(user_id),
            "organization_id": str(organization_id),
            SESSION_EPOCH: session_epoch,
            SIGNED_IN: _record_sign_in(db, request, user_id),
            **extra,
        },
    )


def _record_sign_in(db: AsyncSession, request: Request[Any, Any, Any], user_id: uuid.UUID) -> str:
    """A row for the session ``user_id`` is signing in with; the value of :data:`SIGNED_IN`."""
    now = utcnow()
    row = SignedInSession(
        id=uuid.uuid4(),
        user_id=user_id,
        last_seen_at=now,
        user_agent=request.headers.get("user-agent", "")[:USER_AGENT_LENGTH],
        ip=client_ip(request),
    )
    db.add(row)
    return str(row.id)


async def forget_expired(db: AsyncSession, user_id: uuid.UUID) -> None:
    """Delete the rows of ``user_id``'s sessions the store no longer keeps."""
    await db.execute(
        delete(SignedInSession).where(
            SignedInSession.user_id == user_id, SignedInSession.last_seen_at < _expired_before()
        )
    )


async def sessions_of(db: AsyncSession, user_id: uuid.UUID) -> Sequence[SignedInSession]:
    """``user_id``'s sessions still going, the last used first."""
    return (
        await db.scalars(
            select(SignedInSession)
            .where(
                SignedInSession.user_id == user_id,
                SignedInSession.last_seen_at >= _expired_before(),
            )
            .order_by(SignedInSession.last_seen_at.desc(), SignedInSession.id)
        )
    ).all()


async def end_session(db: AsyncSession, user_id: uuid.UUID, session_id: uuid.UUID) -> bool:
    """End one of ``user_id``'s sessions; False when they have no such session."""
    ended = await db.execute(
        delete(SignedInSession).where(
            SignedInSession.id == session_id, SignedInSession.user_id == user_id
        )
    )
    return bool(ended.rowcount)  # type: ignore[attr-defined]


async def end_sessions_but(db: AsyncSession, user_id: uuid.UUID, kept: uuid.UUID | None) -> None:
    """End every session of ``user_id`` but ``kept``."""
    others = delete(SignedInSession).where(SignedInSession.user_id == user_id)
    if kept is not None:
        others = others.where(SignedInSession.id != kept)
    await db.execute(others)


async def keep_only_this_session(
    request: Request[Any, Any, Any], db: AsyncSession, actor: Actor, epoch: int
) -> None:
    """After the user's session epoch moved on to ``epoch`` (a new password, "sign out
    everywhere else"): end every other session, close their websockets once committed,
    and go on in this one under a new session id."""
    await end_sessions_but(db, actor.user_id, session_ref(request.session))
    await announce_sessions_ended(request, db, actor)
    start_new_session(request, {**request.session, SESSION_EPOCH: epoch})


async def announce_sessions_ended(
    request: Request[Any, Any, Any], db: AsyncSession, actor: Actor
) -> None:
    """Once committed, close the websockets of ``actor``'s sessions that ended, on every
    instance."""
    await runtime_of(request.app.state).realtime.bus.publish(
        db, SessionsEnded(user_id=actor.user_id), organization_id=actor.organization_id
    )


async def seen_now(db: AsyncSession, session_id: uuid.UUID) -> None:
    await db.execute(
        update(SignedInSession)
        .where(SignedInSession.id == session_id)
        .values(last_seen_at=utcnow())
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True, slots=True)
class SessionMark:
    """What says whether a session goes on: the user's epoch it started under, and its row
    (None for a session from before rows existed)."""

    epoch: int
    signed_in: uuid.UUID | None


def session_mark(session: Any) -> SessionMark | None:
    """The mark of a signed-in session's data; None without one."""
    if not isinstance(session, dict) or "user_id" not in session:
        return None
    epoch = session.get(SESSION_EPOCH, 0)
    return SessionMark(epoch if isinstance(epoch, int) else -1, session_ref(session))


async def session_goes_on(db: AsyncSession, user_id: uuid.UUID, mark: SessionMark) -> bool:
    """Whether the session ``mark`` names is still signed in (see :mod:`lasuite.identity.actors`
    for the request's own check): its row is there; for a session from before rows, the
    user's epoch has not moved on. (The epoch alone would not do: the session that
    changed the password, or ended the others, goes on under the new epoch, while a
    websocket it opened before keeps the old one.)"""
    if mark.signed_in is not None:
        return await db.get(SignedInSession, mark.signed_in) is not None
    epoch = await db.scalar(select(User.session_epoch).where(User.id == user_id))
    return epoch == mark.epoch


def session_ref(session: dict[str, Any]) -> uuid.UUID | None:
    """The row a session's data names; None for a session from before rows existed."""
    try:
        return uuid.UUID(session[SIGNED_IN])
    except (KeyError, ValueError, TypeError):
        return None


def seen_before() -> datetime:
    """Sessions last seen before this are seen again (see :data:`SEEN_EVERY`)."""
    return utcnow() - SEEN_EVERY


def _expired_before() -> datetime:
    return utcnow() - LIFETIME
