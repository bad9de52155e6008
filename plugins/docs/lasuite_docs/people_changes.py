"""Open documents follow their people's place in the organization: when a member's
role changes, they leave the organization, or they join or leave a team (the core's
``core.member.changed`` and ``core.team.changed``), every app instance checks the
sessions they have open again, with their actor read fresh — a member removed from the
team a page is shared with is cut off at once, as one removed from the page is."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from lasuite.plugins import EventContext, InstanceContext, MemberChanged, TeamChanged

if TYPE_CHECKING:
    from lasuite_docs.rooms import Rooms

logger = logging.getLogger("lasuite_docs.people")

PEOPLE_CHANNEL = "people"
"""News that what some members may do changed: the organization's id, then theirs
(16 bytes each)."""

_HERE: set[_Following] = set()
"""The app instances of this process whose rooms follow their people."""


class _Following:
    def __init__(self, rooms: Rooms, instance: InstanceContext) -> None:
        self.rooms = rooms
        self.instance = instance

    async def announce(self, organization_id: uuid.UUID, user_ids: list[uuid.UUID]) -> None:
        data = organization_id.bytes + b"".join(user_id.bytes for user_id in user_ids)
        await self.instance.relay.publish(PEOPLE_CHANNEL, data)

    async def follow(self, news: Any) -> None:
        async for data in news:
            ids = [uuid.UUID(bytes=data[i : i + 16]) for i in range(0, len(data) - 15, 16)]
            try:
                await self.rooms.recheck_people(ids[0], set(ids[1:]), self.instance.members)
            except Exception:
                logger.exception("docs: the sessions of changed members could not be checked")


@asynccontextmanager
async def following_people(rooms: Rooms, instance: InstanceContext) -> AsyncIterator[None]:
    """While the instance runs, its rooms hear of the members whose rights changed."""
    following = _Following(rooms, instance)
    async with instance.relay.listen(PEOPLE_CHANNEL) as news:
        task = asyncio.get_running_loop().create_task(following.follow(news))
        _HERE.add(following)
        try:
            yield
        finally:
            _HERE.discard(following)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


async def _announce(organization_id: uuid.UUID, user_ids: list[uuid.UUID]) -> None:
    # The handler runs on the instance that made the change: it tells every instance.
    for following in list(_HERE):
        await following.announce(organization_id, user_ids)


async def member_changed(event: MemberChanged, context: EventContext) -> None:
    await _announce(context.organization_id, [event.user_id])


async def team_changed(event: TeamChanged, context: EventContext) -> None:
    await _announce(context.organization_id, list(event.user_ids))
