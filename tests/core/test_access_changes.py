"""The core's access events (plugin switched, member changed, grants changed), and open
websockets following them on every instance: closed for a removed member, subscriptions
the member may no longer have ended with an ``unsubscribed`` frame."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from litestar.types import Receive, Scope, Send

from lasuite.identity.actors import load_actor
from lasuite.permissions.actor import Actor
from lasuite.plugins import GrantsChanged, MemberChanged, PluginSwitched
from lasuite.realtime import frames
from lasuite.state import runtime_of
from lasuite.tenancy.organizations import add_member
from lasuite.testing import AppSocket, Member, another_client, eventually, open_socket
from tests.core import board_plugin
from tests.core.board_plugin import desk_topic, room_topic
from tests.core.realtime import (  # noqa: F401  (fixtures)
    lasuite_registry,
    lasuite_settings,
    other_instance,
    realtime_backend,
    settings_overrides,
    signed_in,
)

MEMBERS = "/api/v1/orgs/current/members"
PLUGINS = "/api/v1/orgs/current/plugins"
ROLES = "/api/v1/orgs/current/roles"
MARKER = "test.marker"


@pytest.fixture(autouse=True)
def core_events_seen() -> list[Any]:
    board_plugin.CORE_EVENTS_SEEN.clear()
    return board_plugin.CORE_EVENTS_SEEN


@pytest.fixture
async def owner(lasuite_client, make_member) -> Member:
    return await signed_in(lasuite_client, make_member, "owner")


@pytest.fixture
def member_browser(lasuite_client):
    return another_client(lasuite_client)


def org_topic(member: Member) -> str:
    return f"core:org:{member.organization_id}"


async def switch(client, plugin_id: str, *, enabled: bool) -> None:
    response = await client.put(f"{PLUGINS}/{plugin_id}", json={"enabled": enabled})
    assert response.status_code == 200, response.text


async def set_grant(client, role: str, permission: str, *, granted: bool) -> None:
    response = await client.put(
        f"{ROLES}/{role}/permissions/{permission}", json={"granted": granted}
    )
    assert response.status_code == 200, response.text


async def frames_before_marker(
    client, socket: AppSocket, member: Member, *topics: str
) -> list[str]:
    """Publish a note on each of ``topics``, then a marker on the organization's topic
    (straight to the fan-out, whatever the plugins); the topics of the notes ``socket``
    received before the marker."""
    fanout = runtime_of(client.app.state).realtime.fanout

    async def publish(topic: str, name: str) -> None:
        frame = frames.event(topic, name, {"text": "late"})
        # On the app's event loop, which runs in the test client's thread.
        await asyncio.to_thread(client.blocking_portal.call, fanout.publish, topic, frame)

    for topic in topics:
        await publish(topic, "board.note.posted")
    await publish(org_topic(member), MARKER)
    received = []
    while (frame := await socket.next_event())["name"] != MARKER:
        if frame["name"] == "board.note.posted":
            received.append(frame["topic"])
    return received


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_switching_a_plugin_is_published_to_the_organization(lasuite_client, owner):
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(org_topic(owner))
        await switch(lasuite_client, "watcher", enabled=False)
        disabled = await socket.next_event(org_topic(owner), name=PluginSwitched.name)
        await switch(lasuite_client, "watcher", enabled=True)
        enabled = await socket.next_event(org_topic(owner), name=PluginSwitched.name)

    assert disabled["data"] == {"plugin_id": "watcher", "enabled": False}
    assert enabled["data"] == {"plugin_id": "watcher", "enabled": True}


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_a_role_change_is_published_to_the_organization_and_the_member(
    lasuite_client, owner, make_member, member_browser
):
    member = await make_member(role="member")
    await member.sign_in(member_browser)
    user_topic = f"core:user:{member.user_id}"
    async with open_socket(lasuite_client) as admin_socket, open_socket(member_browser) as socket:
        await admin_socket.subscribe(org_topic(owner))
        await socket.subscribe(user_topic)
        response = await lasuite_client.patch(f"{MEMBERS}/{member.user_id}", json={"role": "admin"})
        to_org = await admin_socket.next_event(org_topic(owner), name=MemberChanged.name)
        to_member = await socket.next_event(user_topic, name=MemberChanged.name)

    assert response.status_code == 200
    assert to_org["data"] == {"user_id": str(member.user_id), "role": "admin"}
    assert to_member["data"] == to_org["data"]


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_a_grant_change_is_published_to_the_organization(lasuite_client, owner):
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(org_topic(owner))
        await set_grant(lasuite_client, "member", "board.note.post", granted=True)
        event = await socket.next_event(org_topic(owner), name=GrantsChanged.name)

    assert event["data"] == {"role": "member"}


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_plugins_handle_the_core_events(lasuite_client, owner, make_member, core_events_seen):
    member = await make_member(role="member")

    await set_grant(lasuite_client, "guest", "board.note.post", granted=True)
    await lasuite_client.delete(f"{MEMBERS}/{member.user_id}")

    await eventually(lambda: len(core_events_seen) == 2)
    assert core_events_seen == [
        GrantsChanged(role="guest"),
        MemberChanged(user_id=member.user_id, role=None),
    ]


async def test_a_removed_members_socket_is_closed(
    lasuite_client, owner, make_member, member_browser
):
    member = await make_member(role="member")
    await member.sign_in(member_browser)
    async with open_socket(member_browser) as socket:
        await socket.subscribe(f"core:user:{member.user_id}")
        response = await lasuite_client.delete(f"{MEMBERS}/{member.user_id}")
        told = await socket.next_event(name=MemberChanged.name)
        code = await socket.closed()

    assert response.status_code == 204
    assert told["data"] == {"user_id": str(member.user_id), "role": None}
    assert code == 4403


class OpenedWith:
    """An ASGI wrapper opening websockets as ``actor``: the actor their request loaded
    before a change the test makes, as when a change commits while a socket opens."""

    def __init__(self, app: Litestar, actor: Actor | None = None) -> None:
        self.app = app
        self.actor = actor

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            scope.setdefault("state", {})["lasuite_actor"] = self.actor
        await self.app(scope, receive, send)


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_a_socket_opening_as_a_member_removed_meanwhile_is_closed(
    lasuite_app, make_member, lasuite_database
):
    owner = await make_member(role="owner")
    member = await make_member(role="member")
    async with lasuite_database.sessions() as db:
        loaded = await load_actor(
            db, runtime_of(lasuite_app.state), member.user_id, member.organization_id
        )
    async with AsyncTestClient(app=OpenedWith(lasuite_app, loaded)) as client:
        await owner.sign_in(client)
        removed = await client.delete(f"{MEMBERS}/{member.user_id}")
        async with open_socket(client) as socket:
            code = await socket.closed()

    assert removed.status_code == 204
    assert code == 4403


@pytest.mark.parametrize("realtime_backend", ["redis"])
async def test_a_removed_members_socket_on_another_instance_is_closed(
    lasuite_app, lasuite_client, owner, make_member
):
    member = await make_member(role="member")
    async with other_instance(lasuite_app) as elsewhere:
        await member.sign_in(elsewhere)
        async with open_socket(elsewhere) as socket:
            await socket.request("ping")  # the connection is registered
            await lasuite_client.delete(f"{MEMBERS}/{member.user_id}")
            code = await socket.closed()

    assert code == 4403


async def test_disabling_a_plugin_ends_the_subscriptions_to_its_topics(
    lasuite_client, owner, make_member, member_browser
):
    member = await make_member(role="member")
    await member.sign_in(member_browser)
    room = room_topic(member.organization_id, "general")
    async with open_socket(member_browser) as socket:
        await socket.subscribe(org_topic(member))
        await socket.subscribe(room)
        await switch(lasuite_client, "watcher", enabled=False)
        await switch(lasuite_client, "board", enabled=False)
        ended = await _next_op(socket, "unsubscribed")
        later = await frames_before_marker(lasuite_client, socket, member, room)

    assert ended["topic"] == room
    assert ended["reason"] == "plugin_disabled"
    assert "board" in ended["detail"]
    assert later == []


async def test_withdrawing_a_grant_ends_the_subscriptions_it_allowed(
    lasuite_client, owner, make_member, member_browser
):
    admin = await make_member(role="admin")
    await set_grant(lasuite_client, "admin", "board.note.post", granted=True)
    await admin.sign_in(member_browser)
    desk, room = desk_topic(admin.organization_id), room_topic(admin.organization_id, "general")
    async with open_socket(member_browser) as socket:
        await socket.subscribe(org_topic(admin))
        subscribed = await socket.subscribe(desk)
        await socket.subscribe(room)
        await set_grant(lasuite_client, "admin", "board.note.post", granted=False)
        ended = await _next_op(socket, "unsubscribed")
        later = await frames_before_marker(lasuite_client, socket, admin, desk, room)
        still_connected = await socket.request("ping")

    assert subscribed["op"] == "ack"
    assert (ended["topic"], ended["reason"]) == (desk, "forbidden")
    assert later == [room]
    assert still_connected["op"] == "pong"


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_a_demoted_member_loses_what_the_role_allowed_and_keeps_the_rest(
    lasuite_client, owner, make_member, member_browser
):
    admin = await make_member(role="admin")
    await set_grant(lasuite_client, "admin", "board.note.post", granted=True)
    await admin.sign_in(member_browser)
    desk = desk_topic(admin.organization_id)
    async with open_socket(member_browser) as socket:
        await socket.subscribe(desk)
        await lasuite_client.patch(f"{MEMBERS}/{admin.user_id}", json={"role": "member"})
        ended = await _next_op(socket, "unsubscribed")
        refused = await socket.action("board.post", {"room": "general", "texts": ["hi"]})
        again = await socket.subscribe(desk)

    assert (ended["topic"], ended["reason"]) == (desk, "forbidden")
    assert (refused["op"], refused["error"]) == ("error", "forbidden")
    assert (again["op"], again["error"]) == ("error", "forbidden")


async def _next_op(socket: AppSocket, op: str) -> dict[str, Any]:
    while (frame := await socket.next_frame())["op"] != op:
        pass
    return frame


async def current_session(client) -> str:
    listed = (await client.get("/api/v1/auth/sessions")).json()
    return next(session["id"] for session in listed if session["current"])


async def test_a_session_signed_out_from_another_device_closes_its_socket(
    lasuite_client, make_member, member_browser
):
    member = await make_member(role="member")
    await member.sign_in(member_browser)
    await member.sign_in(lasuite_client)
    phone = await current_session(member_browser)
    async with (
        open_socket(member_browser) as phones,
        open_socket(lasuite_client) as this_one,
    ):
        await phones.request("ping")  # both connections are registered
        await this_one.request("ping")
        ended = await lasuite_client.delete(f"/api/v1/auth/sessions/{phone}")
        code = await phones.closed()
        still = await this_one.request("ping")

    assert ended.status_code == 204
    assert code == 4401
    assert still is not None


@pytest.mark.parametrize("realtime_backend", ["redis"])
async def test_signing_out_everywhere_else_closes_the_sockets_of_every_organization(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    member = await make_member(role="member")
    org_b = await make_member.organization("org-b")
    async with lasuite_database.transaction() as db:
        await add_member(db, organization_id=org_b.id, user_id=member.user_id, role="member")
    in_org_b = replace(member, organization_id=org_b.id, organization_slug=org_b.slug)
    async with other_instance(lasuite_app) as elsewhere:
        await in_org_b.sign_in(elsewhere)
        await member.sign_in(lasuite_client)
        async with open_socket(elsewhere) as other:
            await other.request("ping")
            ended = await lasuite_client.post("/api/v1/auth/sessions/end-others")
            code = await other.closed()

    assert ended.status_code == 204
    assert code == 4401


async def test_the_session_that_signs_the_others_out_keeps_its_socket(
    lasuite_client, make_member, member_browser
):
    member = await make_member(role="member")
    await member.sign_in(member_browser)
    await member.sign_in(lasuite_client)
    async with (
        open_socket(member_browser) as other,
        open_socket(lasuite_client) as this_one,
    ):
        await other.request("ping")
        await this_one.request("ping")
        # The user's epoch moves on; this session goes on under the new one.
        ended = await lasuite_client.post("/api/v1/auth/sessions/end-others")
        code = await other.closed()
        still = await this_one.request("ping")

    assert ended.status_code == 204
    assert code == 4401
    assert still is not None
