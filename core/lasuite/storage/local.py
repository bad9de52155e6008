"""The embedded file store: one directory on the local disk (``<var_dir>/files``)."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path

import anyio
from anyio import AsyncFile

from lasuite.storage.store import READ_CHUNK_BYTES, MissingContent, checked_key


class LocalFileStore:
    """Files under ``root``, one per key; file I/O runs in worker threads."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def upload_target(self, file_id: uuid.UUID, key: str) -> None:
        """No other service writes into a local directory."""
        return

    def _path(self, key: str) -> anyio.Path:
        return anyio.Path(self.root) / checked_key(key)

    async def write(self, key: str, chunks: AsyncIterable[bytes]) -> None:
        path = self._path(key)
        await path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside its final name, then renamed: a reader never sees half a file.
        partial = path.with_name(f"{path.name}.{secrets.token_hex(4)}.part")
        try:
            async with await anyio.open_file(partial, "xb") as out:
                async for chunk in chunks:
                    await out.write(chunk)
            await partial.replace(path)
        except BaseException:
            with anyio.CancelScope(shield=True):
                await partial.unlink(missing_ok=True)
            raise

    async def read(self, key: str) -> AsyncIterator[bytes]:
        try:
            handle = await anyio.open_file(self._path(key), "rb")
        except FileNotFoundError as exc:
            raise MissingContent(key) from exc
        return _chunks_of(handle)

    async def delete(self, key: str) -> None:
        await self._path(key).unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        return await self._path(key).is_file()

    async def close(self) -> None:
        return None


async def _chunks_of(handle: AsyncFile[bytes]) -> AsyncIterator[bytes]:
    async with handle:
        while chunk := await handle.read(READ_CHUNK_BYTES):
            yield chunk
