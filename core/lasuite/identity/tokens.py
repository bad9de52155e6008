"""Personal API tokens: issued to a member for one organization, narrowed by scopes.

A token reads ``lst_<prefix>_<secret>``. Only its SHA-256 is stored; the
token itself is shown once, when it is issued. The prefix, stored in clear,
lets its owner recognise it in the list.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from litestar.exceptions import NotAuthorizedException, NotFoundException, ValidationException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.db.base import utcnow
from lasuite.identity.models import ApiToken
from lasuite.identity.secret_hashes import hash_secret
from lasuite.permissions.actor import Actor

TOKEN_PREFIX = "lst_"
LAST_USED_PRECISION = timedelta(minutes=1)
"""``last_used_at`` is written at most this often, not on every request."""


@dataclass(frozen=True, slots=True)
class IssuedToken:
    record: ApiToken
    token: str
    """The whole token, to show once."""


def invalid_scopes(scopes: Iterable[str], permissions: Iterable[str]) -> list[str]:
    """The scopes that match no known permission (``ns.*`` patterns match by prefix)."""
    known = list(permissions)
    return [
        scope
        for scope in scopes
        if not (
            scope in known
            or (scope.endswith(".*") and any(p.startswith(scope[:-1]) for p in known))
        )
    ]


async def issue_token(
    db: AsyncSession,
    actor: Actor,
    *,
    name: str,
    scopes: Sequence[str],
    permissions: Iterable[str],
    expires_in_days: int,
    ip: str = "",
    now: datetime | None = None,
) -> IssuedToken:
    """A new token of ``actor`` in their organization, audited; ``scopes`` must be known."""
    unknown = invalid_scopes(scopes, permissions)
    if unknown:
        raise ValidationException(
            "Each scope must be a permission name or a `<namespace>.*` pattern matching one.",
            extra=[{"key": "scopes", "message": f"unknown: {', '.join(unknown)}"}],
        )
    prefix = secrets.token_hex(4)
    token = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    record = ApiToken(
        user_id=actor.user_id,
        organization_id=actor.organization_id,
        name=name,
        token_hash=hash_secret(token),
        prefix=prefix,
        scopes=sorted(set(scopes)),
        expires_at=(now or utcnow()) + timedelta(days=expires_in_days),
    )
    db.add(record)
    await db.flush()
    record_event(
        db,
        action="core.token.created",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=str(record.id),
        data={"name": name, "prefix": prefix, "scopes": record.scopes},
        ip=ip,
    )
    return IssuedToken(record=record, token=token)


async def list_tokens(db: AsyncSession, actor: Actor) -> Sequence[ApiToken]:
    """The actor's unrevoked tokens in their organization, newest first."""
    return (
        await db.scalars(
            select(ApiToken)
            .where(
                ApiToken.user_id == actor.user_id,
                ApiToken.organization_id == actor.organization_id,
                ApiToken.revoked_at.is_(None),
            )
            .order_by(ApiToken.created_at.desc())
        )
    ).all()


async def revoke_token(
    db: AsyncSession,
    actor: Actor,
    token_id: uuid.UUID,
    *,
    ip: str = "",
    now: datetime | None = None,
) -> None:
    """Revoke one of the actor's own tokens, audited; anyone else's is reported absent."""
    record = await db.scalar(
        select(ApiToken).where(
            ApiToken.id == token_id,
            ApiToken.user_id == actor.user_id,
            ApiToken.organization_id == actor.organization_id,
            ApiToken.revoked_at.is_(None),
        )
    )
    if record is None:
        raise NotFoundException("No such token.")
    record.revoked_at = now or utcnow()
    record_event(
        db,
        action="core.token.revoked",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=str(record.id),
        data={"name": record.name, "prefix": record.prefix},
        ip=ip,
    )


async def usable_token(db: AsyncSession, token: str, *, now: datetime | None = None) -> ApiToken:
    """The unrevoked, unexpired token record of ``token``; 401 otherwise.

    Notes the use in ``last_used_at`` (at most once a minute); the caller commits.
    """
    now = now or utcnow()
    record = None
    if token.startswith(TOKEN_PREFIX):
        record = await db.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(token)))
    if record is None:
        raise NotAuthorizedException("Unknown API token.")
    if record.revoked_at is not None:
        raise NotAuthorizedException("This API token has been revoked.")
    if record.expires_at is not None and record.expires_at <= now:
        raise NotAuthorizedException("This API token has expired.")
    if record.last_used_at is None or now - record.last_used_at >= LAST_USED_PRECISION:
        record.last_used_at = now
    return record
