"""Writing to and reading the audit log."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.models import AuditEvent


def record_event(
    db: AsyncSession,
    *,
    action: str,
    organization_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    target: str = "",
    data: dict[str, Any] | None = None,
    ip: str = "",
) -> AuditEvent:
    """Append an event in the caller's transaction: it is kept exactly when the change is."""
    event = AuditEvent(
        organization_id=organization_id,
        actor_id=actor_id,
        action=action,
        target=target[:200],
        data=data or {},
        ip=ip[:45],
    )
    db.add(event)
    return event


async def list_events(
    db: AsyncSession,
    organization_id: uuid.UUID,
    *,
    actor_id: uuid.UUID | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    before: uuid.UUID | None = None,
    limit: int = 100,
) -> Sequence[AuditEvent]:
    """Events of one organization, newest first, filtered (``action`` an action, or a
    category ``core.member.*``); ``before`` pages back."""
    query = select(AuditEvent).where(AuditEvent.organization_id == organization_id)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    if action is not None and action.endswith(".*"):
        category = action[:-2]
        query = query.where(
            or_(
                AuditEvent.action == category,
                AuditEvent.action.startswith(f"{category}.", autoescape=True),
            )
        )
    elif action is not None:
        query = query.where(AuditEvent.action == action)
    if since is not None:
        query = query.where(AuditEvent.created_at >= since)
    if until is not None:
        query = query.where(AuditEvent.created_at < until)
    if before is not None:
        # After ``before`` in the listing's order (time, then id): events written at
        # the same instant as ``before`` are on the next page, never skipped.
        pivot = select(AuditEvent.created_at).where(AuditEvent.id == before).scalar_subquery()
        query = query.where(
            or_(
                AuditEvent.created_at < pivot,
                and_(AuditEvent.created_at == pivot, AuditEvent.id < before),
            )
        )
    query = query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(limit)
    return (await db.scalars(query)).all()
