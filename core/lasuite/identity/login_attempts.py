"""Failed local sign-ins: counted per client IP and per (IP, e-mail), refused beyond a
limit; and per e-mail from any address, slowed beyond a limit.

The per-e-mail brake never locks the real user out: past
``LASUITE_LOGIN_FAILURES_BEFORE_BACKOFF`` failures of one e-mail within the window
(guesses spread over many addresses included), one attempt is let through per pause,
the pause doubling from one second up to :data:`LONGEST_PAUSE`; the others get 429 with
``Retry-After``. Whoever knows the password signs in once the pause is over."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.stores.base import Store

from lasuite.audit.log import record_event
from lasuite.identity.ratelimit import RATE_LIMITS, Verdict, hit, take_back
from lasuite.settings import Settings
from lasuite.state import runtime_of

LONGEST_PAUSE = 60
"""Seconds, at most, between two sign-in attempts of one e-mail once it is slowed."""


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
        """Count the attempt; raise 429 when this IP, or this IP for this e-mail, is over,
        or when this e-mail is slowed and its pause not over."""
        settings: Settings = runtime_of(request.app.state).settings
        ip, address = client_ip(request), email.lower()
        store = request.app.stores.get(RATE_LIMITS)
        by_ip, by_account = f"login:{ip}", f"login:{ip}:{address}"
        window, detail = settings.login_failure_window, "Too many failed sign-ins; try again later."
        per_ip = await hit(store, by_ip, settings.login_failures_per_ip, window)
        per_ip.raise_if_exceeded(detail)
        # Only under the IP's limit: a blocked IP cannot fill the store with e-mails.
        per_account = await hit(store, by_account, settings.login_failures_per_account, window)
        per_account.raise_if_exceeded(detail)
        by_email = f"login:any:{address}"
        failures = await hit(store, by_email, settings.login_failures_before_backoff, window)
        if failures.exceeded:
            await _wait_turn(store, address, failures, by_email, detail)
        return cls(request, email, store, (by_ip, by_account, by_email))

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


async def _wait_turn(
    store: Store, address: str, failures: Verdict, by_email: str, detail: str
) -> None:
    """One attempt per pause for a slowed e-mail; the others are refused (and not
    counted as failures: they were not tried)."""
    beyond = failures.count - failures.limit - 1
    pause = min(2 ** min(beyond, 16), LONGEST_PAUSE)
    turn = await hit(store, f"login:turn:{address}", 1, pause)
    if turn.exceeded:
        await take_back(store, by_email)
        turn.raise_if_exceeded(detail)
