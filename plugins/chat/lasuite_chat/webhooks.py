"""Incoming webhooks: a channel's owners make a secret URL that posts into the channel.

The URL is ``/api/v1/chat/hooks/<id>/<secret>``; only the secret's SHA-256 is
stored (the secret has 256 random bits, so a fast hash is enough), so it is shown
once. Posts are counted per calendar minute in the webhook's row; beyond the
organization's ``webhook_posts_per_minute`` setting they are refused with 429.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from datetime import UTC, datetime

from litestar.exceptions import NotFoundException
from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, AuditTrail, EventBus, organization_settings, plugin_enabled
from lasuite_chat.access import OWN, channel_access
from lasuite_chat.models import Channel, Message, Webhook
from lasuite_chat.problems import WebhookBusy
from lasuite_chat.sender_posts import post_as_sender
from lasuite_chat.settings import ChatSettings

HOOKS_PATH = "/api/v1/chat/hooks"


def current_minute() -> int:
    """Minutes since the epoch: the window posts are counted in."""
    return int(time.time()) // 60


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hook_url(hook: Webhook, secret: str) -> str:
    return f"{HOOKS_PATH}/{hook.id}/{secret}"


async def create_webhook(
    db: AsyncSession, actor: Actor, audit: AuditTrail, channel_id: uuid.UUID, *, name: str
) -> tuple[Webhook, str]:
    """A new webhook of the channel (its owners only) and its secret, shown this once;
    the audit log keeps who made it."""
    access = await channel_access(db, actor, channel_id, OWN)
    access.require_named()
    access.require_writable()
    secret = secrets.token_urlsafe(32)
    hook = Webhook(
        organization_id=actor.organization_id,
        channel_id=channel_id,
        name=name,
        secret_hash=hash_secret(secret),
        created_by=actor.user_id,
    )
    db.add(hook)
    await db.flush()
    audit.record(
        db,
        "chat.webhook.created",
        target=str(channel_id),
        data={"name": name, "channel": access.channel.name},
    )
    return hook, secret


async def channel_webhooks(db: AsyncSession, actor: Actor, channel_id: uuid.UUID) -> list[Webhook]:
    """The channel's webhooks that work (not revoked), for its owners."""
    await channel_access(db, actor, channel_id, OWN)
    found = await db.scalars(
        select(Webhook)
        .where(Webhook.channel_id == channel_id, Webhook.revoked_at.is_(None))
        .order_by(Webhook.created_at)
    )
    return list(found)


async def revoke_webhook(
    db: AsyncSession, actor: Actor, audit: AuditTrail, channel_id: uuid.UUID, hook_id: uuid.UUID
) -> None:
    """Make the webhook's URL stop working, for good; the audit log keeps who did."""
    access = await channel_access(db, actor, channel_id, OWN)
    hook = await db.scalar(
        select(Webhook).where(Webhook.id == hook_id, Webhook.channel_id == channel_id)
    )
    if hook is None or hook.revoked_at is not None:
        raise NotFoundException("No such webhook.")
    hook.revoked_at = datetime.now(UTC)
    await db.flush()
    audit.record(
        db,
        "chat.webhook.revoked",
        target=str(channel_id),
        data={"name": hook.name, "channel": access.channel.name},
    )


async def post_through_webhook(
    db: AsyncSession,
    events: EventBus,
    hook_id: uuid.UUID,
    secret: str,
    *,
    text: str,
    username: str | None,
) -> Message:
    """Post ``text`` with the webhook whose secret this is, under ``username`` or its name.

    Every refusal of the URL itself (unknown, wrong secret, revoked, chat disabled in
    its organization) is the same 404, telling nothing to whoever guesses.
    """
    hook = await db.scalar(select(Webhook).where(Webhook.id == hook_id))
    if (
        hook is None
        or hook.revoked_at is not None
        or not hmac.compare_digest(hook.secret_hash, hash_secret(secret))
        or not await plugin_enabled(db, plugin_id="chat", organization_id=hook.organization_id)
    ):
        raise NotFoundException("No such webhook.")
    settings = await organization_settings(
        db, ChatSettings, plugin_id="chat", organization_id=hook.organization_id
    )
    if await _count_post(db, hook) > settings.webhook_posts_per_minute:
        raise WebhookBusy(
            headers={"Retry-After": str(60 - int(time.time()) % 60)},
        )
    channel = await db.get_one(Channel, hook.channel_id)
    return await post_as_sender(db, events, channel, sender_name=username or hook.name, text=text)


async def _count_post(db: AsyncSession, hook: Webhook) -> int:
    """Count one more post in the current minute (a new minute starts at one)."""
    minute = current_minute()
    same = Webhook.window_minute == minute
    count: int = (
        await db.execute(
            update(Webhook)
            .where(Webhook.id == hook.id)
            .values(
                window_count=case((same, Webhook.window_count + 1), else_=1),
                window_minute=minute,
            )
            .returning(Webhook.window_count)
            .execution_options(synchronize_session=False)
        )
    ).scalar_one()
    return count
