"""A stored file as an HTTP response: streamed, with headers that keep browsers safe."""

from __future__ import annotations

import logging

from litestar.exceptions import NotFoundException
from litestar.response import Stream

from lasuite.storage.filenames import content_disposition
from lasuite.storage.models import StoredFile
from lasuite.storage.store import FileStore, MissingContent

logger = logging.getLogger("lasuite.storage")


SHOWN_INLINE = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
"""The types a browser may show in place of downloading them: raster images run no script
(SVG, HTML and the rest are always downloads)."""


def download_headers(file: StoredFile, *, inline: bool = False) -> dict[str, str]:
    """A download, unless ``inline`` is asked for a raster image (:data:`SHOWN_INLINE`):
    an uploaded HTML or SVG is never rendered, so it runs no script."""
    shown = inline and file.content_type in SHOWN_INLINE
    return {
        "Content-Disposition": content_disposition(file.filename, inline=shown),
        "Content-Length": str(file.size),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "Cache-Control": "private, no-cache",
    }


async def download_response(file: StoredFile, store: FileStore, *, inline: bool = False) -> Stream:
    """Stream ``file``'s content with its stored type; the caller has authorized the reader.
    ``inline``: shown in the browser when it is a raster image (see :func:`download_headers`)."""
    try:
        chunks = await store.read(file.storage_key)
    except MissingContent as exc:
        logger.warning("file %s has no content under %s", file.id, file.storage_key)
        raise NotFoundException("This file's content is gone.") from exc
    return Stream(
        chunks, media_type=file.content_type, headers=download_headers(file, inline=inline)
    )
