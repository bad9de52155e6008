"""Other members as they would act, for plugins: ``members: Members`` in a handler (API 1.6)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.identity.actors import load_actor
from lasuite.permissions.actor import Actor

if TYPE_CHECKING:
    from lasuite.runtime import Runtime

MAX_ACTORS = 100
"""Actors loaded by one call: each costs a query."""


class MemberActors:
    """Loads the actors of other members with the runtime's permissions and plugins."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def actors(
        self, db: AsyncSession, user_ids: Iterable[uuid.UUID], /, *, organization_id: uuid.UUID
    ) -> dict[uuid.UUID, Actor]:
        wanted = list(dict.fromkeys(user_ids))
        if len(wanted) > MAX_ACTORS:
            raise ValueError(f"at most {MAX_ACTORS} actors at once, not {len(wanted)}")
        found: dict[uuid.UUID, Actor] = {}
        for user_id in wanted:
            actor = await load_actor(db, self._runtime, user_id, organization_id)
            if actor is not None:
                found[user_id] = actor
        return found
