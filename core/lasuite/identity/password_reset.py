"""A forgotten password: a link e-mailed to the account's address lets its holder choose a
new one, within an hour, once.

The link's token is signed with the installation's secret and names the user and their
session epoch: setting the password moves the epoch on, which ends every session of the
account and spends the link (and any other link sent before). Nothing is stored: the job
e-mailing the link makes the token when it sends it, so no secret waits in its record.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.identity.models import User
from lasuite.identity.passwords import hash_password
from lasuite.identity.signed_in import end_sessions_but
from lasuite.jobs.queue import JobQueue
from lasuite.problems import Problem
from lasuite.settings import Settings
from lasuite.tenancy.models import Membership

VALID_FOR = timedelta(hours=1)
RESET_JOB = "core.send_password_reset"


class ResetLinkInvalid(Problem):
    code = "core.reset_link_invalid"
    status = 400
    message = "This link to choose a new password is not valid, or was used already."


class ResetLinkExpired(Problem):
    code = "core.reset_link_expired"
    status = 410
    message = "This link to choose a new password has expired; ask for a new one."


def reset_token(settings: Settings, user_id: uuid.UUID, epoch: int, expires: int) -> str:
    """The token of a link for ``user_id`` at ``epoch``, valid until ``expires`` (Unix)."""
    payload = f"{user_id.hex}.{epoch}.{expires}"
    return f"{payload}.{_signature(settings, payload)}"


def reset_url(settings: Settings, token: str) -> str:
    # In the fragment, so that the token never reaches a server's or proxy's access log.
    return f"{settings.base_url.rstrip('/')}/password-reset#token={token}"


def _signature(settings: Settings, payload: str) -> str:
    key = hashlib.sha256(b"lasuite password reset " + settings.session_secret()).digest()
    digest = hmac.new(key, payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


async def ask_for_reset(db: AsyncSession, queue: JobQueue, email: str) -> None:
    """E-mail a link to the account with ``email``, if there is one (whoever asks is told
    the same either way: the answer must not say which addresses have accounts). An
    account without a password yet (made by an administrator, or used through single
    sign-on) gets one too: holding the address is what the link proves."""
    found = (
        await db.execute(
            select(User.id, Membership.organization_id)
            .join(Membership, Membership.user_id == User.id)
            .where(
                func.lower(User.email) == email.strip().lower(),
                User.is_active.is_(True),
            )
            .order_by(Membership.created_at)
            .limit(1)
        )
    ).one_or_none()
    if found is None:
        return
    user_id, organization_id = found
    await queue.enqueue(db, RESET_JOB, organization_id=organization_id, user_id=str(user_id))


async def reset_password(
    db: AsyncSession, settings: Settings, token: str, new_password: str, *, ip: str
) -> None:
    """Set the password of the link's account; every session of it ends, and the link
    (and any other sent before) is spent."""
    user_id, epoch, expires = _read(settings, token)
    user = await db.get(User, user_id)
    if user is None or not user.is_active or user.session_epoch != epoch:
        raise ResetLinkInvalid()
    if expires < time.time():
        raise ResetLinkExpired()
    user.password_hash = await hash_password(new_password)
    user.session_epoch += 1
    await end_sessions_but(db, user.id, None)
    record_event(
        db,
        action="core.password.reset",
        organization_id=None,
        actor_id=user.id,
        target=user.email,
        ip=ip,
    )


def _read(settings: Settings, token: str) -> tuple[uuid.UUID, int, int]:
    payload, _, signature = token.strip().rpartition(".")
    if not hmac.compare_digest(signature, _signature(settings, payload)):
        raise ResetLinkInvalid()
    try:
        user, epoch, expires = payload.split(".")
        return uuid.UUID(hex=user), int(epoch), int(expires)
    except ValueError as exc:
        raise ResetLinkInvalid() from exc
