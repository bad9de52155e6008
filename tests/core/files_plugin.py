"""Two plugins storing files for the storage tests.

``album`` lets the owner of a photo download it through the core's route (a
policy for StoredFile); ``vault`` registers no policy, so the core's route never
serves its files.
"""

from __future__ import annotations

import uuid
from importlib.metadata import EntryPoint
from typing import Any

from litestar import Request, delete, get, post
from litestar.exceptions import ClientException
from litestar.params import FromPath, FromQuery
from litestar.response import Stream

from lasuite.plugins import (
    CurrentActor,
    Files,
    Permission,
    Plugin,
    PluginContext,
    StoredFile,
)

PHOTO_TYPES = frozenset({"image/png", "image/jpeg", "application/pdf"})
MEMBERS = ("owner", "admin", "member")


def stored_out(stored: StoredFile) -> dict[str, Any]:
    return {
        "id": str(stored.id),
        "filename": stored.filename,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
    }


@post("/photos", permission="album.photo.add", request_max_body_size=None)
async def add_photo(
    filename: FromQuery[str], request: Request[Any, Any, Any], files: Files, actor: CurrentActor
) -> dict[str, Any]:
    stored = await files.save(
        request.stream(), filename=filename, allowed_types=PHOTO_TYPES, actor=actor
    )
    return stored_out(stored)


@post("/photos/refused", permission="album.photo.add", request_max_body_size=None)
async def add_photo_then_fail(
    filename: FromQuery[str], request: Request[Any, Any, Any], files: Files, actor: CurrentActor
) -> None:
    await files.save(request.stream(), filename=filename, allowed_types=PHOTO_TYPES, actor=actor)
    raise ClientException("The album is full.", status_code=409)


@get("/photos/{file_id:uuid}", permission="album.photo.read")
async def get_photo(file_id: FromPath[uuid.UUID], files: Files, actor: CurrentActor) -> Stream:
    return await files.open(file_id, actor)


@delete("/photos/{file_id:uuid}", permission="album.photo.add")
async def delete_photo(file_id: FromPath[uuid.UUID], files: Files, actor: CurrentActor) -> None:
    await files.delete(file_id, actor)


def photo_policy(actor, action: str, file: StoredFile) -> bool | None:
    # Deliberately careless about file.plugin_id: the core asks only the owning plugin.
    if action == "core.file.read" and file.owner_id == actor.user_id:
        return True
    return None


def setup_album(ctx: PluginContext) -> None:
    ctx.add_permissions(
        Permission(name="album.photo.add", description="Add photos", default_roles=MEMBERS),
        Permission(name="album.photo.read", description="See photos", default_roles=MEMBERS),
    )
    ctx.add_routes(add_photo, add_photo_then_fail, get_photo, delete_photo)
    ctx.add_policy(StoredFile, policy=photo_policy)


@post("/documents", permission="vault.document.add", request_max_body_size=None)
async def add_document(
    filename: FromQuery[str], request: Request[Any, Any, Any], files: Files, actor: CurrentActor
) -> dict[str, Any]:
    stored = await files.save(
        request.stream(), filename=filename, allowed_types={"*/*"}, actor=actor
    )
    return stored_out(stored)


def setup_vault(ctx: PluginContext) -> None:
    ctx.add_permissions(
        Permission(name="vault.document.add", description="Add documents", default_roles=MEMBERS)
    )
    ctx.add_routes(add_document)


album = Plugin(id="album", name="Album", requires_api=">=1.0,<2", setup=setup_album)
vault = Plugin(id="vault", name="Vault", requires_api=">=1.0,<2", setup=setup_vault)

ENTRY_POINTS = [
    EntryPoint(name="album", value="tests.core.files_plugin:album", group="lasuite.plugins"),
    EntryPoint(name="vault", value="tests.core.files_plugin:vault", group="lasuite.plugins"),
]
