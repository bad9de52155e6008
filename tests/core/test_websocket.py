"""The app websocket: who may open it, subscribing, actions, limits, slow clients, resume."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.exceptions import WebSocketDisconnect
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from lasuite.realtime.connection import MAX_TOPICS
from lasuite.realtime.frames import Close
from lasuite.state import runtime_of
from lasuite.testing import AppSocket, Member, open_socket, require_service
from lasuite.testing.socket_session import WaitingSession
from tests.core.board_plugin import room_topic
from tests.core.realtime import (  # noqa: F401  (fixtures)
    REDIS_ENV,
    STALL_HEADER,
    StalledNetwork,
    lasuite_registry,
    lasuite_settings,
    realtime_backend,
    settings_overrides,
    signed_in,
)


@pytest.fixture
async def owner(lasuite_client, make_member) -> Member:
    return await signed_in(lasuite_client, make_member, "owner")


async def post_notes(client, room: str, *texts: str):
    response = await client.post("/api/v1/board/notes", json={"room": room, "texts": list(texts)})
    assert response.status_code == 201, response.text
    return response


NOTE = "board.note.posted"


def texts(events: list[dict[str, Any]]) -> list[str]:
    return [event["data"]["text"] for event in events]


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_anonymous_clients_are_told_to_sign_in(lasuite_client):
    async with open_socket(lasuite_client) as socket:
        code = await socket.closed()

    assert code == 4401


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_a_bad_api_token_is_told_to_sign_in(lasuite_client):
    headers = {"authorization": "Bearer lst_0000_not-a-token"}
    async with open_socket(lasuite_client, headers=headers) as socket:
        code = await socket.closed()

    assert code == 4401


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_members_without_the_right_to_connect_are_refused(lasuite_client, make_member):
    await signed_in(lasuite_client, make_member, "owner")
    member = await make_member(role="member")
    withdrawn = await lasuite_client.put(
        "/api/v1/orgs/current/roles/member/permissions/core.realtime.connect",
        json={"granted": False},
    )
    await member.sign_in(lasuite_client)

    async with open_socket(lasuite_client) as socket:
        code = await socket.closed()

    assert withdrawn.status_code == 200
    assert code == 4403


@pytest.mark.parametrize("realtime_backend", ["memory"])
@pytest.mark.parametrize(
    "origin",
    [
        "https://elsewhere.example",
        "http://testserver.local:8080",  # another port of the same host
        "https://testserver.local",  # the same host over another scheme
        "null",
        "http://testserver.local.elsewhere.example",
    ],
)
async def test_another_site_cannot_open_the_socket_in_a_members_name(lasuite_client, owner, origin):
    with pytest.raises(WebSocketDisconnect) as refused:
        async with open_socket(lasuite_client, headers={"origin": origin}):
            pass

    assert refused.value.code == 4403


@pytest.mark.parametrize("realtime_backend", ["memory"])
@pytest.mark.parametrize("origin", ["http://testserver.local", "http://TestServer.local:80"])
async def test_the_workspace_page_may_open_the_socket(lasuite_client, owner, origin):
    async with open_socket(lasuite_client, headers={"origin": origin}) as socket:
        reply = await socket.request("ping")

    assert reply == {"op": "pong", "id": 1}


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_a_member_subscribes_to_their_user_and_organization_topics(lasuite_client, owner):
    async with open_socket(lasuite_client) as socket:
        user = await socket.subscribe(f"core:user:{owner.user_id}")
        org = await socket.subscribe(f"core:org:{owner.organization_id}")

    assert user["op"] == "ack"
    assert user["ok"] is True
    assert user["data"]["topic"] == f"core:user:{owner.user_id}"
    assert org["op"] == "ack"


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_topics_of_another_organization_or_user_are_refused(
    lasuite_client, owner, make_member
):
    stranger = await make_member(role="owner", organization="org-b")
    colleague = await make_member(role="member")

    async with open_socket(lasuite_client) as socket:
        replies = [
            await socket.subscribe(topic)
            for topic in (
                f"core:org:{stranger.organization_id}",
                room_topic(stranger.organization_id, "general"),
                f"core:user:{colleague.user_id}",
                "nothing:here",
                "not a topic",
            )
        ]

    assert [(reply["op"], reply["error"]) for reply in replies] == [
        ("error", "forbidden"),
        ("error", "forbidden"),
        ("error", "forbidden"),
        ("error", "forbidden"),
        ("error", "bad_request"),
    ]


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_a_malformed_frame_is_answered_with_an_error_and_the_socket_stays_open(
    lasuite_client, owner
):
    async with open_socket(lasuite_client) as socket:
        await socket.send_raw("{not json")
        broken = await socket.next_frame()
        await socket.send(op="dance")
        unknown = await socket.next_frame()
        pong = await socket.request("ping")

    assert (broken["op"], broken["error"]) == ("error", "bad_request")
    assert (unknown["op"], unknown["error"]) == ("error", "bad_request")
    assert pong["op"] == "pong"


@pytest.mark.parametrize("realtime_backend", ["memory"])
@pytest.mark.parametrize("settings_overrides", [{"ws_max_frame_bytes": 1024}])
async def test_a_frame_too_big_closes_the_socket(lasuite_client, owner):
    async with open_socket(lasuite_client) as socket:
        await socket.send(op="action", name="board.post", data={"room": "x", "texts": ["a" * 2000]})
        code = await socket.closed()

    assert code == 1009


@pytest.mark.parametrize("realtime_backend", ["memory"])
@pytest.mark.parametrize("settings_overrides", [{"ws_max_messages_per_second": 5}])
async def test_too_many_messages_close_the_socket(lasuite_client, owner):
    async with open_socket(lasuite_client) as socket:
        for _ in range(20):
            await socket.send(op="ping")
        code = await socket.closed()

    assert code == 4429


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_a_page_may_subscribe_to_as_many_topics_as_it_may_hold_at_once(lasuite_client, owner):
    # A sidebar of many channels subscribes to each of them as the page opens.
    rooms = [room_topic(owner.organization_id, f"salle-{i}") for i in range(MAX_TOPICS + 1)]
    async with open_socket(lasuite_client) as socket:
        for number, topic in enumerate(rooms[:-1], start=1000):
            await socket.send(op="subscribe", id=number, topic=topic)
        one_more = await socket.subscribe(rooms[-1])
        acks: list[int] = []
        while len(acks) < MAX_TOPICS:  # among the rooms' presence events
            frame = await socket.next_frame()
            if frame["op"] == "ack":
                acks.append(frame["id"])

    assert acks == list(range(1000, 1000 + MAX_TOPICS))
    assert one_more["error"] == "too_many_topics"


@pytest.mark.parametrize("realtime_backend", ["memory"])
@pytest.mark.parametrize("settings_overrides", [{"ws_max_messages_per_second": 5}])
async def test_a_flood_of_subscriptions_closes_the_socket(lasuite_client, owner):
    topic = room_topic(owner.organization_id, "salle")
    async with open_socket(lasuite_client) as socket:
        for number in range(MAX_TOPICS + 20):
            await socket.send(op="subscribe", id=number, topic=topic)
        code = await socket.closed()

    assert code == 4429


@pytest.mark.parametrize("realtime_backend", ["memory"])
@pytest.mark.parametrize(
    "settings_overrides", [{"ws_heartbeat_seconds": 0.05, "ws_idle_timeout_seconds": 0.3}]
)
async def test_a_silent_client_is_disconnected(lasuite_client, owner):
    async with open_socket(lasuite_client, answer_pings=False) as socket:
        code = await socket.closed()

    assert code == 4408


@pytest.mark.parametrize("realtime_backend", ["memory"])
@pytest.mark.parametrize(
    "settings_overrides", [{"ws_heartbeat_seconds": 0.05, "ws_idle_timeout_seconds": 0.3}]
)
async def test_a_client_answering_the_heartbeat_stays_connected(lasuite_client, owner):
    async with open_socket(lasuite_client, answer_pings=False) as socket:
        pings = []
        for _ in range(10):  # 10 heartbeats last longer than the idle timeout
            pings.append(await socket.next_frame())
            await socket.send(op="pong")
        pong = await socket.request("ping")

    assert pings == [{"op": "ping"}] * 10
    assert pong["op"] == "pong"


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_an_action_is_answered_with_its_result(lasuite_client, owner):
    async with open_socket(lasuite_client) as socket:
        reply = await socket.action("board.post", {"room": "general", "texts": ["hi"]})

    assert reply["op"] == "ack"
    assert reply["ok"] is True
    assert reply["data"]["team"].startswith("notes ")


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_actions_refused_say_why(lasuite_client, make_member):
    member = await make_member(role="member")  # may not post notes
    await member.sign_in(lasuite_client)

    async with open_socket(lasuite_client) as socket:
        unknown = await socket.action("board.nothing", {})
        forbidden = await socket.action("board.post", {"room": "general", "texts": ["hi"]})

    assert (unknown["op"], unknown["error"]) == ("error", "not_found")
    assert (forbidden["op"], forbidden["error"]) == ("error", "forbidden")


@pytest.mark.parametrize("realtime_backend", ["memory"])
async def test_action_data_is_validated(lasuite_client, owner):
    async with open_socket(lasuite_client) as socket:
        reply = await socket.action("board.post", {"room": "Not A Room!", "texts": []})

    assert (reply["op"], reply["error"]) == ("error", "invalid_input")
    assert "room" in reply["detail"]


async def test_an_unsubscribed_topic_sends_nothing_more(lasuite_client, owner):
    left, kept = (
        room_topic(owner.organization_id, "left"),
        room_topic(owner.organization_id, "kept"),
    )
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(left)
        await socket.subscribe(kept)
        await socket.request("unsubscribe", topic=left)
        await post_notes(lasuite_client, "left", "not for me")
        await post_notes(lasuite_client, "kept", "for me")
        event = await socket.next_event(name=NOTE)

    assert (event["topic"], event["data"]["text"]) == (kept, "for me")


@pytest.mark.parametrize("settings_overrides", [{"ws_send_queue": 8}])
async def test_a_slow_client_is_disconnected_while_a_fast_one_keeps_receiving(
    lasuite_app, make_member
):
    owner = await make_member(role="owner")
    topic = room_topic(owner.organization_id, "busy")
    async with AsyncTestClient(app=StalledNetwork(lasuite_app)) as client:
        await owner.sign_in(client)
        async with (
            open_socket(client) as fast,
            open_socket(client, headers={STALL_HEADER: "stalled"}) as slow,
        ):
            await fast.subscribe(topic)
            subscribed = await slow.subscribe(topic)  # the last frame the slow one gets
            await post_notes(client, "busy", *(f"note {i}" for i in range(30)))
            received = await fast.events(30, topic, name=NOTE)
            code = await slow.closed()

    assert subscribed["op"] == "ack"
    assert texts(received) == [f"note {i}" for i in range(30)]
    assert code == 4008


async def test_a_reconnecting_client_gets_the_events_it_missed_in_order_once(lasuite_client, owner):
    topic = room_topic(owner.organization_id, "general")
    async with open_socket(lasuite_client) as first:
        await first.subscribe(topic)
        await post_notes(lasuite_client, "general", "one", "two")
        seen = await first.events(2, topic, name=NOTE)
    await post_notes(lasuite_client, "general", "three", "four")
    await post_notes(lasuite_client, "general", "five")

    async with open_socket(lasuite_client) as second:
        resumed = await second.subscribe(topic, since=seen[-1]["event_id"])
        await post_notes(lasuite_client, "general", "six")
        await post_notes(lasuite_client, "general", "seven")
        after = await second.events(5, topic, name=NOTE)

    assert texts(seen) == ["one", "two"]
    assert resumed["op"] == "ack"
    assert texts(after) == ["three", "four", "five", "six", "seven"]
    ids = [event["event_id"] for event in seen + after]
    assert ids == sorted(set(ids))


async def test_a_client_subscribing_after_the_last_event_it_saw_gets_nothing_twice(
    lasuite_client, owner
):
    topic = room_topic(owner.organization_id, "general")
    async with open_socket(lasuite_client) as socket:
        ack = await socket.subscribe(topic)
        await post_notes(lasuite_client, "general", "one")
        one = await socket.next_event(topic, name=NOTE)
    async with open_socket(lasuite_client) as again:
        resumed = await again.subscribe(topic, since=one["event_id"])
        await post_notes(lasuite_client, "general", "two")
        two = await again.next_event(topic, name=NOTE)

    assert ack["data"]["event_id"] < one["event_id"]
    assert resumed["data"]["event_id"] >= one["event_id"]
    assert two["data"]["text"] == "two"


@pytest.mark.parametrize("settings_overrides", [{"realtime_history_events": 3}])
async def test_a_client_that_missed_more_than_is_kept_is_told_to_resync(lasuite_client, owner):
    topic = room_topic(owner.organization_id, "general")
    async with open_socket(lasuite_client) as first:
        await first.subscribe(topic)
        await post_notes(lasuite_client, "general", "seen")
        seen = await first.next_event(topic, name=NOTE)
    await post_notes(lasuite_client, "general", *(f"missed {i}" for i in range(5)))

    async with open_socket(lasuite_client) as second:
        ack = await second.subscribe(topic, since=seen["event_id"])
        resync = await second.next_frame()
        await post_notes(lasuite_client, "general", "live")
        live = await second.next_event(topic, name=NOTE)

    assert ack["op"] == "ack"
    assert resync == {"op": "resync", "topic": topic, "event_id": ack["data"]["event_id"]}
    assert live["data"]["text"] == "live"


@pytest.mark.parametrize("realtime_backend", ["redis"])
async def test_clients_resume_when_their_instance_lost_its_redis_connection(
    lasuite_app, lasuite_client, owner
):
    topic = room_topic(owner.organization_id, "general")
    redis = Redis.from_url(require_service("Redis", REDIS_ENV))
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(topic)
        await post_notes(lasuite_client, "general", "before")
        before = await socket.next_event(topic, name=NOTE)
        killed = await kill_pubsub_connections(
            redis, f"lasuite-realtime-{runtime_of(lasuite_app.state).realtime.instance_id}"
        )
        await post_notes(lasuite_client, "general", "meanwhile")
        code = await socket.closed()
    async with open_socket(lasuite_client) as again:
        await again.subscribe(topic, since=before["event_id"])
        missed = await again.next_event(topic, name=NOTE)
    await redis.aclose()

    assert killed == 1
    assert code == 1012
    assert missed["data"]["text"] == "meanwhile"


async def kill_pubsub_connections(redis: Redis, name: str) -> int:
    """Cut the pub/sub connections named ``name``, as a network failure would."""
    killed = 0
    for client in await redis.client_list(_type="pubsub"):
        if client["name"] == name:
            killed += await redis.client_kill_filter(_id=client["id"])
    return killed


@pytest.mark.timeout(60)
async def test_an_app_that_stops_closes_its_websockets_before_its_realtime_services(
    lasuite_app, make_member
):
    # Without it the connection would leave its topics through stopped services, and
    # its task would outlive the app: the test client waits for it for ever.
    member = await make_member(role="owner")
    async with AsyncTestClient(lasuite_app) as client:
        await member.sign_in(client)
        session = WaitingSession.replacing(await client.websocket_connect("/api/v1/ws"))
        session.__enter__()
        socket = AppSocket(session)
        joined = await socket.subscribe(room_topic(member.organization_id, "salle"))
    # The app has stopped; the client never closed its socket.
    code = await socket.closed()
    session.__exit__(None, None, None)

    assert joined["op"] == "ack"
    assert code == Close.SERVICE_RESTART
    assert session.served.is_set()
