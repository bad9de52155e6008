"""Other members as they would act, and guests invited, for plugins: ``members: Members``
in a handler (API 1.6; ``find`` and ``invite_guest`` API 1.9)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.identity.actors import load_actor
from lasuite.permissions.actor import Actor
from lasuite.tenancy.guest_invitations import invite_guest, member_by_email

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

    async def find(
        self, db: AsyncSession, email: str, /, *, organization_id: uuid.UUID
    ) -> uuid.UUID | None:
        return await member_by_email(db, email, organization_id=organization_id)

    async def invite_guest(
        self, db: AsyncSession, actor: Actor, email: str, /, *, about: str, landing: str
    ) -> bool:
        return await invite_guest(db, self._runtime, actor, email, about=about, landing=landing)
