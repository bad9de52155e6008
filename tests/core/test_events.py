"""The event bus: will handlers in the transaction (veto), after_commit handlers, delivery
to websocket subscribers on every instance, and the rules of declaring events."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, ClassVar

import pytest
from sqlalchemy import select

from lasuite.plugins import Event, PluginContext, PluginError
from lasuite.plugins._context import ServiceDirectory
from lasuite.state import runtime_of
from lasuite.tenancy.models import Team
from lasuite.testing import Member, eventually, open_socket
from tests.core import board_plugin
from tests.core.board_plugin import NotePosted, room_topic
from tests.core.realtime import (  # noqa: F401  (fixtures)
    lasuite_registry,
    lasuite_settings,
    other_instance,
    realtime_backend,
    settings_overrides,
    signed_in,
)
from tests.core.tenancy import app_database

NOTE = "board.note.posted"


@pytest.fixture(autouse=True)
def calls() -> list[tuple[str, str]]:
    board_plugin.CALLS.clear()
    return board_plugin.CALLS


@pytest.fixture
async def owner(lasuite_client, make_member) -> Member:
    return await signed_in(lasuite_client, make_member, "owner")


async def post_notes(client, *texts: str, room: str = "general"):
    return await client.post("/api/v1/board/notes", json={"room": room, "texts": list(texts)})


async def note_teams(app) -> list[str]:
    """The teams the note requests made (one per committed request)."""
    async with app_database(app) as db:
        return list(await db.scalars(select(Team.name).where(Team.name.startswith("notes "))))


async def test_subscribers_get_an_event_once_its_transaction_commits(lasuite_client, owner):
    topic = room_topic(owner.organization_id, "general")
    async with open_socket(lasuite_client) as socket:
        ack = await socket.subscribe(topic)
        response = await post_notes(lasuite_client, "hello")
        event = await socket.next_event(topic, name=NOTE)

    assert response.status_code == 201
    assert event == {
        "op": "event",
        "topic": topic,
        "name": NOTE,
        "data": {"room": "general", "text": "hello"},
        "event_id": event["event_id"],
    }
    assert event["event_id"] > ack["data"]["event_id"]


async def test_will_handlers_run_in_plugin_dependency_order_then_after_commit_ones(
    lasuite_client, owner, calls
):
    await post_notes(lasuite_client, "hello")

    await eventually(lambda: len(calls) == 4, message="four handler calls")
    assert calls[:2] == [("board.will", "hello"), ("watcher.will", "hello")]
    assert sorted(calls[2:]) == [("board.after_commit", "hello"), ("watcher.after_commit", "hello")]


async def test_a_veto_is_a_409_naming_the_reason_and_rolls_the_transaction_back(
    lasuite_app, lasuite_client, owner
):
    vetoed = await post_notes(lasuite_client, "fine", "a forbidden word")
    accepted = await post_notes(lasuite_client, "later")

    assert vetoed.status_code == 409
    assert vetoed.json() == {"error": "vetoed", "detail": "Notes may not say 'forbidden'."}
    assert accepted.status_code == 201
    assert await note_teams(lasuite_app) == [accepted.json()["team"]]


async def test_a_rolled_back_transaction_delivers_nothing_and_runs_no_after_commit_handler(
    lasuite_client, owner, calls
):
    topic = room_topic(owner.organization_id, "general")
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(topic)
        await post_notes(lasuite_client, "fine", "a forbidden word")
        await post_notes(lasuite_client, "later")
        first = await socket.next_event(topic, name=NOTE)
        await eventually(lambda: ("watcher.after_commit", "later") in calls)

    assert first["data"]["text"] == "later"
    assert ("board.will", "fine") in calls
    assert [c for c in calls if c[0].endswith("after_commit")] == [
        ("board.after_commit", "later"),
        ("watcher.after_commit", "later"),
    ]


async def test_a_failing_after_commit_handler_changes_neither_the_response_nor_the_others(
    lasuite_client, owner, calls
):
    response = await post_notes(lasuite_client, "boom")

    assert response.status_code == 201
    await eventually(lambda: ("watcher.after_commit", "boom") in calls)


async def test_plugins_disabled_for_the_organization_get_no_events(lasuite_client, owner, calls):
    switched = await lasuite_client.put(
        "/api/v1/orgs/current/plugins/watcher", json={"enabled": False}
    )
    await post_notes(lasuite_client, "hello")

    await eventually(lambda: ("board.after_commit", "hello") in calls)
    assert switched.status_code == 200
    assert [plugin for plugin, _ in calls] == ["board.will", "board.after_commit"]


async def test_a_websocket_action_publishes_in_its_own_transaction(
    lasuite_app, lasuite_client, owner
):
    topic = room_topic(owner.organization_id, "general")
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(topic)
        refused = await socket.action("board.post", {"room": "general", "texts": ["forbidden"]})
        done = await socket.action("board.post", {"room": "general", "texts": ["from the socket"]})
        event = await socket.next_event(topic, name=NOTE)

    assert (refused["op"], refused["error"]) == ("error", "vetoed")
    assert refused["detail"] == "Notes may not say 'forbidden'."
    assert await note_teams(lasuite_app) == [done["data"]["team"]]
    assert event["data"]["text"] == "from the socket"


class Abandoned(Exception):
    pass


async def publish_in_savepoints(
    client, owner: Member, *steps: tuple[str, str], commit: bool = True
) -> None:
    """In one transaction (committed unless ``commit`` is false), publish a note per
    step: ``("outer", text)`` in the transaction, ``("kept", text)`` in a released
    savepoint, ``("abandoned", text)`` in a savepoint rolled back, ``("kept in
    abandoned", text)`` in a released savepoint inside one rolled back."""
    app = client.app
    topics = [room_topic(owner.organization_id, "general")]

    async def publish(db, text: str) -> None:
        await runtime_of(app.state).realtime.bus.publish(
            db,
            NotePosted(room="general", text=text),
            organization_id=owner.organization_id,
            topics=topics,
        )

    async def run() -> None:
        with contextlib.suppress(Abandoned):
            async with runtime_of(app.state).database.transaction() as db:
                await in_transaction(db)
                if not commit:
                    raise Abandoned()

    async def in_transaction(db) -> None:
        for where, text in steps:
            if where == "outer":
                await publish(db, text)
                continue
            try:
                async with db.begin_nested():
                    if where == "kept in abandoned":
                        async with db.begin_nested():
                            await publish(db, text)
                    else:
                        await publish(db, text)
                    if where != "kept":
                        raise Abandoned()
            except Abandoned:
                pass

    # On the app's event loop, which runs in the test client's thread.
    await asyncio.to_thread(client.blocking_portal.call, run)


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_an_event_published_in_a_rolled_back_savepoint_is_not_delivered(
    lasuite_client, owner, calls
):
    topic = room_topic(owner.organization_id, "general")
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(topic)
        await publish_in_savepoints(
            lasuite_client,
            owner,
            ("outer", "before"),
            ("abandoned", "rolled back"),
            ("kept in abandoned", "released into a rolled back one"),
            ("outer", "after"),
        )
        await publish_in_savepoints(lasuite_client, owner, ("outer", "next transaction"))
        received = await socket.events(3, topic, name=NOTE)
        await eventually(lambda: ("watcher.after_commit", "next transaction") in calls)

    assert [event["data"]["text"] for event in received] == ["before", "after", "next transaction"]
    assert sorted(text for handler, text in calls if handler == "board.after_commit") == [
        "after",
        "before",
        "next transaction",
    ]


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_an_event_published_in_a_released_savepoint_is_delivered_once_committed(
    lasuite_client, owner
):
    topic = room_topic(owner.organization_id, "general")
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(topic)
        await publish_in_savepoints(
            lasuite_client, owner, ("kept", "released, then rolled back"), commit=False
        )
        await publish_in_savepoints(
            lasuite_client, owner, ("kept", "in a savepoint"), ("outer", "after it")
        )
        await publish_in_savepoints(lasuite_client, owner, ("outer", "next transaction"))
        received = await socket.events(3, topic, name=NOTE)

    assert [event["data"]["text"] for event in received] == [
        "in a savepoint",
        "after it",
        "next transaction",
    ]


@pytest.mark.parametrize("realtime_backend", ["redis"])
async def test_a_client_on_one_instance_gets_the_events_published_on_another(
    lasuite_app, lasuite_client, owner
):
    topic = room_topic(owner.organization_id, "general")
    async with other_instance(lasuite_app) as instance_b, open_socket(lasuite_client) as socket:
        await owner.sign_in(instance_b)
        await socket.subscribe(topic)
        published = await post_notes(instance_b, "from instance b")
        event = await socket.next_event(topic, name=NOTE)

    assert published.status_code == 201
    assert event["data"]["text"] == "from instance b"


@pytest.mark.parametrize("realtime_backend", ["redis"])
async def test_every_instance_delivers_an_event_once_to_each_of_its_subscribers(
    lasuite_app, lasuite_client, owner
):
    topic = room_topic(owner.organization_id, "general")
    async with other_instance(lasuite_app) as instance_b:
        await owner.sign_in(instance_b)
        async with open_socket(lasuite_client) as on_a, open_socket(instance_b) as on_b:
            await on_a.subscribe(topic)
            await on_b.subscribe(topic)
            await post_notes(lasuite_client, "one")
            await post_notes(instance_b, "two")
            got_a = await on_a.events(2, topic, name=NOTE)
            got_b = await on_b.events(2, topic, name=NOTE)

    assert [e["data"]["text"] for e in got_a] == ["one", "two"]
    assert got_b == got_a


class Misnamed(Event, frozen=True):
    name: ClassVar[str] = "chat.note.posted"


class Unnamed(Event, frozen=True):
    pass


async def do_nothing(*_: Any) -> None:
    return None


def sync_handler(*_: Any) -> None:
    return None


def board_context() -> PluginContext:
    return PluginContext("board", frozenset(), ServiceDirectory())


@pytest.mark.parametrize(
    ("register", "problem"),
    [
        (lambda ctx: ctx.add_events(Misnamed), "is named 'chat.note.posted'"),
        (lambda ctx: ctx.add_events(Unnamed), "is named None"),
        (lambda ctx: ctx.add_events(dict), "is not an event class"),
        (lambda ctx: ctx.on_event("board.note", handler=do_nothing), "names no event"),
        (lambda ctx: ctx.on_event("board.note.posted", handler=do_nothing, phase="later"), "phase"),
        (
            lambda ctx: ctx.on_event("board.note.posted", handler=sync_handler),
            "not an async function",
        ),
        (
            lambda ctx: ctx.add_topic("chat:room", can_subscribe=do_nothing),
            "outside the plugin's namespace",
        ),
        (
            lambda ctx: ctx.add_ws_action("chat.post", handler=do_nothing),
            "outside the plugin's namespace",
        ),
        (
            lambda ctx: ctx.add_ws_action("board.post", handler=do_nothing, permission="chat.x.y"),
            "permission 'chat.x.y' of another plugin",
        ),
    ],
)
def test_realtime_registrations_outside_the_rules_break_the_plugin(register, problem):
    with pytest.raises(PluginError, match=problem) as broken:
        register(board_context())

    assert broken.value.fix
