"""The workspace manifest: what the shell shows this user in this organization."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from litestar import Request, get

from lasuite.plugin_host.registry import PluginRecord, Registry
from lasuite.plugins import CurrentActor
from lasuite.plugins._contract import PUBLIC_PAGE
from lasuite.state import runtime_of

STATIC_PLUGINS = "/static/plugins"


class FragmentOut(msgspec.Struct):
    plugin: str
    element: str
    module: str
    """URL of the ES module defining ``element``, served by the app itself."""


class WorkspacePluginOut(msgspec.Struct):
    id: str
    name: str
    description: str
    names: dict[str, str]
    """The name by language code (``en`` is ``name``): the shell shows the reader's."""
    descriptions: dict[str, str]
    version: str

    @classmethod
    def of(cls, record: PluginRecord) -> WorkspacePluginOut:
        return cls(
            id=record.id,
            name=record.name,
            description=record.description,
            names=record.names,
            descriptions=record.descriptions,
            version=record.version,
        )


class WorkspaceOut(msgspec.Struct):
    user_id: uuid.UUID
    display_name: str
    organization_id: uuid.UUID
    role: str
    plugins: list[WorkspacePluginOut]
    slots: dict[str, list[FragmentOut]]


@get("/api/v1/public-pages", public=True, tags=["workspace"])
async def public_pages(request: Request[Any, Any, Any]) -> list[FragmentOut]:
    """The pages plugins show visitors who are not signed in (slot ``public.page``), each
    at ``/<plugin>/…``: the shell shows one there instead of the sign-in form."""
    registry: Registry = runtime_of(request.app.state).registry
    return [
        FragmentOut(
            plugin=record.id,
            element=fragment.element,
            module=f"{STATIC_PLUGINS}/{record.id}/{fragment.module}",
        )
        for record in registry.loaded
        for fragment in record.contributions.fragments
        if fragment.slot == PUBLIC_PAGE
    ]


@get("/api/v1/workspace", permission="core.workspace.read", tags=["workspace"])
async def workspace(request: Request[Any, Any, Any], actor: CurrentActor) -> WorkspaceOut:
    """Enabled plugins and their UI fragments by slot, for the caller and their organization.

    A plugin the organization has not enabled is absent: its JavaScript is never sent.
    """
    registry: Registry = runtime_of(request.app.state).registry
    enabled = [r for r in registry.loaded if r.id in actor.enabled_plugins]
    slots: dict[str, list[FragmentOut]] = {}
    for record in enabled:
        for fragment in record.contributions.fragments:
            slots.setdefault(fragment.slot, []).append(
                FragmentOut(
                    plugin=record.id,
                    element=fragment.element,
                    module=f"{STATIC_PLUGINS}/{record.id}/{fragment.module}",
                )
            )
    return WorkspaceOut(
        user_id=actor.user_id,
        display_name=actor.display_name,
        organization_id=actor.organization_id,
        role=actor.role,
        plugins=[WorkspacePluginOut.of(r) for r in enabled],
        slots=slots,
    )
