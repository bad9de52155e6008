"""The key/value stores of one app instance: sessions and rate-limit counters.

Embedded, sessions are files under ``<var_dir>/sessions`` (kept in memory once read
while their file stays the same; a session read renews its expiry only once half of it
is spent: renewing rewrites the file) and counters live in memory. With
``LASUITE_REDIS_URL`` both are in Redis, namespaced ``lasuite:sessions:`` and
``lasuite:rate_limits:``, so that every app instance sees the same sessions and counts
the same attempts.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from os import PathLike

from anyio import Path as AsyncPath
from litestar.stores.base import StorageObject, Store
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis

from lasuite.settings import Settings

SESSIONS = "sessions"
RATE_LIMITS = "rate_limits"
REDIS_NAMESPACE = "lasuite"


class SessionFiles(FileStore):
    """Litestar's file store, for sessions: read on every request, so

    - a session file is read again only when it changed: what was read is kept in
      memory with the file's identity (inode, size, modification time), checked by one
      ``stat`` on the event loop; a file another process rewrote or deleted is read
      afresh (reading it went through a worker thread, on every request);
    - an expiry is renewed only once half of it is spent (Litestar's rewrites the file
      at every read asking for a renewal).
    """

    CACHED = 4096
    """Sessions kept in memory at most (a few hundred bytes each)."""

    def __init__(self, path: PathLike[str], *, create_directories: bool = False) -> None:
        super().__init__(path, create_directories=create_directories)
        self._read: dict[str, tuple[tuple[int, int, int], StorageObject]] = {}

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        path = self._path_from_key(key)
        stored = await self._load(key, path)
        if stored is None:
            return None
        if stored.expired:
            await self.delete(key)
            return None
        if renew_for and stored.expires_at:
            lifetime = renew_for.total_seconds() if isinstance(renew_for, timedelta) else renew_for
            if stored.expires_in < lifetime / 2:
                await self.set(key, value=stored.data, expires_in=renew_for)
        return stored.data

    async def _load(self, key: str, path: AsyncPath) -> StorageObject | None:
        try:
            found = os.stat(path)  # a stat is not worth a worker thread's round trip
        except FileNotFoundError:
            self._read.pop(key, None)
            return None
        identity = (found.st_ino, found.st_size, found.st_mtime_ns)
        kept = self._read.get(key)
        if kept is not None and kept[0] == identity:
            return kept[1]
        stored = await self._load_from_path(path)
        if stored is not None:
            if len(self._read) >= self.CACHED:
                self._read.pop(next(iter(self._read)))
            self._read[key] = (identity, stored)
        return stored

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        self._read.pop(key, None)
        await super().set(key, value, expires_in)

    async def delete(self, key: str) -> None:
        self._read.pop(key, None)
        await super().delete(key)

    async def delete_all(self) -> None:
        self._read.clear()
        await super().delete_all()


async def _nothing_to_close() -> None:
    return None


@dataclass(frozen=True, slots=True)
class AppStores:
    """The stores by name (for ``Litestar(stores=...)``) and how to release them."""

    stores: dict[str, Store]
    close: Callable[[], Awaitable[None]]


def build_stores(settings: Settings) -> AppStores:
    """Redis stores when ``settings.redis_url`` is set, embedded ones otherwise."""
    if not settings.redis_url:
        # Litestar makes the sessions directory, not its parents.
        settings.var_dir.mkdir(parents=True, exist_ok=True)
        return AppStores(
            stores={
                SESSIONS: SessionFiles(settings.var_dir / "sessions", create_directories=True),
                RATE_LIMITS: MemoryStore(),
            },
            close=_nothing_to_close,
        )
    redis = Redis.from_url(settings.redis_url)
    return AppStores(
        stores={
            name: RedisStore(redis, namespace=f"{REDIS_NAMESPACE}:{name}")
            for name in (SESSIONS, RATE_LIMITS)
        },
        close=redis.aclose,
    )
