"""Counting attempts in fixed time windows, in a Litestar store: a brake on brute force.

The app's counter store is ``request.app.stores.get(RATE_LIMITS)`` (in memory
embedded, Redis when ``LASUITE_REDIS_URL`` is set). Count first, then act, so
that parallel requests cannot all slip in under the limit::

    store = request.app.stores.get(RATE_LIMITS)
    verdict = await hit(store, f"invitations:{actor.user_id}", limit=50, window=3600)
    verdict.raise_if_exceeded("Too many invitations; try again later.")

An attempt that should not count after all (a sign-in that succeeded) is
taken back with :func:`take_back`.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from litestar.exceptions import TooManyRequestsException
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore

from lasuite.stores import RATE_LIMITS

__all__ = ["RATE_LIMITS", "Verdict", "hit", "take_back"]

# Atomic on Redis: add to the counter, start the window on the first hit, drop it at zero.
_REDIS_ADD = """
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count <= 0 then
    redis.call('DEL', KEYS[1])
    return {0, 0}
end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
    redis.call('EXPIRE', KEYS[1], ARGV[2])
    ttl = tonumber(ARGV[2])
end
return {count, ttl}
"""

# Other stores have no atomic increment: one lock per event loop serialises their updates.
_local_locks: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = WeakKeyDictionary()
# Nor do they drop expired keys unless read again: sweep them now and then.
_SWEEP_EVERY = 1000
_local_updates = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The count of a key in its current window, after a hit."""

    count: int
    limit: int
    retry_after: int
    """Seconds until the window ends and the count starts again from zero."""

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit

    def raise_if_exceeded(self, detail: str = "Too many attempts; try again later.") -> None:
        """Refuse with 429, a ``Retry-After`` header and the error ``too_many_requests``."""
        if self.exceeded:
            raise TooManyRequestsException(
                detail, headers={"Retry-After": str(max(self.retry_after, 1))}
            )


async def hit(store: Store, key: str, limit: int, window: int) -> Verdict:
    """Count one attempt for ``key``; at most ``limit`` per window of ``window`` seconds."""
    count, retry_after = await _add(store, key, 1, window)
    return Verdict(count=count, limit=limit, retry_after=retry_after)


async def take_back(store: Store, key: str) -> None:
    """Uncount one earlier :func:`hit` of ``key`` (in the same window)."""
    await _add(store, key, -1, 1)


async def _add(store: Store, key: str, delta: int, window: int) -> tuple[int, int]:
    if isinstance(store, RedisStore):
        # The Store API has no increment; RedisStore's client and key prefix are what it uses.
        script = store._redis.register_script(_REDIS_ADD)
        count, ttl = await script(keys=[store._make_key(key)], args=[delta, window])
        return int(count), int(ttl)
    async with _local_lock():
        added = await _add_locally(store, key, delta, window)
    if next(_local_updates) % _SWEEP_EVERY == 0 and isinstance(store, MemoryStore | FileStore):
        await store.delete_expired()
    return added


async def _add_locally(store: Store, key: str, delta: int, window: int) -> tuple[int, int]:
    now = time.time()
    count, ends_at = 0, now + window
    raw = await store.get(key)
    if raw is not None:
        stored_count, stored_end = raw.decode().split()
        if float(stored_end) > now:
            count, ends_at = int(stored_count), float(stored_end)
    count += delta
    if count <= 0:
        await store.delete(key)
        return 0, 0
    remaining = math.ceil(ends_at - now)
    await store.set(key, f"{count} {ends_at}", expires_in=remaining)
    return count, remaining


def _local_lock() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    lock = _local_locks.get(loop)
    if lock is None:
        lock = _local_locks[loop] = asyncio.Lock()
    return lock
