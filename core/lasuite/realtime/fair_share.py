"""A fair share of one instance's app websockets: however many sockets one account opens,
it gets a bounded part of them and of the frames the instance reads.

- An account holds at most ``LASUITE_WS_MAX_CONNECTIONS_PER_USER`` sockets, an address
  at most ``LASUITE_WS_MAX_CONNECTIONS_PER_ADDRESS`` (an office behind one NAT shares
  it); one more is accepted and closed at once with 4429 and the reason.
- The plugins' websockets (a meeting's, a document's), whose callers may not be signed
  in, count per address too, apart: at most ``LASUITE_WS_MAX_CONNECTIONS_PER_ADDRESS``.
- The frames of all an account's sockets draw on one budget of
  ``LASUITE_WS_MAX_MESSAGES_PER_SECOND_PER_USER`` (beside each socket's own): a socket
  sending past it is closed with 4429, as one sending past its own.

Counted per app instance (a client's sockets go to the instances its load balancer
picks).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field

from lasuite.realtime.budget import MessageBudget


@dataclass
class FairShare:
    per_user: int
    per_address: int
    user_rate: int
    _users: Counter[uuid.UUID] = field(default_factory=Counter)
    _addresses: Counter[str] = field(default_factory=Counter)
    _budgets: dict[uuid.UUID, MessageBudget] = field(default_factory=dict)
    plugin_user_rate: int = 200
    _plugin_sockets: Counter[str] = field(default_factory=Counter)
    _plugin_users: Counter[uuid.UUID] = field(default_factory=Counter)
    _plugin_budgets: dict[uuid.UUID, MessageBudget] = field(default_factory=dict)

    def admit(self, user_id: uuid.UUID, address: str, now: float) -> str | None:
        """Count one more socket of ``user_id`` from ``address``; or why it is refused
        (then nothing is counted)."""
        if self._users[user_id] >= self.per_user:
            return f"This account already has {self.per_user} connections open; close some."
        if self._addresses[address] >= self.per_address:
            return f"This address already has {self.per_address} connections open."
        self._users[user_id] += 1
        self._addresses[address] += 1
        self._budgets.setdefault(user_id, MessageBudget(self.user_rate, now))
        return None

    def release(self, user_id: uuid.UUID, address: str) -> None:
        """One socket admitted for ``user_id`` from ``address`` ended."""
        self._users[user_id] -= 1
        if self._users[user_id] <= 0:
            del self._users[user_id]
            self._budgets.pop(user_id, None)
        self._addresses[address] -= 1
        if self._addresses[address] <= 0:
            del self._addresses[address]

    def admit_plugin_socket(
        self, address: str, user_id: uuid.UUID | None = None, now: float = 0.0
    ) -> str | None:
        """Count one more plugin websocket from ``address``, of ``user_id`` when a session
        names one (plugins' sockets are counted apart from the app's); or why it is
        refused (then nothing is counted)."""
        if self._plugin_sockets[address] >= self.per_address:
            return f"This address already has {self.per_address} connections open."
        if user_id is not None and self._plugin_users[user_id] >= self.per_user:
            return f"This account already has {self.per_user} connections open; close some."
        self._plugin_sockets[address] += 1
        if user_id is not None:
            self._plugin_users[user_id] += 1
            self._plugin_budgets.setdefault(user_id, MessageBudget(self.plugin_user_rate, now))
        return None

    def release_plugin_socket(self, address: str, user_id: uuid.UUID | None = None) -> None:
        self._plugin_sockets[address] -= 1
        if self._plugin_sockets[address] <= 0:
            del self._plugin_sockets[address]
        if user_id is not None:
            self._plugin_users[user_id] -= 1
            if self._plugin_users[user_id] <= 0:
                del self._plugin_users[user_id]
                self._plugin_budgets.pop(user_id, None)

    def plugin_budget(self, user_id: uuid.UUID) -> MessageBudget:
        """The frame budget all the plugin sockets of an admitted ``user_id`` share."""
        return self._plugin_budgets[user_id]

    def open_sockets(self) -> tuple[int, int]:
        """How many app websockets and plugin websockets are open now."""
        return sum(self._users.values()), sum(self._plugin_sockets.values())

    def budget(self, user_id: uuid.UUID) -> MessageBudget:
        """The frame budget all the sockets of an admitted ``user_id`` share."""
        return self._budgets[user_id]
