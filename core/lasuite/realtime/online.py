"""Who is online, for plugins: ``presence: Presence`` in a handler (API 1.0).

Plugins read presence to reach the people at their screens — chat's ``@here`` —
without seeing the connections or the store behind it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from lasuite.realtime.presence import Presence
from lasuite.realtime.topics import org_topic


class OnlineUsers:
    """The users online (connected and not away) in an organization or a topic.

    Handlers get it as ``presence: Presence``. Example::

        members = set(await db.scalars(select(ChannelMember.user_id).where(...)))
        here = await presence.online(actor.organization_id, members)

    Away users are not online: they set themselves away, or their client did when
    they left their screen. Presence is as fresh as the connections' heartbeats
    (``LASUITE_PRESENCE_TTL_SECONDS`` for an instance that died).
    """

    def __init__(self, presence: Presence) -> None:
        self._presence = presence

    async def online(
        self,
        organization_id: uuid.UUID,
        user_ids: Iterable[uuid.UUID] | None = None,
        *,
        topic: str | None = None,
    ) -> set[uuid.UUID]:
        """The users online in the organization — and, with ``topic``, online in that
        topic too (subscribed to it, if its rule asks for presence) — among
        ``user_ids`` when given."""
        online = await self._online_in(org_topic(organization_id))
        if topic is not None:
            online &= await self._online_in(topic)
        if user_ids is not None:
            online &= set(user_ids)
        return online

    async def _online_in(self, topic: str) -> set[uuid.UUID]:
        statuses = await self._presence.statuses(topic)
        return {uuid.UUID(user) for user, status in statuses.items() if status == "online"}
