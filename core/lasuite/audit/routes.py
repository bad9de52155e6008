"""Organization admins read their audit log."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, get
from litestar.exceptions import ValidationException
from litestar.params import FromQuery, QueryParameter

from lasuite.audit.log import list_events
from lasuite.audit.plugin_trail import categories
from lasuite.plugins import CurrentActor, DbSession
from lasuite.state import runtime_of


class AuditEventOut(msgspec.Struct):
    id: uuid.UUID
    created_at: datetime
    action: str
    actor_id: uuid.UUID | None
    target: str
    data: dict[str, Any]
    ip: str


Limit = Annotated[int, QueryParameter(ge=1, le=500)]
ActionFilter = Annotated[str | None, QueryParameter(min_length=1, max_length=120)]


@get("/api/v1/orgs/current/audit", permission="core.audit.read", tags=["audit"])
async def list_audit(
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
    actor_id: FromQuery[uuid.UUID | None] = None,
    action: ActionFilter = None,
    since: FromQuery[datetime | None] = None,
    until: FromQuery[datetime | None] = None,
    before: FromQuery[uuid.UUID | None] = None,
    limit: Limit = 100,
) -> list[AuditEventOut]:
    """The organization's audit events, newest first; ``action`` is one action
    (``core.member.role_changed``) or a category (``core.member.*``); ``since`` and
    ``until`` are dates and times written out (``2026-12-07T09:00:00Z``); ``before`` (an
    event id) pages back."""
    _written_out(request, "since", "until")
    events = await list_events(
        db,
        actor.organization_id,
        actor_id=actor_id,
        action=action,
        since=since,
        until=until,
        before=before,
        limit=limit,
    )
    return [
        AuditEventOut(
            id=e.id,
            created_at=e.created_at,
            action=e.action,
            actor_id=e.actor_id,
            target=e.target,
            data=e.data,
            ip=e.ip,
        )
        for e in events
    ]


@get("/api/v1/orgs/current/audit/categories", permission="core.audit.read", tags=["audit"])
async def list_audit_categories(request: Request[Any, Any, Any], actor: CurrentActor) -> list[str]:
    """The kinds of actions the organization's log is filtered by (``action=<category>.*``):
    the core's, then those of the plugins the organization enabled."""
    return categories(runtime_of(request.app.state).registry, actor.enabled_plugins)


def _written_out(request: Request[Any, Any, Any], *names: str) -> None:
    """Refuse a time given as a number: the query's decoder would read it as seconds since
    1970, which the schema (a date-time string) does not allow."""
    given = {name: request.query_params.get(name) for name in names}
    wrong = [
        {"key": name, "message": "A date and time such as 2026-12-07T09:00:00Z."}
        for name, raw in given.items()
        if raw is not None and not _ISO_TIME.match(raw)
    ]
    if wrong:
        raise ValidationException("Times are written out, not given in seconds.", extra=wrong)


_ISO_TIME = re.compile(r"\d{4}-")
