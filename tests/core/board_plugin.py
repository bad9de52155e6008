"""Plugins used by the realtime tests.

``board`` publishes ``board.note.posted`` on room topics (``board:room:<org id>:<name>``,
open to the organization's members, with presence); its ``will`` handler vetoes notes
saying "forbidden", and each note request also creates a team, so that a rollback
shows. Its desk topic (``board:desk:<org id>``) is open to those who may post notes.
``watcher`` depends on it and handles its events, and the core's, too.
"""

from __future__ import annotations

import uuid
from importlib.metadata import EntryPoint
from typing import Annotated, ClassVar

import msgspec
from litestar import get, post
from litestar.params import FromQuery, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import (
    ActionContext,
    Actor,
    CurrentActor,
    DbSession,
    Event,
    EventContext,
    Events,
    Permission,
    Plugin,
    PluginContext,
    Presence,
    Veto,
)
from lasuite.tenancy.models import Team

CALLS: list[tuple[str, str]] = []
"""(handler, note text) of every handler call, in order."""

CORE_EVENTS_SEEN: list[Event] = []
"""The core events the watcher's ``after_commit`` handler got, in order."""


class NotePosted(Event, frozen=True):
    name: ClassVar[str] = "board.note.posted"
    room: str
    text: str


class NotesIn(msgspec.Struct, forbid_unknown_fields=True):
    room: Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9-]{1,40}$")]
    texts: list[str]


def room_topic(organization_id: uuid.UUID, room: str) -> str:
    return f"board:room:{organization_id}:{room}"


async def post_notes(db: AsyncSession, actor: Actor, events: Events, notes: NotesIn) -> str:
    """Create a team (to see the transaction's fate) and publish one event per note."""
    team = f"notes {uuid.uuid4().hex[:12]}"
    db.add(Team(organization_id=actor.organization_id, name=team))
    for text in notes.texts:
        await events.publish(
            db,
            NotePosted(room=notes.room, text=text),
            organization_id=actor.organization_id,
            topics=[room_topic(actor.organization_id, notes.room)],
        )
    return team


@post("/notes", permission="board.note.post", status_code=201)
async def post_notes_route(
    data: JSONBody[NotesIn], db: DbSession, actor: CurrentActor, events: Events
) -> dict[str, str]:
    return {"team": await post_notes(db, actor, events, data)}


@get("/online", permission="board.note.post")
async def list_online(
    actor: CurrentActor, presence: Presence, room: FromQuery[str | None] = None
) -> list[str]:
    """Who is online in the organization, or in a room (through the plugin API)."""
    topic = room_topic(actor.organization_id, room) if room else None
    return sorted(str(u) for u in await presence.online(actor.organization_id, topic=topic))


async def post_notes_action(data: NotesIn, context: ActionContext) -> dict[str, str]:
    return {"team": await post_notes(context.db, context.actor, context.events, data)}


async def refuse_forbidden(event: NotePosted, context: EventContext) -> None:
    CALLS.append(("board.will", event.text))
    if "forbidden" in event.text:
        raise Veto("Notes may not say 'forbidden'.")


async def record_committed(event: NotePosted, context: EventContext) -> None:
    CALLS.append(("board.after_commit", event.text))
    if "boom" in event.text:
        raise RuntimeError("an after_commit handler failing")


async def can_enter_room(actor: Actor, topic: str, db: AsyncSession) -> bool:
    return topic.split(":")[2] == str(actor.organization_id)


def desk_topic(organization_id: uuid.UUID) -> str:
    return f"board:desk:{organization_id}"


async def can_use_desk(actor: Actor, topic: str, db: AsyncSession) -> bool:
    return topic == desk_topic(actor.organization_id) and actor.can("board.note.post")


def setup_board(ctx: PluginContext) -> None:
    ctx.add_permissions(
        Permission(name="board.note.post", description="Post notes", default_roles=("owner",))
    )
    ctx.add_routes(post_notes_route, list_online)
    ctx.add_events(NotePosted)
    ctx.on_event("board.note.posted", handler=refuse_forbidden, phase="will")
    ctx.on_event("board.note.posted", handler=record_committed, phase="after_commit")
    ctx.add_topic("board:room", can_subscribe=can_enter_room, presence=True)
    ctx.add_topic("board:desk", can_subscribe=can_use_desk)
    ctx.add_ws_action(
        "board.post", handler=post_notes_action, permission="board.note.post", data_type=NotesIn
    )


async def watch_will(event: NotePosted, context: EventContext) -> None:
    CALLS.append(("watcher.will", event.text))


async def watch_committed(event: NotePosted, context: EventContext) -> None:
    CALLS.append(("watcher.after_commit", event.text))


async def watch_core(event: Event, context: EventContext) -> None:
    CORE_EVENTS_SEEN.append(event)


def setup_watcher(ctx: PluginContext) -> None:
    ctx.on_event("board.note.posted", handler=watch_will, phase="will")
    ctx.on_event("board.note.posted", handler=watch_committed)
    for name in ("core.plugin.switched", "core.member.changed", "core.grants.changed"):
        ctx.on_event(name, handler=watch_core)


board = Plugin(id="board", name="Board", requires_api=">=1.0,<2", setup=setup_board)
watcher = Plugin(
    id="watcher",
    name="Watcher",
    requires_api=">=1.0,<2",
    depends={"board": ""},
    setup=setup_watcher,
)

# The watcher is listed first: the bus must still call it after the board it depends on.
ENTRY_POINTS = [
    EntryPoint(name="watcher", value="tests.core.board_plugin:watcher", group="lasuite.plugins"),
    EntryPoint(name="board", value="tests.core.board_plugin:board", group="lasuite.plugins"),
]
