"""A signed-in user's own account: their password and the name others see."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.identity.locales import Locale
from lasuite.identity.models import User
from lasuite.identity.passwords import hash_password, verify_password
from lasuite.permissions.actor import Actor
from lasuite.problems import Problem


class WrongPassword(Problem):
    code = "core.wrong_password"
    status = 400
    message = "The current password is wrong."


class SamePassword(Problem):
    code = "core.same_password"
    status = 400
    message = "The new password must differ from the current one."


class NoLocalPassword(Problem):
    code = "core.no_local_password"
    status = 409
    message = "This account signs in with its organization's provider and has no password here."


ACCOUNT_PROBLEMS: tuple[type[Problem], ...] = (WrongPassword, SamePassword, NoLocalPassword)


async def change_password(
    db: AsyncSession, actor: Actor, *, current: str, new: str, ip: str
) -> int:
    """Replace the actor's password once ``current`` is verified; the user's new session
    epoch, which ends every session started before (the caller keeps theirs by storing it).

    Refused for an account without a local password (409), a wrong ``current`` (400)
    and a ``new`` password equal to it (400).
    """
    user = await _user(db, actor.user_id)
    if user.password_hash is None:
        raise NoLocalPassword()
    if not await verify_password(user.password_hash, current):
        raise WrongPassword(fields={"current_password": WrongPassword.message})
    if new == current:
        raise SamePassword(fields={"new_password": SamePassword.message})
    user.password_hash = await hash_password(new)
    return _end_sessions(db, actor, user, action="core.password.changed", ip=ip)


async def end_other_sessions(db: AsyncSession, actor: Actor, *, ip: str) -> int:
    """End every session of the actor's account, on every device; audited. The user's new
    session epoch (the caller keeps their own session by storing it)."""
    user = await _user(db, actor.user_id)
    return _end_sessions(db, actor, user, action="core.sessions.ended", ip=ip)


def _end_sessions(db: AsyncSession, actor: Actor, user: User, *, action: str, ip: str) -> int:
    """Move the user's session epoch on (every session started before ends) and audit
    ``action``; the new epoch."""
    user.session_epoch += 1
    record_event(
        db,
        action=action,
        organization_id=actor.organization_id,
        actor_id=user.id,
        target=user.email,
        ip=ip,
    )
    return user.session_epoch


async def rename(db: AsyncSession, actor: Actor, display_name: str) -> str:
    """Give the actor's account the name others see (trimmed); the name kept."""
    user = await _user(db, actor.user_id)
    user.display_name = display_name.strip()
    return user.display_name


async def choose_locale(db: AsyncSession, actor: Actor, locale: Locale) -> None:
    """Keep the language the person chose, for the workspace and their e-mails."""
    (await _user(db, actor.user_id)).locale = locale


async def choose_colour(db: AsyncSession, actor: Actor, colour: str) -> None:
    """Keep the colour the person chose for their badge and caret."""
    (await _user(db, actor.user_id)).colour = colour


async def user_of(db: AsyncSession, actor: Actor) -> User:
    """The account of ``actor``."""
    return await _user(db, actor.user_id)


async def _user(db: AsyncSession, user_id: uuid.UUID) -> User:
    user = await db.get(User, user_id)
    # The actor was loaded from an active user in this request: it exists.
    assert user is not None, "the actor's user exists"
    return user
