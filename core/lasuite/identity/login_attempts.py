"""Failed local sign-ins: counted per client IP and per (IP, e-mail), refused beyond a limit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.stores.base import Store

from lasuite.audit.log import record_event
from lasuite.identity.ratelimit import RATE_LIMITS, hit, take_back
from lasuite.settings import Settings
from lasuite.state import runtime_of


def client_ip(request: Request[Any, Any, Any]) -> str:
    """The caller's address (the proxy's, unless uvicorn trusts its forwarded headers)."""
    return request.client.host if request.client else ""


@dataclass(frozen=True, slots=True)
class LoginAttempt:
    """One sign-in attempt, counted as failed until :meth:`succeeded` says otherwise.

    Counting before the password is checked keeps parallel guesses from all
    passing under the limit at once.
    """

    request: Request[Any, Any, Any]
    email: str
    store: Store
    keys: tuple[str, ...]

    @classmethod
    async def begin(cls, request: Request[Any, Any, Any], email: str) -> LoginAttempt:
        """Count the attempt; raise 429 when this IP, or this IP for this e-mail, is over."""
        settings: Settings = runtime_of(request.app.state).settings
        ip = client_ip(request)
        store = request.app.stores.get(RATE_LIMITS)
        by_ip, by_account = f"login:{ip}", f"login:{ip}:{email.lower()}"
        window, detail = settings.login_failure_window, "Too many failed sign-ins; try again later."
        per_ip = await hit(store, by_ip, settings.login_failures_per_ip, window)
        per_ip.raise_if_exceeded(detail)
        # Only under the IP's limit: a blocked IP cannot fill the store with e-mails.
        per_account = await hit(store, by_account, settings.login_failures_per_account, window)
        per_account.raise_if_exceeded(detail)
        return cls(request, email, store, (by_ip, by_account))

    async def succeeded(self) -> None:
        """The credentials were right: this attempt does not count as a failure."""
        for key in self.keys:
            await take_back(self.store, key)

    async def failed(self, user_id: uuid.UUID | None, reason: str) -> None:
        """Audit the failure in its own transaction, kept although the request fails."""
        async with runtime_of(self.request.app.state).database.transaction() as db:
            record_event(
                db,
                action="core.login.failed",
                organization_id=None,
                actor_id=user_id,
                target=self.email,
                data={"reason": reason},
                ip=client_ip(self.request),
            )
