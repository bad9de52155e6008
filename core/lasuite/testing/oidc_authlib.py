"""authlib's authorization server, fitted to Litestar, for the local OIDC provider.

authlib ships this glue for Flask and Django only. The provider's state (codes,
tokens, keys, knobs) lives in :class:`~lasuite.testing.oidc_provider.LocalOIDCProvider`;
the grants here read and write it.
"""

from __future__ import annotations

import json
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientMixin,
    InvalidRequestError,
    OAuth2Payload,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin, UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.rpinitiated import EndSessionEndpoint
from joserfc.jwk import KeySet, RSAKey
from litestar import Request, Response

if TYPE_CHECKING:
    from lasuite.testing.oidc_provider import LocalOIDCProvider, OIDCUser


class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, values: dict[str, list[str]]) -> None:
        self._values = values

    @property
    def data(self) -> dict[str, str]:
        return {name: values[0] for name, values in self._values.items()}

    @property
    def datalist(self) -> dict[str, list[str]]:
        return self._values


class AuthlibRequest(OAuth2Request):  # type: ignore[misc]
    """One HTTP request, its query and form already read."""

    def __init__(
        self, request: Request[Any, Any, Any], args: dict[str, str], form: dict[str, str]
    ) -> None:
        super().__init__(method=request.method, uri=str(request.url), headers=request.headers)
        values: defaultdict[str, list[str]] = defaultdict(list)
        for name, value in [*request.query_params.multi_items(), *form.items()]:
            values[name].append(value)
        self.payload = _Payload(dict(values))
        self._args, self._form = args, form

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


async def authlib_request(request: Request[Any, Any, Any]) -> AuthlibRequest:
    """``request`` with its form read (an async step authlib cannot take itself)."""
    form: dict[str, str] = {}
    if request.method == "POST":
        form = {name: str(value) for name, value in (await request.form()).items()}
    return AuthlibRequest(request, dict(request.query_params), form)


def authlib_response(status: int, body: Any, headers: list[tuple[str, str]]) -> Response[bytes]:
    """The Litestar response of authlib's ``(status, body, headers)``."""
    fields = dict(headers)
    media_type = fields.pop("Content-Type", "text/plain")
    content = json.dumps(body) if isinstance(body, dict) else str(body)
    return Response(content.encode(), status_code=status, headers=fields, media_type=media_type)


