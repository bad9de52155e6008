"""A local OpenID Connect provider for tests, ProConnect-style, built with authlib.

It serves, on ``127.0.0.1`` and a free port, what the app's OIDC sign-in uses:
the discovery document, the JWKS (an RS256 key generated at start), ``/authorize``
(code flow with PKCE S256 required), ``/token`` (client secret, basic or post),
``/userinfo`` (a signed JWT, as ProConnect answers) and ``/logout`` (RP-initiated
logout). There is no login page: ``/authorize`` signs in :attr:`next_user` at once,
or answers ``access_denied`` when it is None.

The ``oidc_provider`` fixture starts one for the test client's URL, and
``lasuite_oidc_app`` is an app signing in through it. Example::

    async def test_agent_signs_in(lasuite_oidc_app, oidc_provider):
        oidc_provider.next_user = OIDCUser(
            sub="agent-1", email="camille@finances.gouv.fr", siret="11000201100044"
        )
        async with AsyncTestClient(lasuite_oidc_app) as client:
            response = await oidc_provider.sign_in(client)
        assert response.headers["location"] == "/"

Elsewhere (a browser test against ``lasuite run``)::

    with LocalOIDCProvider.for_app("http://127.0.0.1:8000") as provider:
        settings = Settings(**provider.settings_for_app("http://127.0.0.1:8000"))

Knobs for negative tests: :attr:`sign_with_foreign_key` (a key it does not
publish, under the published key id), :attr:`wrong_nonce`, :meth:`rotate_key`
(a new key under a new id), :attr:`userinfo_as_jwt`, and
``client.token_endpoint_auth_methods`` (how the client may authenticate at ``/token``).
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from authlib.oauth2.rfc6749 import OAuth2Error
from authlib.oidc.discovery import OpenIDProviderMetadata
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from litestar import Litestar, Request, Response, get, post
from pydantic import SecretStr

from lasuite.identity.oidc import CALLBACK_PATH, LOGIN_PATH
from lasuite.testing.oidc_authlib import (
    IssuedCode,
    RegisteredClient,
    authlib_request,
    build_authorization_server,
)
from lasuite.tls import client_tls

__all__ = ["TEST_CLIENT_URL", "LocalOIDCProvider", "OIDCUser"]

TEST_CLIENT_URL = "http://testserver.local"
"""Where Litestar's test clients reach the app (their default ``base_url``)."""

CODE_LIFETIME = 600


@dataclass(frozen=True, slots=True)
class OIDCUser:
    """The person the provider signs in; ProConnect's claims."""

    sub: str
    email: str
    given_name: str = "Camille"
    usual_name: str = "Martin"
    siret: str | None = None

    def claims(self) -> dict[str, Any]:
        """The UserInfo claims, without those left unset."""
        found = {
            "sub": self.sub,
            "email": self.email,
            "given_name": self.given_name,
            "usual_name": self.usual_name,
            "siret": self.siret,
        }
        return {name: value for name, value in found.items() if value is not None}


