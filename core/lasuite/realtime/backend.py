"""What the realtime backends add to Litestar's channels backends: event ids and history.

Each event frame published on a topic gets an ``event_id``, larger than every id given
before on any topic (ids start from the clock in microseconds, so they keep growing
across restarts and a lost Redis). The backend keeps the last events of each topic,
each with the id of the topic's event before it: a client resuming after ``since``
gets what it missed exactly when that chain still reaches back to ``since``.
"""

from __future__ import annotations

import time
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from litestar.channels.backends.base import ChannelsBackend

from lasuite.realtime.frames import event_id_of


def first_event_id() -> int:
    """Where a new sequence of event ids starts: now, in microseconds (below 2**53)."""
    return int(time.time() * 1_000_000)


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """One event kept in a topic's history."""

    event_id: int
    previous_id: int
    """The id of the topic's event before this one; 0 for its first (kept) event."""
    frame: bytes


@dataclass(frozen=True, slots=True)
class Replay:
    """What a subscriber gets before the live events of a topic."""

    frames: list[bytes]
    """The events after ``since``, oldest first."""
    head: int
    """The id of the topic's latest kept event (0 when none is kept)."""
    gap: bool
    """Some events after ``since`` are no longer kept: the client must resync."""

    @property
    def last(self) -> int:
        """Live events up to this id were replayed (or are covered by the resync)."""
        return event_id_of(self.frames[-1]) if self.frames else self.head


def replay_after(since: int | None, later: Sequence[LoggedEvent], head: int) -> Replay:
    """The replay for a subscriber that last saw ``since``, from the kept events after it."""
    if since is None:
        return Replay([], head, gap=False)
    if later:
        if later[0].previous_id != since:
            return Replay([], head, gap=True)
        return Replay([event.frame for event in later], head, gap=False)
    return Replay([], head, gap=head != since)


class TopicBackend(ChannelsBackend):
    """A channels backend whose ``publish`` stamps event ids and keeps history."""

    @abstractmethod
    async def replay(self, channel: str, since: int | None) -> Replay:
        """The events of ``channel`` after ``since``, or a gap."""

    async def wait_subscribed(self, channel: str) -> None:
        """Return once events published on ``channel`` from now on reach this instance."""
        return
