"""The events the core publishes when what a member may do in an organization changes.

Each goes out once the change has committed, on the organization's topic
(``core:org:<id>``; ``core.member.changed`` also on the member's ``core:user:<id>``),
so that open workspaces update their navigation and rights; plugins handle them with
``ctx.on_event`` like any plugin's event. Every app instance also re-checks the open
websockets of the organization against them (see :mod:`lasuite.realtime.access`).
``core.topic_access.changed`` is the one plugins publish, when their own rules change.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from lasuite.realtime.events import Event


class PluginSwitched(Event, frozen=True):
    """An admin enabled or disabled a plugin for the organization (API 1.0)."""

    name: ClassVar[str] = "core.plugin.switched"
    plugin_id: str
    enabled: bool


class MemberChanged(Event, frozen=True):
    """A member joined (an invitation accepted), their role changed, or they left the
    organization (``role`` None) (API 1.0)."""

    name: ClassVar[str] = "core.member.changed"
    user_id: uuid.UUID
    role: str | None


class GrantsChanged(Event, frozen=True):
    """The permissions of ``role`` in the organization changed (API 1.0)."""

    name: ClassVar[str] = "core.grants.changed"
    role: str


class TeamChanged(Event, frozen=True):
    """People joined or left one of the organization's teams, or it was deleted (its
    members left it) (API 1.8): what ``user_ids`` may reach through the team changed."""

    name: ClassVar[str] = "core.team.changed"
    team_id: uuid.UUID
    user_ids: list[uuid.UUID]


class TopicAccessChanged(Event, frozen=True):
    """A plugin changed who may follow some of its topics, e.g. someone left a channel
    (API 1.0).

    Publish it (no topics needed) once the change is made: after the commit, the open
    websockets of ``user_id`` (None: of everyone in the organization) re-ask every
    topic rule for their subscriptions, and each one no longer allowed ends with an
    ``unsubscribed`` frame. Example::

        await events.publish(db, TopicAccessChanged(user_id=removed_id),
                             organization_id=actor.organization_id)
    """

    name: ClassVar[str] = "core.topic_access.changed"
    user_id: uuid.UUID | None


class SessionsEnded(Event, frozen=True):
    """Sessions of ``user_id`` were signed out from another device, or all but one (the
    password changed): their open websockets, in every organization, close."""

    name: ClassVar[str] = "core.sessions.ended"
    user_id: uuid.UUID


CORE_EVENTS: tuple[type[Event], ...] = (
    PluginSwitched,
    SessionsEnded,
    MemberChanged,
    GrantsChanged,
    TeamChanged,
    TopicAccessChanged,
)
"""Declared on every event bus, whatever plugins are loaded."""

ACCESS_EVENTS = frozenset(event.name for event in CORE_EVENTS)
"""The events after which open websockets of the organization re-load their actor."""
