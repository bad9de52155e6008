"""A plugin used by the notification tests: two kinds, a route that sends them, a job
that sends them later, and an event handler telling members their new role."""

from __future__ import annotations

import uuid
from importlib.metadata import EntryPoint

import msgspec
from litestar import post
from litestar.params import JSONBody

from lasuite.plugins import (
    ORG_ROLES,
    CurrentActor,
    DbSession,
    EventContext,
    JobRun,
    Jobs,
    MemberChanged,
    Notifications,
    Permission,
    Plugin,
    PluginContext,
)

PING = "alerts.ping"
"""E-mailed unless the user says otherwise."""
DIGEST = "alerts.digest"
"""Not e-mailed unless the user asks for it."""


class AlertIn(msgspec.Struct):
    user_ids: list[uuid.UUID]
    kind: str = PING
    title: str = "Ping"
    body: str = ""
    link: str = ""


@post("/send", permission="alerts.alert.send", status_code=201)
async def send_alert(
    data: JSONBody[AlertIn], db: DbSession, actor: CurrentActor, notifier: Notifications
) -> dict[str, list[str]]:
    stored = await notifier.notify(
        db,
        data.user_ids,
        kind=data.kind,
        title=data.title,
        body=data.body,
        link=data.link,
        organization_id=actor.organization_id,
    )
    return {"ids": [str(notification_id) for notification_id in stored]}


class ReminderIn(msgspec.Struct):
    user_id: uuid.UUID
    title: str


@post("/remind", permission="alerts.alert.send", status_code=201)
async def remind_later(
    data: JSONBody[ReminderIn], db: DbSession, actor: CurrentActor, jobs: Jobs
) -> dict[str, str]:
    job_id = await jobs.enqueue(
        db,
        "alerts.remind",
        organization_id=actor.organization_id,
        user_id=str(data.user_id),
        title=data.title,
    )
    return {"job": str(job_id)}


async def remind(job: JobRun, *, user_id: str, title: str) -> None:
    await job.notifier.notify(
        None, [uuid.UUID(user_id)], kind=PING, title=title, organization_id=job.organization_id
    )


async def tell_the_new_role(event: MemberChanged, context: EventContext) -> None:
    if event.role is not None:
        await context.notifier.notify(
            None,
            [event.user_id],
            kind=PING,
            title=f"You are now {event.role}",
            organization_id=context.organization_id,
        )


def setup(ctx: PluginContext) -> None:
    ctx.add_permissions(
        Permission(name="alerts.alert.send", description="Send alerts", default_roles=ORG_ROLES)
    )
    ctx.add_notification_kind(
        PING,
        description="Someone pinged you",
        descriptions={"fr": "On vous a fait signe"},
        default_email=True,
    )
    ctx.add_notification_kind(DIGEST, description="A digest of the day", default_email=False)
    ctx.add_routes(send_alert, remind_later)
    ctx.add_job(remind)
    ctx.on_event("core.member.changed", handler=tell_the_new_role)


plugin = Plugin(id="alerts", name="Alerts", requires_api=">=1.0,<2", setup=setup)

ENTRY_POINT = EntryPoint(
    name="alerts", value="tests.core.notify_plugin:plugin", group="lasuite.plugins"
)
