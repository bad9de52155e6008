"""The plugins' websockets count in their address's and their account's fair share:
past ``LASUITE_WS_MAX_CONNECTIONS_PER_ADDRESS`` open from one address, or
``LASUITE_WS_MAX_CONNECTIONS_PER_USER`` of one account, one more is closed at once with
4429; and all of an account's plugin sockets draw the frames they send on one budget
(``LASUITE_WS_MAX_PLUGIN_MESSAGES_PER_SECOND_PER_USER``), past which the socket sending
is closed with 4429 while others' go on (a document's editors here; a meeting's sockets
go the same way)."""

from __future__ import annotations

import pytest
import websockets

from lasuite.settings import Settings
from tests.plugins.docs.sync_clients import (
    close_code,
    cookie_header,
    create_document,
    signed_in,
    sync_url,
)

AWARENESS = bytes([1, 1, 0])
"""A y-websocket awareness message with no state in it: a frame the server reads."""


@pytest.fixture
def lasuite_settings(lasuite_settings: Settings, request: pytest.FixtureRequest) -> Settings:
    return lasuite_settings.model_copy(update=request.param)


@pytest.mark.parametrize("lasuite_settings", [{"ws_max_connections_per_address": 2}], indirect=True)
async def test_one_socket_more_than_an_address_may_hold_is_closed(served, make_member):
    alice = await make_member()
    async with signed_in(served, alice) as http:
        document = await create_document(http)
        url, headers = sync_url(served, document), {"Cookie": cookie_header(http)}
        async with (
            websockets.connect(url, additional_headers=headers) as first,
            websockets.connect(url, additional_headers=headers) as second,
        ):
            async with websockets.connect(url, additional_headers=headers) as third:
                refused = await close_code(third)
            still_open = [first.close_code, second.close_code]

    assert refused == 4429
    assert still_open == [None, None]


@pytest.mark.parametrize("lasuite_settings", [{"ws_max_connections_per_user": 2}], indirect=True)
async def test_one_socket_more_than_an_account_may_hold_is_closed(served, make_member):
    alice, bob = await make_member(), await make_member()
    async with signed_in(served, alice) as alices, signed_in(served, bob) as bobs:
        document = await create_document(alices)
        url = sync_url(served, document)
        as_alice, as_bob = (
            {"additional_headers": {"Cookie": cookie_header(c)}} for c in (alices, bobs)
        )
        async with websockets.connect(url, **as_alice), websockets.connect(url, **as_alice):
            async with websockets.connect(url, **as_alice) as third:
                refused = await close_code(third)
            async with websockets.connect(url, **as_bob) as bobs_socket:
                await bobs_socket.send(AWARENESS)
                bob_is_in = bobs_socket.close_code is None

    assert refused == 4429
    assert bob_is_in


@pytest.mark.parametrize(
    "lasuite_settings", [{"ws_max_plugin_messages_per_second_per_user": 5}], indirect=True
)
async def test_an_accounts_plugin_sockets_share_one_frame_budget_and_others_go_on(
    served, make_member
):
    alice, bob = await make_member(), await make_member()
    async with signed_in(served, alice) as alices, signed_in(served, bob) as bobs:
        document = await create_document(alices)
        url = sync_url(served, document)
        as_alice, as_bob = (
            {"additional_headers": {"Cookie": cookie_header(c)}} for c in (alices, bobs)
        )
        async with (
            websockets.connect(url, **as_alice) as one,
            websockets.connect(url, **as_alice) as other,
            websockets.connect(url, **as_bob) as bobs_socket,
        ):
            # Cursors: three on one socket, then up to twenty on the other — far under a
            # socket's own limit, over the account's 5 a second however slowly a loaded
            # machine sends them (the budget refills at 5 a second).
            for _ in range(3):
                await one.send(AWARENESS)
            for _ in range(20):
                try:
                    await other.send(AWARENESS)
                except websockets.ConnectionClosed:
                    break
            code = await close_code(other)
            reason = other.close_reason
            for _ in range(3):
                await bobs_socket.send(AWARENESS)
            bob_is_in = bobs_socket.close_code is None

    assert code == 4429
    assert "too many messages" in reason
    assert bob_is_in
