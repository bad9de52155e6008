"""Organization admins enable, disable and configure plugins for their organization."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, put
from litestar.exceptions import ClientException, NotFoundException
from litestar.params import JSONBody, Parameter

from lasuite.plugin_host.enablement import (
    InvalidSettings,
    PluginSwitchRefused,
    StaleSettings,
    enabled_plugins,
    read_settings,
    switch_plugin,
    write_settings,
)
from lasuite.plugin_host.registry import PluginRecord, Registry
from lasuite.plugins import CurrentActor, DbSession, Events
from lasuite.problems import Problem
from lasuite.state import runtime_of
from lasuite.workspace import WorkspacePluginOut

PluginId = Annotated[str, Parameter(max_length=40)]


class SettingsChanged(Problem):
    code = "core.settings_changed"
    status = 409
    message = "The settings changed since you read them; reload them."


class OrgPluginOut(WorkspacePluginOut):
    """An installed plugin as the workspace describes it, and how the organization has it."""

    enabled: bool
    depends: dict[str, str]
    has_settings: bool


class SwitchIn(msgspec.Struct, forbid_unknown_fields=True):
    enabled: bool


class SettingsOut(msgspec.Struct):
    values: dict[str, Any]
    version: int
    schema: dict[str, Any]


class SettingsIn(msgspec.Struct, forbid_unknown_fields=True):
    values: dict[str, Any]
    version: Annotated[int, msgspec.Meta(ge=0)]


def _registry(request: Request[Any, Any, Any]) -> Registry:
    registry: Registry = runtime_of(request.app.state).registry
    return registry


def _loaded(request: Request[Any, Any, Any], plugin_id: str) -> PluginRecord:
    record = _registry(request).get(plugin_id)
    if record is None or record.status != "ok":
        raise NotFoundException(f"No plugin {plugin_id!r} is installed.")
    return record


@get("/", permission="core.plugins.manage")
async def list_org_plugins(
    request: Request[Any, Any, Any], db: DbSession, actor: CurrentActor
) -> list[OrgPluginOut]:
    """Every loaded plugin, and whether this organization has it enabled."""
    enabled = await enabled_plugins(db, actor.organization_id)
    return [
        OrgPluginOut(
            **msgspec.structs.asdict(WorkspacePluginOut.of(r)),
            enabled=r.id in enabled,
            depends=r.depends,
            has_settings=r.contributions.settings is not None,
        )
        for r in _registry(request).loaded
    ]


@put("/{plugin_id:str}", permission="core.plugins.manage")
async def switch(
    plugin_id: PluginId,
    data: JSONBody[SwitchIn],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> dict[str, bool]:
    """Enable or disable a plugin for the organization, at once and without a restart."""
    record = _loaded(request, plugin_id)
    try:
        await switch_plugin(
            db, _registry(request), actor, record, enabled=data.enabled, events=events
        )
    except PluginSwitchRefused as exc:
        raise ClientException(str(exc), status_code=409) from exc
    return {"enabled": data.enabled}


def _with_settings(request: Request[Any, Any, Any], plugin_id: str) -> PluginRecord:
    record = _loaded(request, plugin_id)
    if record.contributions.settings is None:
        raise NotFoundException(f"Plugin {plugin_id!r} has no settings.")
    return record


@get("/{plugin_id:str}/settings", permission="core.plugins.manage")
async def get_settings(
    plugin_id: PluginId,
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
) -> SettingsOut:
    """The plugin's settings for this organization, with the JSON Schema of the admin form."""
    found = await read_settings(db, _with_settings(request, plugin_id), actor.organization_id)
    return SettingsOut(values=found.values, version=found.version, schema=found.schema)


@put("/{plugin_id:str}/settings", permission="core.plugins.manage")
async def put_settings(
    plugin_id: PluginId,
    data: JSONBody[SettingsIn],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
) -> SettingsOut:
    """Replace the settings; ``version`` must be the one read (else 409)."""
    record = _with_settings(request, plugin_id)
    try:
        saved = await write_settings(db, record, actor, values=data.values, version=data.version)
    except InvalidSettings as exc:
        raise ClientException("The settings are not valid.", extra=exc.errors) from exc
    except StaleSettings as exc:
        raise SettingsChanged() from exc
    return SettingsOut(values=saved.values, version=saved.version, schema=saved.schema)


org_plugins_router = Router(
    path="/api/v1/orgs/current/plugins",
    route_handlers=[list_org_plugins, switch, get_settings, put_settings],
    tags=["plugins"],
)
