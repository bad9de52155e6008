"""Which sign-in methods this installation offers, for the workspace's sign-in page."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, get

from lasuite.settings import Settings
from lasuite.state import runtime_of


class ProvidersOut(msgspec.Struct):
    local: bool
    """E-mail and password of a local account."""
    oidc: bool
    """OpenID Connect (ProConnect) at ``/api/v1/auth/oidc/login``."""


def oidc_configured(settings: Settings) -> bool:
    """OIDC sign-in is offered once its issuer and client are configured."""
    return bool(settings.oidc_issuer and settings.oidc_client_id)


@get("/api/v1/auth/providers", public=True, tags=["auth"])
async def sign_in_providers(request: Request[Any, Any, Any]) -> ProvidersOut:
    """The sign-in methods offered (no session needed)."""
    settings: Settings = runtime_of(request.app.state).settings
    return ProvidersOut(local=settings.local_accounts, oidc=oidc_configured(settings))
