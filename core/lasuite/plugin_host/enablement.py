"""Which plugins an organization has enabled, switching them, and their settings there."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.permissions.actor import Actor
from lasuite.plugin_host.registry import PluginRecord, Registry
from lasuite.realtime.core_events import PluginSwitched
from lasuite.realtime.topics import org_topic
from lasuite.tenancy.models import OrganizationPlugin

if TYPE_CHECKING:
    from lasuite.plugins import EventBus


class PluginSwitchRefused(Exception):
    """Enabling or disabling would leave a plugin without what it depends on."""


class StaleSettings(Exception):
    """The settings changed since the caller read them."""


class InvalidSettings(Exception):
    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("invalid settings")
        self.errors = errors


@dataclass(frozen=True, slots=True)
class PluginSettings:
    values: dict[str, Any]
    version: int
    schema: dict[str, Any]


async def _rows(db: AsyncSession, organization_id: uuid.UUID) -> dict[str, OrganizationPlugin]:
    rows = await db.scalars(
        select(OrganizationPlugin).where(OrganizationPlugin.organization_id == organization_id)
    )
    return {row.plugin_id: row for row in rows}


async def enabled_plugins(db: AsyncSession, organization_id: uuid.UUID) -> set[str]:
    return {pid for pid, row in (await _rows(db, organization_id)).items() if row.enabled}


async def switch_plugin(
    db: AsyncSession,
    registry: Registry,
    actor: Actor,
    record: PluginRecord,
    *,
    enabled: bool,
    events: EventBus,
) -> None:
    """Enable or disable ``record`` for the actor's organization, checking ``depends``;
    publishes ``core.plugin.switched`` on the organization's topic."""
    rows = await _rows(db, actor.organization_id)
    on = {pid for pid, row in rows.items() if row.enabled} & registry.loaded_ids
    if enabled:
        missing = sorted(set(record.depends) - on)
        if missing:
            raise PluginSwitchRefused(f"{record.id!r} needs {', '.join(missing)} enabled first")
    else:
        dependents = sorted(r.id for r in registry.loaded if record.id in r.depends and r.id in on)
        if dependents:
            raise PluginSwitchRefused(
                f"{', '.join(dependents)} depend on {record.id!r}; disable them first"
            )
    row = rows.get(record.id)
    if row is not None and row.enabled == enabled:
        return
    if row is None:
        db.add(
            OrganizationPlugin(
                organization_id=actor.organization_id, plugin_id=record.id, enabled=enabled
            )
        )
    else:
        row.enabled = enabled
    hooks = record.contributions.on_enable if enabled else record.contributions.on_disable
    for hook in hooks:
        await hook(db, actor.organization_id)
    record_event(
        db,
        action="core.plugin.enabled" if enabled else "core.plugin.disabled",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=record.id,
    )
    await events.publish(
        db,
        PluginSwitched(plugin_id=record.id, enabled=enabled),
        organization_id=actor.organization_id,
        topics=[org_topic(actor.organization_id)],
    )


async def read_settings(
    db: AsyncSession, record: PluginRecord, organization_id: uuid.UUID
) -> PluginSettings:
    model = record.contributions.settings
    assert model is not None
    row = (await _rows(db, organization_id)).get(record.id)
    stored = row.settings if row is not None else {}
    try:
        values = model.model_validate(stored).model_dump(mode="json")
    except ValidationError:  # settings written by an older version of the plugin
        values = model().model_dump(mode="json")
    return PluginSettings(values, row.settings_version if row else 0, model.model_json_schema())


async def write_settings(
    db: AsyncSession,
    record: PluginRecord,
    actor: Actor,
    *,
    values: dict[str, Any],
    version: int,
) -> PluginSettings:
    """Validate and store new settings; ``version`` must be the one the caller read."""
    model = record.contributions.settings
    assert model is not None
    try:
        validated = model.model_validate(values).model_dump(mode="json")
    except ValidationError as exc:
        raise InvalidSettings(
            [{"key": ".".join(map(str, e["loc"])), "message": e["msg"]} for e in exc.errors()]
        ) from exc
    rows = await _rows(db, actor.organization_id)
    row = rows.get(record.id)
    current = row.settings_version if row is not None else 0
    if version != current:
        raise StaleSettings()
    if row is None:
        db.add(
            OrganizationPlugin(
                organization_id=actor.organization_id,
                plugin_id=record.id,
                enabled=False,
                settings=validated,
                settings_version=1,
            )
        )
    else:
        # Conditional on the version read: of two concurrent writers, one wins.
        written = await db.execute(
            update(OrganizationPlugin)
            .where(OrganizationPlugin.id == row.id, OrganizationPlugin.settings_version == current)
            .values(settings=validated, settings_version=current + 1)
            .execution_options(synchronize_session=False)
        )
        if written.rowcount != 1:  # type: ignore[attr-defined]
            raise StaleSettings()
    record_event(
        db,
        action="core.plugin.settings_changed",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=record.id,
        data={"version": current + 1},
    )
    return PluginSettings(validated, current + 1, model.model_json_schema())
