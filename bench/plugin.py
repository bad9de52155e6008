"""The ``bench`` plugin the benchmarks install: a route publishing one event on a topic,
a route enqueueing trivial jobs, the trivial job, and the baseline of meeting joins (a
route that only decodes a JWT and signs a LiveKit token).

It is written against the public plugin API only, like any plugin.
"""

from __future__ import annotations

import uuid
from typing import Annotated, ClassVar

import jwt
import msgspec
from litestar import post
from litestar.params import JSONBody
from livekit.api import AccessToken, VideoGrants
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import (
    Actor,
    CurrentActor,
    DbSession,
    Event,
    Events,
    JobRun,
    Jobs,
    Permission,
    Plugin,
    PluginContext,
)

OWNER_ONLY = ("owner",)


class Pinged(Event, frozen=True):
    name: ClassVar[str] = "bench.ping.sent"
    seq: int
    sent: float
    """``time.monotonic()`` of the publisher when it sent the request."""


class PingIn(msgspec.Struct, forbid_unknown_fields=True):
    topic: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9-]{1,40}$")]
    seq: int
    sent: float


class JobsIn(msgspec.Struct, forbid_unknown_fields=True):
    count: Annotated[int, msgspec.Meta(ge=1, le=1000)]


class JwtIn(msgspec.Struct, forbid_unknown_fields=True):
    token: str


class JwtOut(msgspec.Struct):
    token: str


JWT_KEY, JWT_SECRET = "bench-key", "a-secret-of-the-benchmarks-that-is-long-enough"
"""What the baseline decodes and signs with (and the fake LiveKit of the visio bench
checks)."""


def topic_of(organization_id: uuid.UUID, name: str) -> str:
    return f"bench:topic:{organization_id}:{name}"


@post("/publish", permission="bench.ping.send", status_code=204)
async def publish(
    data: JSONBody[PingIn], db: DbSession, actor: CurrentActor, events: Events
) -> None:
    await events.publish(
        db,
        Pinged(seq=data.seq, sent=data.sent),
        organization_id=actor.organization_id,
        topics=[topic_of(actor.organization_id, data.topic)],
    )


@post("/jobs", permission="bench.ping.send")
async def enqueue_jobs(
    data: JSONBody[JobsIn], db: DbSession, actor: CurrentActor, jobs: Jobs
) -> list[uuid.UUID]:
    return [
        await jobs.enqueue(db, "bench.noop", organization_id=actor.organization_id)
        for _ in range(data.count)
    ]


@post("/jwt", public=True, status_code=200)
async def sign_jwt(data: JSONBody[JwtIn]) -> JwtOut:
    """The least a join could do: decode the caller's JWT, sign a LiveKit token for the
    room it names (no database, no session)."""
    claims = jwt.decode(data.token, JWT_SECRET, algorithms=["HS256"])
    token = (
        AccessToken(JWT_KEY, JWT_SECRET)
        .with_identity(str(claims["sub"]))
        .with_grants(VideoGrants(room_join=True, room=str(claims["room"])))
        .to_jwt()
    )
    return JwtOut(token)


async def noop(job: JobRun) -> None:
    """The trivial job: what remains is the cost of queueing and tracking it."""


async def same_organization(actor: Actor, topic: str, db: AsyncSession) -> bool:
    return topic.split(":")[2] == str(actor.organization_id)


def setup(ctx: PluginContext) -> None:
    ctx.add_permissions(
        Permission(name="bench.ping.send", description="Benchmark load", default_roles=OWNER_ONLY)
    )
    ctx.add_routes(publish, enqueue_jobs, sign_jwt)
    ctx.add_events(Pinged)
    ctx.add_topic("bench:topic", can_subscribe=same_organization)
    ctx.add_job(noop, max_retries=0)


plugin = Plugin(
    id="bench",
    name="Benchmarks",
    description="Load for bench/.",
    requires_api=">=1.0,<2",
    setup=setup,
)
