"""Password hashing for local accounts (argon2id), off the event loop.

An argon2 check takes tens of milliseconds of CPU by design: run on the event loop, 16
parallel failed sign-ins raised everyone's GET from 12 ms to 164 ms (p50). Checks and
hashes run in a pool of :data:`WORKERS` threads (argon2 releases the GIL), so at most that
many run at once and the event loop keeps serving; more wait their turn in the pool.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

WORKERS = 2
"""Password checks and hashes running at once (the machines run on a few cores)."""

_hasher = PasswordHasher()
_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="lasuite-passwords")


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so that both cases cost the same time.
    Made at the first check, not on import: every process that imports the app (a
    worker, a CLI command) would otherwise spend 0.1 s of CPU hashing it."""
    return _hasher.hash("not a real password")


async def hash_password(password: str) -> str:
    """The argon2id hash of ``password``, computed in the password threads."""
    return await asyncio.get_running_loop().run_in_executor(_pool, _hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (None: an unknown account, checked
    all the same), in the password threads."""
    return await asyncio.get_running_loop().run_in_executor(_pool, _verify, password_hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        matches = _hasher.verify(password_hash or _dummy_hash(), password)
        return matches and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False
