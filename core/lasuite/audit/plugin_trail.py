"""The audit log as plugins write to it (the ``audit`` dependency of their routes), and
the categories of actions an organization's log is filtered by."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.actions import CATEGORIES
from lasuite.audit.log import record_event
from lasuite.plugin_host.registry import Registry


class UndeclaredAuditAction(ValueError):
    """A plugin wrote an action it did not declare: a bug of the plugin's, not the caller's."""


@dataclass(frozen=True, slots=True)
class CallerAuditTrail:
    """Writes a plugin's audit entries as the signed-in caller, from their address."""

    organization_id: uuid.UUID
    actor_id: uuid.UUID
    ip: str
    declared: frozenset[str]

    def record(
        self,
        db: AsyncSession,
        action: str,
        *,
        target: str = "",
        data: Mapping[str, str | int | bool | None] | None = None,
    ) -> None:
        if action not in self.declared:
            raise UndeclaredAuditAction(
                f"audit action {action!r} was not declared with ctx.add_audit_actions"
            )
        record_event(
            db,
            action=action,
            organization_id=self.organization_id,
            actor_id=self.actor_id,
            target=target,
            data=dict(data or {}),
            ip=self.ip,
        )


def declared_actions(registry: Registry) -> frozenset[str]:
    """Every audit action the loaded plugins declared."""
    return frozenset(a for r in registry.loaded for a in r.contributions.audit_actions)


def categories(registry: Registry, enabled: frozenset[str]) -> list[str]:
    """The core's categories, then those of the plugins ``enabled`` (``<id>.<noun>``), in
    the order they were declared."""
    plugins = (
        action.rsplit(".", 1)[0]
        for record in registry.loaded
        if record.id in enabled
        for action in record.contributions.audit_actions
    )
    return [*CATEGORIES, *dict.fromkeys(plugins)]
