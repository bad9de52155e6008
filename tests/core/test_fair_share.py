"""A fair share of the app websocket: one account (or one address) holds a bounded number
of sockets, and all of an account's sockets draw frames on one budget, so that one
account flooding is cut off while others go on."""

from __future__ import annotations

import uuid

import pytest

from lasuite.realtime.fair_share import FairShare
from lasuite.testing import another_client, open_socket
from tests.core.realtime import (  # noqa: F401  (fixtures)
    lasuite_registry,
    lasuite_settings,
    realtime_backend,
    settings_overrides,
    signed_in,
)

MEMORY = pytest.mark.parametrize("realtime_backend", ["memory"])


@MEMORY
@pytest.mark.parametrize("settings_overrides", [{"ws_max_connections_per_user": 2}])
async def test_one_socket_more_than_an_account_may_hold_is_closed_with_the_reason(
    lasuite_client, make_member
):
    await signed_in(lasuite_client, make_member, "member")
    bobs = another_client(lasuite_client)
    await signed_in(bobs, make_member, "member")
    async with open_socket(lasuite_client) as first, open_socket(lasuite_client) as second:
        async with open_socket(lasuite_client) as third:
            refused = await third.closed()
        async with open_socket(bobs) as bob:
            others = [await s.request("ping") for s in (first, second, bob)]
    async with open_socket(lasuite_client) as again:
        after = await again.request("ping")

    assert refused == 4429
    assert [frame["op"] for frame in others] == ["pong"] * 3
    assert after["op"] == "pong"  # the closed ones made room


@MEMORY
@pytest.mark.parametrize("settings_overrides", [{"ws_max_connections_per_address": 2}])
async def test_one_socket_more_than_an_address_may_hold_is_closed(lasuite_client, make_member):
    await signed_in(lasuite_client, make_member, "member")
    bobs, carols = another_client(lasuite_client), another_client(lasuite_client)
    await signed_in(bobs, make_member, "member")
    await signed_in(carols, make_member, "member")
    async with open_socket(lasuite_client), open_socket(bobs), open_socket(carols) as carol:
        refused = await carol.closed()

    assert refused == 4429


@MEMORY
@pytest.mark.parametrize(
    "settings_overrides",
    [{"ws_max_messages_per_second": 1000, "ws_max_messages_per_second_per_user": 1}],
)
async def test_an_accounts_sockets_share_one_frame_budget_and_others_go_on(
    lasuite_client, make_member
):
    await signed_in(lasuite_client, make_member, "member")
    bobs = another_client(lasuite_client)
    await signed_in(bobs, make_member, "member")
    async with (
        open_socket(lasuite_client) as one,
        open_socket(lasuite_client) as other,
        open_socket(bobs) as bob,
    ):
        first = await one.request("ping")  # the account's one frame of this second
        await other.send(op="ping")  # far under this socket's own limit
        code = await other.closed()
        answer = await bob.request("ping")

    assert first["op"] == "pong"
    assert code == 4429
    assert answer["op"] == "pong"


def test_an_account_released_of_its_sockets_leaves_nothing_behind():
    share = FairShare(per_user=1, per_address=5, user_rate=10)
    user, address = uuid.uuid4(), "192.0.2.1"

    first = share.admit(user, address, now=0.0)
    second = share.admit(user, address, now=0.0)
    share.release(user, address)
    again = share.admit(user, address, now=1.0)

    assert first is None
    assert second is not None
    assert "1 connections" in second
    assert again is None
