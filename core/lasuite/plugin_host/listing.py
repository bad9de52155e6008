"""The plugin registry as the API shows it to administrators."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get

from lasuite.plugin_host.registry import PluginRecord
from lasuite.plugins._contract import API_VERSION
from lasuite.state import runtime_of


class PluginOut(msgspec.Struct):
    id: str
    name: str
    version: str
    distribution: str
    description: str
    requires_api: str
    depends: dict[str, str]
    status: str
    reason: str
    permissions: list[str]


class RegistryOut(msgspec.Struct):
    api_version: str
    plugins: list[PluginOut]


def describe(record: PluginRecord) -> PluginOut:
    return PluginOut(
        id=record.id,
        name=record.name,
        version=record.version,
        distribution=record.distribution,
        description=record.description,
        requires_api=record.requires_api,
        depends=record.depends,
        status=record.status,
        reason=record.reason,
        permissions=[p.name for p in record.contributions.permissions],
    )


@get("/api/v1/plugins", permission="core.plugins.read", tags=["plugins"])
async def list_plugins(request: Request[Any, Any, Any]) -> RegistryOut:
    """Every installed plugin with its version, API range and status."""
    return RegistryOut(
        api_version=API_VERSION,
        plugins=[describe(r) for r in runtime_of(request.app.state).registry],
    )
