"""The ``FileStore`` protocol, the shape of storage keys, and the store the settings name."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from lasuite.settings import Settings
    from lasuite.storage.bucket import BucketUpload

_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
KEY = re.compile(rf"{_UUID}/[a-z][a-z0-9]{{1,30}}/{_UUID}(\.[a-z0-9]{{1,8}})?")
"""``<organization_id>/<plugin_id>/<uuid>``: ids only, nothing a client chose (a file a
service wrote into the bucket itself may end with the extension it added, ``.mp4``)."""

READ_CHUNK_BYTES = 64 * 1024


class MissingContent(Exception):
    """The store holds nothing under this key."""


def file_key(organization_id: uuid.UUID, plugin_id: str, file_id: uuid.UUID) -> str:
    """The storage key of one file; refuses anything that is not an id."""
    return checked_key(f"{organization_id}/{plugin_id}/{file_id}")


def written_key(reserved: str, written: str) -> bool:
    """Whether ``written`` is the key reserved for a file, or it with an extension."""
    return checked_key(written) == reserved or written.rsplit(".", 1)[0] == reserved


def checked_key(key: str) -> str:
    """``key`` itself, once sure it has the shape of :data:`KEY` (no path of a client's)."""
    if not KEY.fullmatch(key):
        raise ValueError(f"not a storage key: {key!r}")
    return key


class FileStore(Protocol):
    """Where file contents live, by key (see :func:`file_key`).

    ``write`` consumes ``chunks`` to their end; when they raise (a limit, a
    refused type, a client gone), nothing is left under ``key`` and the
    exception propagates. ``read`` raises :class:`MissingContent` before
    returning its iterator when the key holds nothing.
    """

    async def write(self, key: str, chunks: AsyncIterable[bytes]) -> None: ...

    async def read(self, key: str) -> AsyncIterator[bytes]: ...

    async def delete(self, key: str) -> None: ...

    async def exists(self, key: str) -> bool: ...

    def upload_target(self, file_id: uuid.UUID, key: str) -> BucketUpload | None:
        """Where another service writes the file ``key`` itself; None for a store only
        lasuite writes to."""
        ...

    async def close(self) -> None: ...


def open_store(settings: Settings) -> FileStore:
    """The store ``LASUITE_STORAGE_URL`` names: ``<var_dir>/files`` when empty, else S3."""
    # Imported here because the backends import this module; the S3 client (aiobotocore,
    # aiohttp: 0.2 s) only by an installation that stores its files there.
    from lasuite.storage.local import LocalFileStore

    if not settings.storage_url:
        return LocalFileStore(settings.var_dir / "files")
    from lasuite.storage.s3 import S3FileStore

    return S3FileStore(
        bucket=settings.storage_url.removeprefix("s3://"),
        endpoint_url=settings.s3_endpoint_url or None,
        access_key=settings.s3_access_key or None,
        secret_key=settings.s3_secret_key.get_secret_value() or None,
        region=settings.s3_region or None,
    )
