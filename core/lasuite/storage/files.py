"""The files of one plugin, as its route handlers use them (``files: Files``)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterable, AsyncIterator, Collection, Iterable
from typing import Any

from litestar import Request
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.response import Stream
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.permissions.actor import Actor
from lasuite.state import runtime_of
from lasuite.storage.bucket import BucketUpload
from lasuite.storage.downloads import download_response
from lasuite.storage.filenames import sanitize_filename
from lasuite.storage.models import StoredFile
from lasuite.storage.store import FileStore, file_key
from lasuite.storage.uploads import Upload

logger = logging.getLogger("lasuite.storage")


class PluginFiles:
    """Save, read and delete the files of the plugin whose route is running (API 1.0).

    A handler receives it as ``files: Files``. Uploads are the raw request body,
    streamed to the store; give the route ``request_max_body_size=None`` so that
    the upload limit (``LASUITE_MAX_UPLOAD_BYTES``) applies instead of the JSON one.
    The plugin decides who reads a file: it checks its own resource, then calls
    ``open``; the generic ``GET /api/v1/files/{id}`` serves a file only
    when a policy the plugin registered for :class:`StoredFile` says True.

    Example::

        @post("/rooms/{room_id:uuid}/files", permission="visio.room.join",
              request_max_body_size=None)
        async def share(room_id: FromPath[UUID], filename: FromQuery[str], request: Request,
                        files: Files, actor: CurrentActor) -> SharedOut:
            stored = await files.save(request.stream(), filename=filename,
                                      allowed_types={"image/png", "image/jpeg", "application/pdf"},
                                      actor=actor)
            return SharedOut(id=stored.id, name=stored.filename)

        @get("/rooms/{room_id:uuid}/files/{file_id:uuid}", permission="visio.room.join")
        async def fetch(room_id: FromPath[UUID], file_id: FromPath[UUID], files: Files,
                        actor: CurrentActor) -> Stream:
            ...  # the plugin's own check that the actor may see this room's files
            return await files.open(file_id, actor)
    """

    def __init__(
        self, *, db: AsyncSession, store: FileStore, plugin_id: str | None, max_bytes: int
    ) -> None:
        self._db = db
        self._store = store
        self._plugin_id = plugin_id
        self._max_bytes = max_bytes
        self._written: list[str] = []
        self._removed: list[str] = []

    @property
    def plugin_id(self) -> str:
        if self._plugin_id is None:
            raise RuntimeError("files are a plugin's: use `files: Files` in a plugin's route")
        return self._plugin_id

    async def save(
        self,
        stream: AsyncIterable[bytes],
        *,
        filename: str,
        allowed_types: Collection[str],
        actor: Actor,
    ) -> StoredFile:
        """Store ``stream`` as a new file of ``actor``'s organization, owned by ``actor``.

        ``allowed_types`` are media types or ``type/*`` patterns (``image/*``
        includes SVG) matched against the type sniffed from the first bytes; a
        mismatch is a 415, a stream past the limit a 413, and neither leaves
        anything stored. ``filename`` is only displayed: it is sanitized and never
        reaches a file system.
        """
        upload = Upload(stream, max_bytes=self._max_bytes)
        await upload.check_type(allowed_types)
        file_id = uuid.uuid4()
        key = file_key(actor.organization_id, self.plugin_id, file_id)
        await self._store.write(key, upload)
        self._written.append(key)
        stored = StoredFile(
            id=file_id,
            organization_id=actor.organization_id,
            plugin_id=self.plugin_id,
            owner_id=actor.user_id,
            filename=sanitize_filename(filename),
            content_type=upload.content_type,
            size=upload.size,
            sha256=upload.sha256,
            storage_key=key,
        )
        self._db.add(stored)
        await self._db.flush()
        return stored

    async def get(self, file_id: uuid.UUID, actor: Actor) -> StoredFile:
        """This plugin's file in ``actor``'s organization, else a 404."""
        stored = await self._db.get(StoredFile, file_id)
        if (
            stored is None
            or stored.organization_id != actor.organization_id
            or stored.plugin_id != self.plugin_id
        ):
            raise NotFoundException("No such file.")
        return stored

    async def open(self, file_id: uuid.UUID, actor: Actor) -> Stream:
        """A download response for the file, once the plugin has checked the reader."""
        return await download_response(await self.get(file_id, actor), self._store)

    def bucket_upload(self, organization_id: uuid.UUID) -> BucketUpload | None:
        """A key of the installation's bucket reserved for one new file of the plugin in
        the organization, for another service (a LiveKit egress) to write it there (API
        1.7); None when files are kept on the local disk (``LASUITE_STORAGE_URL`` empty).
        A job then takes the file in with ``job.adopt_file``."""
        file_id = uuid.uuid4()
        return self._store.upload_target(
            file_id, file_key(organization_id, self.plugin_id, file_id)
        )

    async def serve(
        self, file_id: uuid.UUID, *, organization_id: uuid.UUID, inline: bool = False
    ) -> Stream:
        """This plugin's file of ``organization_id`` as a response (API 1.7), else a 404:
        for a plugin that has checked the reader itself, who may be no member there (a
        visitor of a public page). ``inline`` shows a raster image (PNG, JPEG, GIF, WebP)
        in the browser; any other type stays a download."""
        stored = await self._db.get(StoredFile, file_id)
        if (
            stored is None
            or stored.organization_id != organization_id
            or stored.plugin_id != self.plugin_id
        ):
            raise NotFoundException("No such file.")
        return await download_response(stored, self._store, inline=inline)

    async def delete(self, file_id: uuid.UUID, actor: Actor) -> None:
        """Delete the file; its content goes once the request has succeeded."""
        stored = await self.get(file_id, actor)
        await self._db.delete(stored)
        await self._db.flush()
        self._removed.append(stored.storage_key)

    async def settle(self, *, succeeded: bool) -> None:
        """After the request: drop the content of files deleted, or saved in vain."""
        await delete_contents(self._store, self._removed if succeeded else self._written)
        self._written.clear()
        self._removed.clear()


async def delete_file_rows(
    db: AsyncSession,
    *,
    organization_id: uuid.UUID,
    plugin_id: str,
    file_ids: Collection[uuid.UUID],
) -> list[str]:
    """Delete the rows of these files of ``plugin_id`` in ``organization_id`` (any other
    id is left alone); the storage keys of their contents, to delete after the commit."""
    if not file_ids:
        return []
    removed = await db.scalars(
        delete(StoredFile)
        .where(
            StoredFile.id.in_(file_ids),
            StoredFile.organization_id == organization_id,
            StoredFile.plugin_id == plugin_id,
        )
        .returning(StoredFile.storage_key)
        .execution_options(synchronize_session=False)
    )
    return list(removed)


async def delete_contents(store: FileStore, keys: Iterable[str]) -> None:
    """Delete the contents under ``keys`` once their rows are gone; one that fails stays
    orphaned in the store (logged), the rest go."""
    for key in keys:
        try:
            await store.delete(key)
        except Exception:
            logger.warning("could not delete the content under %s", key, exc_info=True)


async def provide_files(
    request: Request[Any, Any, Any], db: NamedDependency[AsyncSession]
) -> AsyncIterator[PluginFiles]:
    """The ``files`` dependency: the running plugin's files, in the request's transaction."""
    files = PluginFiles(
        db=db,
        store=runtime_of(request.app.state).file_store,
        plugin_id=request.route_handler.opt.get("plugin"),
        max_bytes=runtime_of(request.app.state).settings.max_upload_bytes,
    )
    try:
        yield files
    except BaseException:
        await files.settle(succeeded=False)
        raise
    await files.settle(succeeded=True)
