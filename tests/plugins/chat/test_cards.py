"""Another plugin posts structured cards into a channel with the ChatCards service."""

from __future__ import annotations

import pytest

from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.testing import open_socket
from tests.plugins.chat import card_plugin
from tests.plugins.chat.chat_api import channel_topic, create_channel, history

ANNOUNCE = "/api/v1/herald/announce"


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), card_plugin.ENTRY_POINT])


async def test_a_plugin_posts_a_card_that_readers_receive(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "réunions")

    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(channel_topic(channel["id"]))
        response = await lasuite_client.post(
            ANNOUNCE,
            json={
                "channel_id": channel["id"],
                "title": "La réunion a commencé",
                "text": "Point hebdomadaire <b>",
                "link": "/visio/point-hebdo",
            },
        )
        assert response.status_code == 201, response.text
        event = await socket.next_event(channel_topic(channel["id"]), name="chat.message.posted")

    [message] = await history(lasuite_client, channel["id"])
    assert message["id"] == response.json()["message_id"]
    assert event["data"]["message"]["id"] == message["id"]
    assert message["author_id"] is None
    assert message["sender_name"] == "Héraut"
    assert message["card"] == {
        "title": "La réunion a commencé",
        "text": "Point hebdomadaire <b>",
        "link": "/visio/point-hebdo",
    }
    assert "&lt;b&gt;" in message["html"]
    assert '<a href="/visio/point-hebdo"' in message["html"]


async def test_a_card_goes_only_into_a_channel_of_the_callers_organization(
    lasuite_client, make_member
):
    carol = await make_member(organization="org-b")
    await carol.sign_in(lasuite_client)
    theirs = await create_channel(lasuite_client, "général")
    alice = await make_member(organization="org-a")
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.post(
        ANNOUNCE, json={"channel_id": theirs["id"], "title": "Intrusion"}
    )

    assert response.status_code == 404
    await carol.sign_in(lasuite_client)
    assert await history(lasuite_client, theirs["id"]) == []


async def test_an_invalid_card_is_refused(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")

    bad_link = await lasuite_client.post(
        ANNOUNCE,
        json={"channel_id": channel["id"], "title": "x", "link": "javascript:alert(1)"},
    )
    no_title = await lasuite_client.post(ANNOUNCE, json={"channel_id": channel["id"], "title": ""})

    assert bad_link.status_code == 400
    assert no_title.status_code == 400
    assert await history(lasuite_client, channel["id"]) == []
