"""The authenticated caller of a request, within one organization."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A signed-in user acting in their active organization.

    Plugins receive it as the ``actor`` dependency and scope every query by
    ``actor.organization_id``::

        @get("/rooms", permission="visio.room.read")
        async def list_rooms(db: DbSession, actor: CurrentActor) -> list[RoomOut]: ...
    """

    user_id: uuid.UUID
    email: str
    display_name: str
    organization_id: uuid.UUID
    role: str
    permissions: frozenset[str]

    def can(self, permission: str) -> bool:
        return permission in self.permissions
