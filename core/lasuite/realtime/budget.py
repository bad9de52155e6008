"""Frames per second, with bursts: a token bucket."""

from __future__ import annotations


class MessageBudget:
    """At most ``rate`` frames per second on average, in bursts of up to ``burst``
    (default ``rate``)."""

    def __init__(self, rate: int, now: float, burst: int | None = None) -> None:
        self._rate = rate
        self._burst = burst or rate
        self._tokens = float(self._burst)
        self._at = now

    def spend(self, now: float) -> bool:
        self._tokens = min(self._burst, self._tokens + (now - self._at) * self._rate)
        self._at = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True
