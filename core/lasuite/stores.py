"""The key/value stores of one app instance: sessions and rate-limit counters.

Embedded, sessions are files under ``<var_dir>/sessions`` and counters live in
memory. With ``LASUITE_REDIS_URL`` both are in Redis, namespaced
``lasuite:sessions:`` and ``lasuite:rate_limits:``, so that every app instance
sees the same sessions and counts the same attempts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from redis.asyncio import Redis

from lasuite.settings import Settings

SESSIONS = "sessions"
RATE_LIMITS = "rate_limits"
REDIS_NAMESPACE = "lasuite"


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
                SESSIONS: FileStore(settings.var_dir / "sessions", create_directories=True),
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
