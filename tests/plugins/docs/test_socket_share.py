"""The plugins' websockets count in their address's fair share: past
``LASUITE_WS_MAX_CONNECTIONS_PER_ADDRESS`` open from one address, one more is closed at
once with 4429 (a document's editors here; a meeting's sockets go the same way)."""

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


@pytest.fixture
def lasuite_settings(lasuite_settings: Settings) -> Settings:
    return lasuite_settings.model_copy(update={"ws_max_connections_per_address": 2})


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
