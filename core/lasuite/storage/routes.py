"""The generic download route: a file, to whom its owning plugin lets read it."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Stream

from lasuite.plugins import CurrentActor, DbSession
from lasuite.state import runtime_of
from lasuite.storage.access import FILE_READ, owner_allows_read
from lasuite.storage.downloads import download_response
from lasuite.storage.models import StoredFile


@get("/api/v1/files/{file_id:uuid}", permission=FILE_READ, tags=["files"])
async def download_file(
    file_id: FromPath[uuid.UUID],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
) -> Stream:
    """Download a file of the caller's organization, if the plugin owning it allows.

    Another organization's file, or one of a plugin the organization has not
    enabled, is a 404; without the owning plugin's consent, a 403.
    """
    stored = await db.get(StoredFile, file_id)
    if (
        stored is None
        or stored.organization_id != actor.organization_id
        or stored.plugin_id not in actor.enabled_plugins
    ):
        raise NotFoundException("No such file.")
    if not owner_allows_read(runtime_of(request.app.state).registry, actor, stored):
        raise PermissionDeniedException("The plugin owning this file does not let you read it.")
    return await download_response(stored, runtime_of(request.app.state).file_store)
