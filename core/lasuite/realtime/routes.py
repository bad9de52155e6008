"""``GET /api/v1/presence``: who is in a topic (by default, the caller's organization)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated, Any

import msgspec
from litestar import Request, get
from litestar.exceptions import PermissionDeniedException
from litestar.params import Parameter
from sqlalchemy import select

from lasuite.identity.models import User
from lasuite.plugins import CurrentActor, DbSession
from lasuite.realtime.presence import Status
from lasuite.realtime.topics import MAX_TOPIC_LENGTH, org_topic
from lasuite.state import runtime_of

if TYPE_CHECKING:
    from lasuite.realtime.runtime import Realtime


class PresentUser(msgspec.Struct):
    user_id: uuid.UUID
    display_name: str
    status: Status


@get("/api/v1/presence", permission="core.realtime.connect", tags=["realtime"])
async def list_presence(
    request: Request[Any, Any, Any],
    actor: CurrentActor,
    db: DbSession,
    topic: Annotated[str | None, Parameter(max_length=MAX_TOPIC_LENGTH)] = None,
) -> list[PresentUser]:
    """The users online or away in ``topic``, which the caller must be allowed to subscribe to."""
    realtime: Realtime = runtime_of(request.app.state).realtime
    topic = topic or org_topic(actor.organization_id)
    if await realtime.topics.permit(actor, topic, db) is None:
        raise PermissionDeniedException(f"You may not see who is in {topic}.")
    statuses = await realtime.presence.statuses(topic)
    users = await db.execute(
        select(User.id, User.display_name).where(User.id.in_([uuid.UUID(u) for u in statuses]))
    )
    return sorted(
        (PresentUser(user_id, name, statuses[str(user_id)]) for user_id, name in users),
        key=lambda user: (user.display_name, str(user.user_id)),
    )
