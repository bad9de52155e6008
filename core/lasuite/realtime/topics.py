"""Topics of the app websocket, ``<plugin id>:<rest>``, and who may subscribe to each.

Deny by default: a topic is open to a subscriber only when the rule of its longest
registered prefix says yes and the owning plugin is enabled for their organization.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.permissions.actor import Actor

logger = logging.getLogger("lasuite.realtime")

MAX_TOPIC_LENGTH = 200
TOPIC = re.compile(r"^[a-z][a-z0-9]{1,30}:[A-Za-z0-9_.:\-]+$")

TopicCheck = Callable[[Actor, str, AsyncSession], Awaitable[bool]]
"""``async def can_subscribe(actor, topic, db) -> bool``; ``db`` is a read-only session."""


@dataclass(frozen=True, slots=True, kw_only=True)
class TopicRule:
    """Who may subscribe to the topics starting with ``<prefix>:``."""

    prefix: str
    plugin_id: str
    can_subscribe: TopicCheck
    presence: bool = False
    """Subscribers are listed as present in the topic (``GET /api/v1/presence?topic=``)."""

    def matches(self, topic: str) -> bool:
        return topic.startswith(f"{self.prefix}:")


def is_topic(topic: str) -> bool:
    return len(topic) <= MAX_TOPIC_LENGTH and TOPIC.match(topic) is not None


def namespace(topic: str) -> str:
    """The id of the plugin (or ``core``) owning ``topic``."""
    return topic.split(":", 1)[0]


def org_topic(organization_id: uuid.UUID) -> str:
    """The topic of an organization: its presence, and events for all its members."""
    return f"core:org:{organization_id}"


def user_topic(user_id: uuid.UUID) -> str:
    """The topic of one user, whatever the organization: their notifications."""
    return f"core:user:{user_id}"


async def _is_own_user_topic(actor: Actor, topic: str, _db: AsyncSession) -> bool:
    return topic == user_topic(actor.user_id)


async def _is_own_org_topic(actor: Actor, topic: str, _db: AsyncSession) -> bool:
    return topic == org_topic(actor.organization_id)


CORE_TOPICS = (
    TopicRule(prefix="core:user", plugin_id="core", can_subscribe=_is_own_user_topic),
    TopicRule(prefix="core:org", plugin_id="core", can_subscribe=_is_own_org_topic),
)


class TopicRules:
    """The rules of the core and of every loaded plugin, longest prefix first."""

    def __init__(self, rules: Iterable[TopicRule]) -> None:
        self._rules = sorted(rules, key=lambda rule: len(rule.prefix), reverse=True)

    def rule_for(self, topic: str) -> TopicRule | None:
        return next((rule for rule in self._rules if rule.matches(topic)), None)

    async def permit(self, actor: Actor, topic: str, db: AsyncSession) -> TopicRule | None:
        """The rule letting ``actor`` subscribe to ``topic``, or None if they may not."""
        rule = self.rule_for(topic) if is_topic(topic) else None
        if rule is None:
            return None
        if rule.plugin_id != "core" and rule.plugin_id not in actor.enabled_plugins:
            return None
        try:
            allowed = await rule.can_subscribe(actor, topic, db)
        except Exception:
            logger.exception("the subscribe check of %s failed on %r", rule.plugin_id, topic)
            return None
        return rule if allowed is True else None
