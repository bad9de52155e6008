"""What a plugin may read of its own state in an organization: whether it is enabled
there, and the settings the organization's admins chose for it.

Routes get this for free (the route guard answers 404 when the plugin is off, and
admins edit settings through ``/api/v1/orgs/current/plugins/<id>/settings``); jobs,
public routes without a signed-in caller and CLI commands read it here.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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
        select(OrganizationPlugin.settings).where(
            OrganizationPlugin.organization_id == organization_id,
            OrganizationPlugin.plugin_id == plugin_id,
        )
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
        select(OrganizationPlugin.enabled).where(
            OrganizationPlugin.organization_id == organization_id,
            OrganizationPlugin.plugin_id == plugin_id,
        )
    )
    return enabled is True
