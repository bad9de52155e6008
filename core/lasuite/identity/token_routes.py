"""A member's personal API tokens: create (shown once), list, revoke."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request, Router, delete, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, JSONBody

from lasuite.identity.login_attempts import client_ip
from lasuite.identity.models import ApiToken
from lasuite.identity.ratelimit import RATE_LIMITS, hit
from lasuite.identity.tokens import issue_token, list_tokens, revoke_token
from lasuite.plugins import CurrentActor, DbSession
from lasuite.settings import Settings
from lasuite.state import runtime_of

Scope = Annotated[str, msgspec.Meta(min_length=3, max_length=120)]


class TokenIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    scopes: Annotated[list[Scope], msgspec.Meta(min_length=1, max_length=100)]
    """Permission names (``chat.channel.read``) or patterns (``chat.*``) the token may use,
    within what its owner's role allows."""
    expires_in_days: Annotated[int, msgspec.Meta(ge=1, le=365)] = 90


class TokenOut(msgspec.Struct):
    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


class IssuedTokenOut(TokenOut):
    token: str
    """``lst_<prefix>_<secret>``: shown in this response only, never again."""


def _out(record: ApiToken) -> TokenOut:
    return TokenOut(
        id=record.id,
        name=record.name,
        prefix=record.prefix,
        scopes=list(record.scopes),
        created_at=record.created_at,
        expires_at=record.expires_at,
        last_used_at=record.last_used_at,
    )


@post("/", permission="core.token.manage", status_code=201, rate_limited=True)
async def create_token(
    data: JSONBody[TokenIn], request: Request[Any, Any, Any], db: DbSession, actor: CurrentActor
) -> IssuedTokenOut:
    """Create a token acting as the caller in this organization; its secret is shown once."""
    if actor.via == "token":
        raise PermissionDeniedException("An API token cannot create tokens; sign in to do so.")
    settings: Settings = runtime_of(request.app.state).settings
    verdict = await hit(
        request.app.stores.get(RATE_LIMITS),
        f"token-create:{actor.user_id}",
        settings.token_creations_per_hour,
        3600,
    )
    verdict.raise_if_exceeded("Too many tokens created in the last hour; try again later.")
    issued = await issue_token(
        db,
        actor,
        name=data.name,
        scopes=data.scopes,
        permissions=runtime_of(request.app.state).permissions.permissions,
        expires_in_days=data.expires_in_days,
        ip=client_ip(request),
    )
    return IssuedTokenOut(**msgspec.structs.asdict(_out(issued.record)), token=issued.token)


@get("/", permission="core.token.manage")
async def list_my_tokens(db: DbSession, actor: CurrentActor) -> list[TokenOut]:
    """The caller's tokens in this organization that are not revoked (without secrets)."""
    return [_out(record) for record in await list_tokens(db, actor)]


@delete("/{token_id:uuid}", permission="core.token.manage", status_code=204)
async def revoke_my_token(
    token_id: FromPath[uuid.UUID],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
) -> None:
    """Revoke one of the caller's tokens; it stops working at once."""
    await revoke_token(db, actor, token_id, ip=client_ip(request))


tokens_router = Router(
    path="/api/v1/auth/tokens",
    route_handlers=[create_token, list_my_tokens, revoke_my_token],
    tags=["auth"],
)
