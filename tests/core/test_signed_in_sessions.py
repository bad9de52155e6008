"""The devices a person is signed in on: listed on their account, each one signed out
from any other."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from lasuite.audit.models import AuditEvent
from lasuite.db.base import utcnow
from lasuite.identity.devices import Device, device_of
from lasuite.identity.models import SignedInSession
from lasuite.identity.signed_in import SEEN_EVERY
from lasuite.testing import another_client

SESSIONS = "/api/v1/auth/sessions"
ME = "/api/v1/auth/me"
FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


async def listed(client) -> list[dict]:
    response = await client.get(SESSIONS)
    assert response.status_code == 200, response.text
    return response.json()


async def rows_of(database, member) -> int:
    async with database.sessions() as db:
        return await db.scalar(
            select(func.count())
            .select_from(SignedInSession)
            .where(SignedInSession.user_id == member.user_id)
        )


async def test_a_person_sees_each_device_they_are_signed_in_on_and_which_is_this_one(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    phone = another_client(lasuite_client)
    phone.headers["user-agent"] = SAFARI_IPHONE
    await alice.sign_in(phone)
    await bob.sign_in(another_client(lasuite_client))
    lasuite_client.headers["user-agent"] = FIREFOX_LINUX
    await alice.sign_in(lasuite_client)

    mine = await listed(lasuite_client)

    assert [(s["device"], s["current"]) for s in mine] == [
        ({"browser": "Firefox", "system": "Linux", "mobile": False}, True),
        ({"browser": "Safari", "system": "iOS", "mobile": True}, False),
    ]
    assert all(s["ip"] and s["started_at"] and s["last_seen_at"] for s in mine)
    assert [s["current"] for s in await listed(phone)] == [False, True]


async def test_ending_one_session_signs_that_device_out_and_no_other(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    phone, laptop = another_client(lasuite_client), another_client(lasuite_client)
    for client in (phone, laptop, lasuite_client):
        await alice.sign_in(client)
    phones = next(s["id"] for s in await listed(phone) if s["current"])

    ended = await lasuite_client.delete(f"{SESSIONS}/{phones}")

    assert ended.status_code == 204, ended.text
    assert (await phone.get(ME)).status_code == 401
    assert (await laptop.get(ME)).status_code == 200
    assert phones not in {s["id"] for s in await listed(lasuite_client)}
    assert len(await listed(lasuite_client)) == 2
    async with lasuite_database.sessions() as db:
        logged = await db.scalar(
            select(AuditEvent.data).where(
                AuditEvent.actor_id == alice.user_id, AuditEvent.action == "core.session.ended"
            )
        )
    assert logged == {"session": phones}


async def test_no_one_ends_another_persons_session(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    bobs = another_client(lasuite_client)
    await bob.sign_in(bobs)
    await alice.sign_in(lasuite_client)
    bobs_session = (await listed(bobs))[0]["id"]

    refused = await lasuite_client.delete(f"{SESSIONS}/{bobs_session}")

    assert refused.status_code == 404
    assert refused.json()["error"] == "not_found"
    assert (await bobs.get(ME)).status_code == 200


async def test_ending_this_session_signs_out_here(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    here = (await listed(lasuite_client))[0]["id"]

    ended = await lasuite_client.delete(f"{SESSIONS}/{here}")

    assert ended.status_code == 204
    assert (await lasuite_client.get(ME)).status_code == 401


async def test_a_session_signed_out_or_signed_in_again_leaves_no_row_behind(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    await alice.sign_in(lasuite_client)  # the second sign-in replaces the first session
    once = await rows_of(lasuite_database, alice)

    signed_out = await lasuite_client.post("/api/v1/auth/logout")

    assert once == 1
    assert signed_out.status_code == 204
    assert await rows_of(lasuite_database, alice) == 0


async def test_everywhere_else_and_a_new_password_leave_only_this_session(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    for _ in range(2):
        await alice.sign_in(another_client(lasuite_client))
    await alice.sign_in(lasuite_client)
    assert (await lasuite_client.post(f"{SESSIONS}/end-others")).status_code == 204
    after_end_others = await listed(lasuite_client)
    await alice.sign_in(another_client(lasuite_client))

    changed = await lasuite_client.post(
        "/api/v1/auth/password",
        json={"current_password": alice.password, "new_password": "another long password"},
    )

    assert [s["current"] for s in after_end_others] == [True]
    assert changed.status_code == 204, changed.text
    assert [s["current"] for s in await listed(lasuite_client)] == [True]
    assert await rows_of(lasuite_database, alice) == 1


async def test_a_session_is_seen_again_once_its_last_sighting_is_old(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    long_ago = utcnow() - SEEN_EVERY - timedelta(minutes=1)
    async with lasuite_database.transaction() as db:
        await db.execute(update(SignedInSession).values(last_seen_at=long_ago))

    assert (await lasuite_client.get(ME)).status_code == 200

    seen = (await listed(lasuite_client))[0]["last_seen_at"]
    assert seen > long_ago.isoformat()
    # Within the window a request writes nothing: the sighting stays as it was.
    assert (await listed(lasuite_client))[0]["last_seen_at"] == seen


async def test_an_api_token_has_no_session_to_list(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = await lasuite_client.post(
        "/api/v1/auth/tokens", json={"name": "script", "scopes": ["core.*"]}
    )
    lasuite_client.cookies.clear()

    refused = await lasuite_client.get(
        SESSIONS, headers={"Authorization": f"Bearer {created.json()['token']}"}
    )

    assert refused.status_code == 403


@pytest.mark.parametrize(
    ("user_agent", "device"),
    [
        (FIREFOX_LINUX, Device("Firefox", "Linux", mobile=False)),
        (SAFARI_IPHONE, Device("Safari", "iOS", mobile=True)),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            Device("Edge", "Windows", mobile=False),
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36",
            Device("Chrome", "Android", mobile=True),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/17.5 Safari/605.1.15",
            Device("Safari", "macOS", mobile=False),
        ),
        ("curl/8.5.0", Device("", "", mobile=False)),
    ],
)
def test_a_device_is_named_by_its_browser_and_system(user_agent, device):
    assert device_of(user_agent) == device
