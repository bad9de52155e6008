"""What a plugin may read of its own state in an organization: whether it is enabled
there, and the settings the organization's admins chose for it.

Routes get this for free (the route guard answers 404 when the plugin is off, and
admins edit settings through ``/api/v1/orgs/current/plugins/<id>/settings``); jobs,
public routes without a signed-in caller and CLI commands read it here.
"""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Select, String, Uuid, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from lasuite.tenancy.models import OrganizationPlugin

SettingsModel = TypeVar("SettingsModel", bound=BaseModel)


async def organization_settings(
    db: AsyncSession, model: type[SettingsModel], *, plugin_id: str, organization_id: uuid.UUID
) -> SettingsModel:
    """The plugin's settings in the organization, as ``model`` (API 1.0).

    Defaults when the admins never wrote any, or when what is stored no longer
    validates (written by an older version of the plugin). Example::

        settings = await organization_settings(
            db, ChatSettings, plugin_id="chat", organization_id=job.organization_id
        )
        if settings.retention_days is not None: ...
    """
    stored = await db.scalar(
        _read(OrganizationPlugin.settings),
        {"state_organization_id": organization_id, "state_plugin_id": plugin_id},
    )
    try:
        return model.model_validate(stored or {})
    except ValidationError:
        return model()


async def plugin_enabled(db: AsyncSession, *, plugin_id: str, organization_id: uuid.UUID) -> bool:
    """Whether the organization has the plugin enabled now (API 1.0).

    For work that no signed-in member of the organization triggers, such as a
    public route reached with a secret link. Example::

        if not await plugin_enabled(db, plugin_id="chat", organization_id=hook.organization_id):
            raise NotFoundException()
    """
    enabled = await db.scalar(
        _read(OrganizationPlugin.enabled),
        {"state_organization_id": organization_id, "state_plugin_id": plugin_id},
    )
    return enabled is True


@cache
def _read(column: InstrumentedAttribute[Any]) -> Select[Any]:
    """``column`` of a plugin's row in an organization, for the parameters
    ``state_organization_id`` and ``state_plugin_id``; built once (plugins read it on
    their hot paths: a meeting's join)."""
    return select(column).where(
        OrganizationPlugin.organization_id == bindparam("state_organization_id", type_=Uuid),
        OrganizationPlugin.plugin_id == bindparam("state_plugin_id", type_=String),
    )
