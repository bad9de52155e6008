"""Sign-in with an OpenID Connect provider (ProConnect, Keycloak…): its routes' paths,
what a sign-in yields or why it fails, and the app's provider when OIDC is configured.

The relying party itself is :mod:`lasuite.identity.oidc_client`, imported only by an
installation that configures a provider; the routes are in
:mod:`lasuite.identity.oidc_routes`; what a verified identity means for accounts and
organizations is :mod:`lasuite.identity.oidc_accounts`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from litestar import Litestar
from litestar.connection import ASGIConnection

from lasuite.settings import Settings
from lasuite.state import runtime_of

if TYPE_CHECKING:
    from lasuite.identity.oidc_client import OIDCProvider

logger = logging.getLogger("lasuite.identity.oidc")

LOGIN_PATH = "/api/v1/auth/oidc/login"
CALLBACK_PATH = "/api/v1/auth/oidc/callback"
SESSION_ID_TOKEN = "oidc_id_token"
"""Session key of the ID token of an OIDC sign-in, the ``id_token_hint`` at logout."""


class ProviderUnavailable(Exception):
    """The provider cannot be reached, or its discovery document is unusable."""


class SignInRejected(Exception):
    """The provider's answer cannot be trusted; ``reason`` is kept in the audit log."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """Where to send the browser, and the secrets to check its return against."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True, slots=True)
class VerifiedIdentity:
    """The claims of a verified ID token, merged with the provider's UserInfo."""

    issuer: str
    claims: dict[str, Any]
    id_token: str
    """Kept in the session as ``id_token_hint`` for the provider's logout."""

    @property
    def subject(self) -> str:
        return str(self.claims["sub"])


def oidc_provider(app: Litestar) -> OIDCProvider | None:
    """The app's configured provider, or None when OIDC is off."""
    return runtime_of(app.state).oidc


def configured_provider(settings: Settings) -> OIDCProvider | None:
    """The provider ``settings`` name (its metadata fetched on first use), or None."""
    if not (settings.oidc_issuer and settings.oidc_client_id):
        return None
    # The client (authlib, joserfc: a tenth of a second) only where OIDC is on.
    from lasuite.identity.oidc_client import OIDCProvider

    return OIDCProvider(settings)


async def provider_logout_url(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """Where to send the browser to sign out at the provider too, after an OIDC sign-in.

    None for a local session, or when the provider offers no ``end_session_endpoint``.
    """
    raw = connection.scope.get("session")
    id_token = raw.get(SESSION_ID_TOKEN) if isinstance(raw, dict) else None
    provider = oidc_provider(connection.app)
    if not isinstance(id_token, str) or provider is None:
        return None
    return await provider.end_session_url(id_token)
