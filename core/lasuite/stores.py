"""The key/value stores of one app instance: sessions and rate-limit counters.

Embedded, sessions are files under ``<var_dir>/sessions`` (a session read renews its
expiry only once half of it is spent: renewing rewrites the file) and counters live in
memory. With ``LASUITE_REDIS_URL`` both are in Redis, namespaced
``lasuite:sessions:`` and ``lasuite:rate_limits:``, so that every app instance
sees the same sessions and counts the same attempts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis

from lasuite.settings import Settings

SESSIONS = "sessions"
RATE_LIMITS = "rate_limits"
REDIS_NAMESPACE = "lasuite"


class SessionFiles(FileStore):
    """Litestar's file store, renewing an expiry on read only once half of it is spent
    (Litestar's rewrites the file at every read asking for a renewal: a session is read
    on every request)."""

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        path = self._path_from_key(key)
        stored = await self._load_from_path(path)
        if stored is None:
            return None
        if stored.expired:
            await path.unlink(missing_ok=True)
            return None
        if renew_for and stored.expires_at:
            lifetime = renew_for.total_seconds() if isinstance(renew_for, timedelta) else renew_for
            if stored.expires_in < lifetime / 2:
                await self.set(key, value=stored.data, expires_in=renew_for)
        return stored.data


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