class LocalOIDCProvider:
    """An OIDC provider in a background thread; ``with`` starts and stops it."""

    def __init__(
        self,
        *,
        redirect_uris: Iterable[str],
        post_logout_redirect_uris: Iterable[str] = (),
        client_id: str = "lasuite-test",
        client_secret: str | None = None,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.client = RegisteredClient(
            client_id,
            self.client_secret,
            frozenset(redirect_uris),
            list(post_logout_redirect_uris),
        )
        self.next_user: OIDCUser | None = None
        """Who ``/authorize`` signs in; None refuses with ``access_denied``."""
        self.sign_with_foreign_key = False
        """Sign tokens with a key the JWKS does not hold (under the published ``kid``)."""
        self.wrong_nonce = False
        """Put another nonce than the one asked for in the ID token."""
        self.userinfo_as_jwt = True
        """Answer ``/userinfo`` with a signed JWT (ProConnect) rather than JSON."""
        self.ended_sessions: list[str] = []
        """Subjects signed out through ``/logout`` with a valid ``id_token_hint``."""
        self.key = _new_key()
        self._foreign_key: RSAKey | None = None
        self._codes: dict[str, IssuedCode] = {}
        self._tokens: dict[str, OIDCUser] = {}
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.issuer = ""
        self.authorization_server = build_authorization_server(self)
        """authlib's server, whose grants keep their codes and tokens here."""

    @classmethod
    def for_app(cls, base_url: str) -> LocalOIDCProvider:
        """A provider (not started) whose client is the lasuite app at ``base_url``."""
        return cls(
            redirect_uris=[base_url + CALLBACK_PATH], post_logout_redirect_uris=[f"{base_url}/"]
        )

    def settings_for_app(self, base_url: str) -> dict[str, Any]:
        """The settings of a lasuite app at ``base_url`` signing in through this provider.

        Example: ``Settings(**provider.settings_for_app("http://127.0.0.1:8000"))``.
        """
        return {
            "public_url": base_url,
            "oidc_issuer": self.issuer,
            "oidc_client_id": self.client_id,
            "oidc_client_secret": SecretStr(self.client_secret),
        }

    def rotate_key(self) -> None:
        """Sign with a new key, under a new key id, from now on (and publish only it)."""
        self.key = _new_key()

    @property
    def signing_key(self) -> RSAKey:
        """The key tokens are signed with: the published one, unless a knob says otherwise."""
        if not self.sign_with_foreign_key:
            return self.key
        if self._foreign_key is None or self._foreign_key.kid != self.key.kid:
            self._foreign_key = _new_key(kid=self.key.kid)
        return self._foreign_key

    def sign(self, claims: dict[str, Any]) -> str:
        """A JWT of ``claims`` signed as this provider signs its tokens (knobs included)."""
        return jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.signing_key)

    def metadata(self) -> dict[str, Any]:
        """The discovery document."""
        document = OpenIDProviderMetadata(
            issuer=self.issuer,
            authorization_endpoint=f"{self.issuer}/authorize",
            token_endpoint=f"{self.issuer}/token",
            userinfo_endpoint=f"{self.issuer}/userinfo",
            jwks_uri=f"{self.issuer}/jwks",
            end_session_endpoint=f"{self.issuer}/logout",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            userinfo_signing_alg_values_supported=["RS256"],
            token_endpoint_auth_methods_supported=list(self.client.token_endpoint_auth_methods),
            code_challenge_methods_supported=["S256"],
            scopes_supported=["openid", "email", "given_name", "usual_name", "siret"],
        )
        document.validate()
        return dict(document)

    def start(self, timeout: float = 10.0) -> None:
        """Serve on a free port of 127.0.0.1; return once discovery answers."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)  # connections wait in the backlog until the server accepts them
        self.issuer = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(
            _asgi_app(self), log_level="warning", loop="asyncio", lifespan="off", ws="none"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self._thread.start()
        self._wait_until_ready(time.monotonic() + timeout)

    def stop(self) -> None:
        """Stop serving and wait for the server thread to end."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> LocalOIDCProvider:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _wait_until_ready(self, deadline: float) -> None:
        url = f"{self.issuer}/.well-known/openid-configuration"
        with httpx.Client(timeout=1.0, verify=client_tls()) as http:
            while True:
                assert self._thread is not None
                if not self._thread.is_alive():
                    raise RuntimeError("the local OIDC provider stopped while starting")
                try:
                    if http.get(url).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise TimeoutError(f"the local OIDC provider did not answer at {url}")

    async def authorize(
        self,
        client: httpx.AsyncClient,
        *,
        next_path: str | None = None,
        invitation: str | None = None,
    ) -> httpx.URL:
        """Start an OIDC sign-in on the app ``client`` talks to; this provider approves it.
        With ``invitation`` (a token), the sign-in starts from that invitation's page (a
        POST: ``client`` sends the CSRF token, see ``send_csrf_token``).

        Returns where the provider sends the browser back (the app's callback with
        ``code`` and ``state``), without going there.
        """
        if invitation is None:
            params = {"next": next_path} if next_path is not None else {}
            start = await client.get(LOGIN_PATH, params=params, follow_redirects=False)
            assert start.status_code == 302, start.text
            provider_page = start.headers["location"]
        else:
            started = await client.post(
                LOGIN_PATH, json={"invitation": invitation, "next": next_path}
            )
            assert started.status_code == 200, started.text
            provider_page = started.json()["url"]
        async with httpx.AsyncClient(timeout=10.0, verify=client_tls()) as browser:
            answer = await browser.get(provider_page)
        assert answer.status_code == 302, answer.text
        return httpx.URL(answer.headers["location"])

    async def sign_in(
        self,
        client: httpx.AsyncClient,
        *,
        next_path: str | None = None,
        invitation: str | None = None,
    ) -> httpx.Response:
        """Sign ``client`` in through this provider as :attr:`next_user`: the callback's answer.

        Example::

            provider.next_user = OIDCUser(sub="agent-1", email="a@b.gouv.fr", siret=SIRET)
            response = await provider.sign_in(client)
            assert response.headers["location"] == "/"
        """
        callback = await self.authorize(client, next_path=next_path, invitation=invitation)
        return await client.get(str(callback), follow_redirects=False)

    # What the authorization server's grants call, from the server thread.

    def save_code(self, code: IssuedCode) -> None:
        with self._lock:
            self._codes[code.code] = code

    def take_code(self, code: str, client_id: str) -> IssuedCode | None:
        """The unexpired code issued to ``client_id``; a code is used once."""
        with self._lock:
            found = self._codes.pop(code, None)
        if found is None or found.client_id != client_id:
            return None
        return found if time.time() - found.auth_time < CODE_LIFETIME else None

    def has_nonce(self, nonce: str) -> bool:
        with self._lock:
            return any(code.nonce == nonce for code in self._codes.values())

    def save_token(self, access_token: str, user: OIDCUser) -> None:
        with self._lock:
            self._tokens[access_token] = user

    def token_user(self, access_token: str) -> OIDCUser | None:
        with self._lock:
            return self._tokens.get(access_token)


