"""Chat HTTP routes for incoming webhooks: managing them, and the secret URL itself."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Response, delete, get, post
from litestar.params import FromPath, JSONBody

from lasuite.plugins import Audit, CurrentActor, DbSession, Events
from lasuite_chat import webhooks
from lasuite_chat.models import Webhook
from lasuite_chat.shapes import MessageOut, MessageText

PARTICIPATE = "chat.channel.participate"
HookName = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]


class WebhookIn(msgspec.Struct, forbid_unknown_fields=True):
    name: HookName


class WebhookOut(msgspec.Struct):
    id: uuid.UUID
    channel_id: uuid.UUID
    name: str
    created_at: datetime
    url: str | None = None
    """The secret URL, in the answer that created the webhook only."""

    @classmethod
    def of(cls, hook: Webhook, *, url: str | None = None) -> WebhookOut:
        return cls(
            id=hook.id,
            channel_id=hook.channel_id,
            name=hook.name,
            created_at=hook.created_at,
            url=url,
        )


class HookPost(msgspec.Struct, forbid_unknown_fields=True):
    text: MessageText
    username: HookName | None = None
    """Shown as the sender instead of the webhook's name."""


@post("/channels/{channel_id:uuid}/webhooks", permission=PARTICIPATE)
async def create_webhook(
    channel_id: FromPath[uuid.UUID],
    data: JSONBody[WebhookIn],
    db: DbSession,
    actor: CurrentActor,
    audit: Audit,
) -> WebhookOut:
    """Make an incoming webhook (channel owners); its secret ``url`` is shown this once."""
    hook, secret = await webhooks.create_webhook(db, actor, audit, channel_id, name=data.name)
    return WebhookOut.of(hook, url=webhooks.hook_url(hook, secret))


@get("/channels/{channel_id:uuid}/webhooks", permission=PARTICIPATE)
async def list_webhooks(
    channel_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> list[WebhookOut]:
    """The channel's working webhooks (channel owners), without their secrets."""
    return [WebhookOut.of(h) for h in await webhooks.channel_webhooks(db, actor, channel_id)]


@delete("/channels/{channel_id:uuid}/webhooks/{hook_id:uuid}", permission=PARTICIPATE)
async def revoke_webhook(
    channel_id: FromPath[uuid.UUID],
    hook_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    audit: Audit,
) -> None:
    """Revoke a webhook (channel owners): its URL answers 404 from now on."""
    await webhooks.revoke_webhook(db, actor, audit, channel_id, hook_id)


@post("/hooks/{hook_id:uuid}/{secret:str}", public=True, exclude_from_csrf=True)
async def post_through_webhook(
    hook_id: FromPath[uuid.UUID],
    secret: FromPath[str],
    data: JSONBody[HookPost],
    db: DbSession,
    events: Events,
) -> Response[MessageOut]:
    """Post ``text`` (Markdown) into the webhook's channel; no session or token, the
    secret URL is the credential (404 when it is not valid, 429 past the rate)."""
    message = await webhooks.post_through_webhook(
        db, events, hook_id, secret, text=data.text, username=data.username
    )
    return Response(MessageOut.of(message), status_code=201)


WEBHOOK_ROUTES = (create_webhook, list_webhooks, revoke_webhook, post_through_webhook)
