"""The authenticated caller of a request, within one organization."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Literal

from lasuite.permissions.policy import PolicySet


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """A signed-in user (or a script holding their API token) in one organization.

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
    """What the actor may do here: the role's grants, narrowed by a token's scopes."""
    enabled_plugins: frozenset[str] = frozenset()
    team_ids: frozenset[uuid.UUID] = frozenset()
    via: Literal["session", "token"] = "session"
    token_id: uuid.UUID | None = field(default=None, compare=False)
    policies: PolicySet | None = field(default=None, compare=False, repr=False)
    """The resource policies of the loaded plugins, which ``authorize`` consults."""
    colour: str | None = None
    """The badge colour the person chose, or None: give it to ``colour_of`` (API 1.17)."""

    def can(self, permission: str) -> bool:
        return permission in self.permissions