def _new_key(kid: str | None = None) -> RSAKey:
    """An RS256 signing key; a ``kid`` of its own unless one is given."""
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, auto_kid=True)
    if kid is None:
        return key
    return RSAKey.import_key({**key.as_dict(private=True), "kid": kid})


def _asgi_app(provider: LocalOIDCProvider) -> Litestar:
    server = provider.authorization_server

    @get("/.well-known/openid-configuration")
    async def discovery() -> dict[str, Any]:
        return provider.metadata()

    @get("/jwks")
    async def jwks() -> dict[str, Any]:
        return dict(KeySet([provider.key]).as_dict(private=False))

    @get("/authorize")
    async def authorize(request: Request[Any, Any, Any]) -> Response[bytes]:
        oauth_request = await authlib_request(request)
        try:
            grant = server.get_consent_grant(oauth_request, end_user=provider.next_user)
        except OAuth2Error as error:
            response: Response[bytes] = server.handle_error_response(oauth_request, error)
            return response
        return server.create_authorization_response(  # type: ignore[no-any-return]
            oauth_request, grant_user=provider.next_user, grant=grant
        )

    @post("/token")
    async def token(request: Request[Any, Any, Any]) -> Response[bytes]:
        return server.create_token_response(await authlib_request(request))  # type: ignore[no-any-return]

    @get("/userinfo")
    async def userinfo(request: Request[Any, Any, Any]) -> Response[Any]:
        scheme, _, access_token = request.headers.get("authorization", "").partition(" ")
        user = provider.token_user(access_token) if scheme.lower() == "bearer" else None
        if user is None:
            return Response({"error": "invalid_token"}, status_code=401)
        claims = user.claims()
        if not provider.userinfo_as_jwt:
            return Response(claims)
        signed = provider.sign({**claims, "iss": provider.issuer, "aud": provider.client_id})
        return Response(signed.encode(), media_type="application/jwt")

    @get("/logout")
    async def logout(request: Request[Any, Any, Any]) -> Response[bytes]:
        answer = server.create_endpoint_response("end_session", await authlib_request(request))
        if answer is None:
            return Response(b"Signed out.", media_type="text/plain")
        return answer  # type: ignore[no-any-return]

    return Litestar(route_handlers=[discovery, jwks, authorize, token, userinfo, logout])
