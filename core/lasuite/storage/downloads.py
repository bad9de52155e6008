"""A stored file as an HTTP response: streamed, with headers that keep browsers safe."""

from __future__ import annotations

import logging

from litestar.exceptions import NotFoundException
from litestar.response import Stream

from lasuite.storage.filenames import content_disposition
from lasuite.storage.models import StoredFile
from lasuite.storage.store import FileStore, MissingContent

logger = logging.getLogger("lasuite.storage")


def download_headers(file: StoredFile) -> dict[str, str]:
    """Always a download, never rendered inline: an uploaded HTML or SVG runs no script."""
    return {
        "Content-Disposition": content_disposition(file.filename),
        "Content-Length": str(file.size),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-cache",
    }


async def download_response(file: StoredFile, store: FileStore) -> Stream:
    """Stream ``file``'s content with its stored type; the caller has authorized the reader."""
    try:
        chunks = await store.read(file.storage_key)
    except MissingContent as exc:
        logger.warning("file %s has no content under %s", file.id, file.storage_key)
        raise NotFoundException("This file's content is gone.") from exc
    return Stream(chunks, media_type=file.content_type, headers=download_headers(file))