@dataclass(slots=True)
class RegisteredClient(ClientMixin):  # type: ignore[misc]
    """The one client the provider knows: a confidential web app with a secret."""

    client_id: str
    client_secret: str
    redirect_uris: frozenset[str]
    post_logout_redirect_uris: list[str]
    token_endpoint_auth_methods: tuple[str, ...] = ("client_secret_basic", "client_secret_post")

    @property
    def client_metadata(self) -> dict[str, Any]:
        return {"post_logout_redirect_uris": self.post_logout_redirect_uris}

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        return scope or "openid"

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(self.client_secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return endpoint != "token" or method in self.token_endpoint_auth_methods

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass(slots=True)
class IssuedCode(AuthorizationCodeMixin):  # type: ignore[misc]
    """An authorization code, with what the token request is checked against."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: OIDCUser
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str | None:
        return None

    def get_amr(self) -> list[str] | None:
        return None


class ProviderServer(AuthorizationServer):  # type: ignore[misc]
    """authlib's authorization server answering with Litestar responses."""

    def __init__(self, provider: LocalOIDCProvider) -> None:
        super().__init__()
        self.provider = provider

    def query_client(self, client_id: str) -> RegisteredClient | None:
        return self.provider.client if client_id == self.provider.client_id else None

    def save_token(self, token: dict[str, Any], request: AuthlibRequest) -> None:
        self.provider.save_token(token["access_token"], request.user)

    def create_oauth2_request(self, request: AuthlibRequest) -> AuthlibRequest:
        return request

    def handle_response(
        self, status: int, body: Any, headers: list[tuple[str, str]]
    ) -> Response[bytes]:
        return authlib_response(status, body, headers)

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None


class CodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]
    """The authorization code grant; codes are kept by the provider, used once."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    @property
    def provider(self) -> LocalOIDCProvider:
        provider: LocalOIDCProvider = self.server.provider
        return provider

    def save_authorization_code(self, code: str, request: AuthlibRequest) -> None:
        data = request.payload.data
        self.provider.save_code(
            IssuedCode(
                code=code,
                client_id=request.client.client_id,
                redirect_uri=data.get("redirect_uri", ""),
                scope=data.get("scope", ""),
                user=request.user,
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
            )
        )

    def query_authorization_code(self, code: str, client: RegisteredClient) -> IssuedCode | None:
        return self.provider.take_code(code, client.client_id)

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        return None  # taken out when queried

    def authenticate_user(self, authorization_code: IssuedCode) -> OIDCUser:
        return authorization_code.user


class _RequiredPKCE(CodeChallenge):  # type: ignore[misc]
    """PKCE with S256 for every client, confidential ones included (as ProConnect)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: CodeGrant, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE with S256 is required.", redirect_uri=redirect_uri)
        super().validate_code_challenge(grant, redirect_uri)

    def validate_code_verifier(self, grant: CodeGrant, result: Any) -> None:
        if not grant.request.form.get("code_verifier"):
            raise InvalidRequestError("Missing 'code_verifier'.")
        super().validate_code_verifier(grant, result)


class _IDToken(OpenIDCode):  # type: ignore[misc]
    """ID tokens carry ``sub`` only; the profile is at ``/userinfo``, as ProConnect does."""

    def __init__(self, provider: LocalOIDCProvider) -> None:
        super().__init__(require_nonce=True)
        self.provider = provider

    def resolve_client_private_key(self, client: RegisteredClient) -> RSAKey:
        return self.provider.signing_key

    def get_client_algorithm(self, client: RegisteredClient) -> str:
        return "RS256"

    def get_encode_header(self, client: RegisteredClient) -> dict[str, str]:
        return {"alg": "RS256", "kid": str(self.provider.key.kid)}

    def get_client_claims(self, client: RegisteredClient) -> dict[str, Any]:
        return {"iss": self.provider.issuer, "aud": [client.client_id]}

    def exists_nonce(self, nonce: str, request: AuthlibRequest) -> bool:
        return self.provider.has_nonce(nonce)

    def get_authorization_code_claims(self, authorization_code: IssuedCode) -> dict[str, Any]:
        claims: dict[str, Any] = super().get_authorization_code_claims(authorization_code)
        if self.provider.wrong_nonce:
            claims["nonce"] = secrets.token_urlsafe(16)
        return claims

    def generate_user_info(self, user: OIDCUser, scope: str) -> UserInfo:
        return UserInfo(sub=user.sub)


class _EndSession(EndSessionEndpoint):  # type: ignore[misc]
    def __init__(self, provider: LocalOIDCProvider) -> None:
        super().__init__()
        self.provider = provider

    def get_server_jwks(self) -> KeySet:
        return KeySet([self.provider.key])

    def end_session(self, end_session_request: Any) -> None:
        claims = end_session_request.id_token_claims
        if claims is not None:
            self.provider.ended_sessions.append(str(claims["sub"]))


def build_authorization_server(provider: LocalOIDCProvider) -> ProviderServer:
    """The code grant with PKCE and ID tokens, bearer access tokens, and RP-initiated logout."""
    server = ProviderServer(provider)
    server.register_token_generator(
        "default", BearerTokenGenerator(lambda **_: secrets.token_urlsafe(32))
    )
    server.register_grant(CodeGrant, [_RequiredPKCE(), _IDToken(provider)])
    server.register_endpoint(_EndSession(provider))
    return server
