"""The relying party of an OpenID Connect provider (ProConnect, Keycloak…).

The provider is described by its discovery document,
``<LASUITE_OIDC_ISSUER>/.well-known/openid-configuration``, read once per app
instance with its signing keys. A sign-in is the authorization code flow with
PKCE (S256), a ``state`` and a ``nonce``:

1. :meth:`OIDCProvider.authorization_request` gives the URL to send the browser
   to, and the secrets the app keeps in its server-side session meanwhile;
2. :meth:`OIDCProvider.verified_identity` exchanges the code the browser brings
   back, verifies the ID token (signature against the provider's keys, issuer,
   audience, expiry, nonce) and adds the UserInfo claims, where ProConnect puts
   the e-mail, the names and the SIRET.

Imported by :func:`lasuite.identity.oidc.configured_provider` only where a provider
is configured.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
from authlib.oauth2.auth import ClientAuth
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
)
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from lasuite.identity.oidc import (
    CALLBACK_PATH,
    AuthorizationRequest,
    ProviderUnavailable,
    SignInRejected,
    VerifiedIdentity,
    logger,
)
from lasuite.settings import Settings
from lasuite.tls import client_tls

_TIMEOUT = httpx.Timeout(10.0)
_LEEWAY = 60
"""Seconds of clock difference with the provider tolerated on ``exp`` and ``iat``."""
_ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
_REQUIRED_METADATA = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")


class OIDCProvider:
    """The configured provider as one app instance sees it; metadata and keys are cached."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None

    async def metadata(self) -> dict[str, Any]:
        """The provider's discovery document, fetched on first use."""
        if self._metadata is None:
            url = self.settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration"
            document = await _get_json(url)
            missing = [key for key in _REQUIRED_METADATA if not document.get(key)]
            if missing:
                raise ProviderUnavailable(f"{url} lacks {', '.join(missing)}")
            if str(document["issuer"]).rstrip("/") != self.settings.oidc_issuer.rstrip("/"):
                raise ProviderUnavailable(f"{url} names another issuer: {document['issuer']}")
            self._metadata = document
        return self._metadata

    async def authorization_request(self) -> AuthorizationRequest:
        """A new authorization URL: code flow, PKCE S256, fresh ``state`` and ``nonce``."""
        metadata = await self.metadata()
        state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        code_verifier = secrets.token_urlsafe(48)
        url = prepare_grant_uri(
            metadata["authorization_endpoint"],
            client_id=self.settings.oidc_client_id,
            response_type="code",
            redirect_uri=self.redirect_uri,
            scope=self.settings.oidc_scopes,
            state=state,
            nonce=nonce,
            code_challenge=create_s256_code_challenge(code_verifier),
            code_challenge_method="S256",
        )
        return AuthorizationRequest(str(url), state, nonce, code_verifier)

    async def verified_identity(
        self, *, code: str, code_verifier: str, nonce: str
    ) -> VerifiedIdentity:
        """Exchange ``code`` for tokens, verify the ID token and read the UserInfo claims.

        Raises :class:`SignInRejected` when any answer of the provider fails a check.
        """
        metadata = await self.metadata()
        async with httpx.AsyncClient(timeout=_TIMEOUT, verify=client_tls()) as http:
            token = await self._exchange(http, metadata, code, code_verifier)
            id_token, access_token = token.get("id_token"), token.get("access_token")
            if not isinstance(id_token, str) or not isinstance(access_token, str):
                raise SignInRejected("token", "The identity provider sent no ID token.")
            claims = await self._id_token_claims(metadata, id_token, nonce, access_token)
            if metadata.get("userinfo_endpoint"):
                claims = await self._with_userinfo(http, metadata, claims, access_token)
        return VerifiedIdentity(issuer=metadata["issuer"], claims=claims, id_token=id_token)

    async def end_session_url(self, id_token: str) -> str | None:
        """The provider's logout URL for this ID token, or None if it offers none."""
        try:
            endpoint = (await self.metadata()).get("end_session_endpoint")
        except ProviderUnavailable:
            logger.warning("OIDC provider unreachable; signing out locally only", exc_info=True)
            return None
        if not endpoint:
            return None
        return _with_query(
            str(endpoint),
            id_token_hint=id_token,
            client_id=self.settings.oidc_client_id,
            post_logout_redirect_uri=f"{self.settings.base_url}/",
            state=secrets.token_urlsafe(16),
        )

    @property
    def redirect_uri(self) -> str:
        return self.settings.base_url + CALLBACK_PATH

    async def _exchange(
        self, http: httpx.AsyncClient, metadata: dict[str, Any], code: str, code_verifier: str
    ) -> dict[str, Any]:
        """The token endpoint's answer to ``code``, the client authenticated by its secret."""
        body = prepare_token_request(
            "authorization_code",
            code=code,
            redirect_uri=self.redirect_uri,
            code_verifier=code_verifier,
        )
        supported = metadata.get("token_endpoint_auth_methods_supported") or []
        basic = "client_secret_basic"
        client = ClientAuth(
            self.settings.oidc_client_id,
            self.settings.oidc_client_secret.get_secret_value(),
            basic if basic in supported or not supported else "client_secret_post",
        )
        url, headers, body = client.prepare(
            "POST",
            metadata["token_endpoint"],
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
            body,
        )
        try:
            response = await http.post(url, headers=headers, content=body)
        except httpx.HTTPError as error:
            raise ProviderUnavailable(f"token endpoint: {error}") from error
        if response.status_code >= 500:
            raise ProviderUnavailable(f"token endpoint answered {response.status_code}")
        try:
            token = response.json()
        except ValueError:
            token = None
        if response.status_code != 200 or not isinstance(token, dict):
            answer = token if isinstance(token, dict) else {}
            problem = answer.get("error_description") or answer.get("error") or response.status_code
            raise SignInRejected(
                "token", f"The identity provider did not accept the sign-in code: {problem}"
            )
        return token

    async def _id_token_claims(
        self, metadata: dict[str, Any], id_token: str, nonce: str, access_token: str
    ) -> dict[str, Any]:
        client_id = self.settings.oidc_client_id
        token = await self._verified_jwt(
            metadata, id_token, metadata.get("id_token_signing_alg_values_supported"), "ID token"
        )
        claims = CodeIDToken(
            token.claims,
            token.header,
            {"iss": {"essential": True, "value": metadata["issuer"]}, "aud": {"value": client_id}},
            {"nonce": nonce, "client_id": client_id, "access_token": access_token},
        )
        try:
            claims.validate(leeway=_LEEWAY)
        except ExpiredTokenError as error:
            raise SignInRejected("id_token", "The ID token has expired.") from error
        except ClaimError as error:
            raise SignInRejected("id_token", _claim_problem(error.claim)) from error
        except JoseError as error:
            raise SignInRejected("id_token", f"The ID token is invalid: {error}") from error
        return dict(token.claims)

    async def _with_userinfo(
        self,
        http: httpx.AsyncClient,
        metadata: dict[str, Any],
        claims: dict[str, Any],
        access_token: str,
    ) -> dict[str, Any]:
        """``claims`` completed by the UserInfo endpoint's (JSON, or a JWT as ProConnect's)."""
        try:
            response = await http.get(
                metadata["userinfo_endpoint"],
                headers={
                    "Authorization": f"Bearer {access_token}",
                    "Accept": "application/json, application/jwt",
                },
            )
            response.raise_for_status()
        except httpx.HTTPError as error:
            raise SignInRejected(
                "userinfo", f"The identity provider's UserInfo failed: {error}"
            ) from error
        if response.headers.get("content-type", "").startswith("application/jwt"):
            info = await self._signed_userinfo(metadata, response.text)
        else:
            try:
                info = response.json()
            except ValueError:
                info = None
        if not isinstance(info, dict) or info.get("sub") != claims["sub"]:
            raise SignInRejected(
                "userinfo", "The UserInfo claims are not about the signed-in user."
            )
        return {**claims, **info, "sub": claims["sub"]}

    async def _signed_userinfo(self, metadata: dict[str, Any], value: str) -> dict[str, Any]:
        algorithms = metadata.get("userinfo_signing_alg_values_supported") or metadata.get(
            "id_token_signing_alg_values_supported"
        )
        token = await self._verified_jwt(metadata, value, algorithms, "UserInfo")
        registry = jwt.JWTClaimsRegistry(
            leeway=_LEEWAY,
            iss={"value": metadata["issuer"]},
            aud={"value": self.settings.oidc_client_id},
        )
        try:
            registry.validate(token.claims)
        except ClaimError as error:
            raise SignInRejected("userinfo", _claim_problem(error.claim, "UserInfo")) from error
        return dict(token.claims)

    async def _verified_jwt(
        self, metadata: dict[str, Any], value: str, algorithms: object, what: str
    ) -> jwt.Token:
        """``value`` with a valid signature by one of the provider's keys.

        An unknown key id makes the keys be fetched again once: the provider rotated them.
        """
        allowed = _signing_algorithms(algorithms)
        registry = JWSRegistry(algorithms=allowed, strict_check_header=False)
        try:
            try:
                return jwt.decode(value, await self._key_set(metadata), registry=registry)
            except InvalidKeyIdError:
                fresh = await self._key_set(metadata, refresh=True)
                return jwt.decode(value, fresh, registry=registry)
        except (BadSignatureError, InvalidKeyIdError) as error:
            raise SignInRejected(
                "signature", f"The {what}'s signature does not match the identity provider's keys."
            ) from error
        except JoseError as error:
            raise SignInRejected("signature", f"The {what} is malformed: {error}") from error

    async def _key_set(self, metadata: dict[str, Any], *, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            document = await _get_json(str(metadata["jwks_uri"]))
            try:
                self._keys = KeySet.import_key_set(document)  # type: ignore[arg-type]
            except (JoseError, KeyError, TypeError, ValueError) as error:
                raise ProviderUnavailable(f"unusable JWKS at {metadata['jwks_uri']}") from error
        return self._keys


async def _get_json(url: str) -> dict[str, Any]:
    try:
        async with httpx.AsyncClient(timeout=_TIMEOUT, verify=client_tls()) as http:
            response = await http.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            document = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise ProviderUnavailable(f"cannot read {url}: {error}") from error
    if not isinstance(document, dict):
        raise ProviderUnavailable(f"{url} is not a JSON object")
    return document


def _signing_algorithms(advertised: object) -> list[str]:
    """The advertised signing algorithms that use a public key (never ``none`` or HMAC)."""
    names = advertised if isinstance(advertised, list) else ["RS256"]
    return [name for name in names if name in _ASYMMETRIC_ALGORITHMS] or ["RS256"]


def _claim_problem(claim: str, what: str = "ID token") -> str:
    problems = {
        "iss": f"The {what} was issued by another provider.",
        "aud": f"The {what} was issued for another client.",
        "nonce": f"The {what}'s nonce does not match this sign-in.",
    }
    return problems.get(claim, f"The {what}'s claim '{claim}' is missing or invalid.")


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query), *params.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))
