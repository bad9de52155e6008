"""What a check is, for the core's and the plugins' (``ctx.add_check``, API 1.9)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable


class CheckFailed(Exception):
    """What a check found wrong, and how to put it right (API 1.9). Example::

    raise CheckFailed("LiveKit refused the API key", fix="set LASUITE_LIVEKIT_API_KEY ...")
    """

    def __init__(self, problem: str, *, fix: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


Check = Callable[[], Awaitable[str]]
"""``await check()`` says what it found in order (``"3 rooms"``, ``"not configured"``), or
raises :class:`CheckFailed`; anything else it raises, or taking too long, is a problem too."""
