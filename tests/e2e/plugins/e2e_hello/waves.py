"""Waving at a member of the organization: the ``hello.wave`` notification kind."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import post
from litestar.params import JSONBody

from lasuite.plugins import CurrentActor, DbSession, Notifications, PluginContext

WAVE = "hello.wave"


class WaveIn(msgspec.Struct, forbid_unknown_fields=True):
    user_id: uuid.UUID
    note: Annotated[str, msgspec.Meta(max_length=200)] = "Passez dire bonjour."


@post("/waves", permission="hello.greeting.read", status_code=201)
async def wave(
    data: JSONBody[WaveIn], db: DbSession, actor: CurrentActor, notifier: Notifications
) -> dict[str, int]:
    """Notify ``user_id`` that the caller waves at them."""
    sent = await notifier.notify(
        db,
        [data.user_id],
        kind=WAVE,
        title=f"{actor.display_name} vous fait signe",
        body=data.note,
        link="/hello",
        data={"from": actor.display_name},
        organization_id=actor.organization_id,
    )
    return {"sent": len(sent)}


def add_waves(ctx: PluginContext) -> None:
    ctx.add_notification_kind(WAVE, description="Someone waves at you", default_email=False)
    ctx.add_routes(wave)
