"""The caller's notifications: list, mark read, and their preferences per kind."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, post, put
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy import and_, or_, select, update

from lasuite.db.base import utcnow
from lasuite.notifications.models import Notification, NotificationPreference
from lasuite.notifications.service import NotificationOut, Notifier, notification_out
from lasuite.plugins import CurrentActor, DbSession
from lasuite.state import runtime_of

READ = "core.notifications.read"

Limit = Annotated[int, QueryParameter(ge=1, le=200)]


class NotificationPage(msgspec.Struct):
    items: list[NotificationOut]
    next_cursor: uuid.UUID | None
    """Pass it as ``?cursor=`` for the next (older) page; null on the last page."""


class PreferenceOut(msgspec.Struct):
    kind: str
    description: str
    """In English."""
    descriptions: dict[str, str]
    """In other languages, by language code (``fr``)."""
    plugin_id: str
    email: bool
    in_app: bool


class PreferenceIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: Annotated[str, msgspec.Meta(min_length=1, max_length=120)]
    email: bool
    in_app: bool


def _mine(actor: CurrentActor) -> Any:
    return and_(
        Notification.user_id == actor.user_id,
        Notification.organization_id == actor.organization_id,
    )


@get("/", permission=READ)
async def list_notifications(
    db: DbSession,
    actor: CurrentActor,
    unread: FromQuery[bool] = False,
    cursor: FromQuery[uuid.UUID | None] = None,
    limit: Limit = 50,
) -> NotificationPage:
    """The caller's notifications in their organization, newest first; ``?unread=true``
    for those not read yet, ``?cursor=`` (a page's ``next_cursor``) for older ones."""
    query = select(Notification).where(_mine(actor))
    if unread:
        query = query.where(Notification.read_at.is_(None))
    if cursor is not None:
        after = await db.get(Notification, cursor)
        if after is None or after.user_id != actor.user_id:
            raise ClientException("Unknown cursor.")
        query = query.where(
            or_(
                Notification.created_at < after.created_at,
                and_(Notification.created_at == after.created_at, Notification.id < after.id),
            )
        )
    query = query.order_by(Notification.created_at.desc(), Notification.id.desc())
    rows = list(await db.scalars(query.limit(limit + 1)))
    page = rows[:limit]
    more = len(rows) > limit
    return NotificationPage(
        items=[notification_out(n) for n in page], next_cursor=page[-1].id if more else None
    )


@post("/{notification_id:uuid}/read", permission=READ, status_code=200)
async def mark_read(
    notification_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> NotificationOut:
    """Mark one of the caller's notifications read."""
    notification = await db.scalar(
        select(Notification).where(Notification.id == notification_id, _mine(actor))
    )
    if notification is None:
        raise NotFoundException("No such notification.")
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification_out(notification)


@post("/read-all", permission=READ, status_code=200)
async def mark_all_read(db: DbSession, actor: CurrentActor) -> dict[str, int]:
    """Mark every unread notification of the caller read; how many were."""
    result = await db.execute(
        update(Notification)
        .where(_mine(actor), Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return {"read": int(result.rowcount)}  # type: ignore[attr-defined]


def _notifier(request: Request[Any, Any, Any]) -> Notifier:
    notifier: Notifier = runtime_of(request.app.state).notifier
    return notifier


async def _preferences(
    request: Request[Any, Any, Any], db: DbSession, actor: CurrentActor
) -> list[PreferenceOut]:
    kinds = [k for k in _notifier(request).kinds.values() if k.plugin_id in actor.enabled_plugins]
    rows = await db.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == actor.user_id)
    )
    chosen = {row.kind: row for row in rows}
    out = []
    for kind in sorted(kinds, key=lambda k: k.name):
        row = chosen.get(kind.name)
        out.append(
            PreferenceOut(
                kind=kind.name,
                description=kind.description,
                descriptions=dict(kind.descriptions),
                plugin_id=kind.plugin_id,
                email=row.email if row is not None else kind.default_email,
                in_app=row.in_app if row is not None else True,
            )
        )
    return out


@get("/preferences", permission=READ)
async def get_preferences(
    request: Request[Any, Any, Any], db: DbSession, actor: CurrentActor
) -> list[PreferenceOut]:
    """How the caller gets each kind of notification of their organization's plugins."""
    return await _preferences(request, db, actor)


@put("/preferences", permission=READ)
async def put_preferences(
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
    data: JSONBody[Annotated[list[PreferenceIn], msgspec.Meta(max_length=500)]],
) -> list[PreferenceOut]:
    """Choose, per kind, whether to get it in the workspace and by e-mail."""
    kinds = _notifier(request).kinds
    unknown = sorted({p.kind for p in data} - set(kinds))
    if unknown:
        raise ClientException(f"Unknown notification kinds: {', '.join(unknown)}.")
    rows = await db.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == actor.user_id)
    )
    chosen = {row.kind: row for row in rows}
    for preference in data:
        row = chosen.get(preference.kind)
        if row is None:
            row = NotificationPreference(user_id=actor.user_id, kind=preference.kind)
            db.add(row)
            chosen[preference.kind] = row
        row.email = preference.email
        row.in_app = preference.in_app
    await db.flush()
    return await _preferences(request, db, actor)


notifications_router = Router(
    path="/api/v1/notifications",
    route_handlers=[list_notifications, mark_all_read, mark_read, get_preferences, put_preferences],
    tags=["notifications"],
)
