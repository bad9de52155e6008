"""Retention: the hourly job ``chat.purge_expired`` deletes an organization's messages
older than its ``retention_days`` setting, for good, and leaves the rest numbered as
they were."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from lasuite.db.engine import Database
from lasuite.testing import run_periodic_job
from lasuite_chat.models import Message, MessageEdit
from tests.plugins.chat.chat_api import BASE, create_channel, history, post_ok

SETTINGS = "/api/v1/orgs/current/plugins/chat/settings"


async def backdate(lasuite_database: Database, message: dict, days: int) -> None:
    async with lasuite_database.transaction() as db:
        await db.execute(
            update(Message)
            .where(Message.id == uuid.UUID(message["id"]))
            .values(created_at=datetime.now(UTC) - timedelta(days=days))
        )


async def set_retention(client, days: int | None) -> None:
    current = (await client.get(SETTINGS)).json()
    saved = await client.put(
        SETTINGS,
        json={
            "values": {**current["values"], "retention_days": days},
            "version": current["version"],
        },
    )
    assert saved.status_code == 200, saved.text


async def purge(app, client) -> dict:
    return await run_periodic_job(app, client, "chat.purge_expired")


async def test_old_messages_go_and_recent_ones_stay(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    old = [await post_ok(lasuite_client, channel["id"], f"ancien {i}") for i in range(2)]
    recent = await post_ok(lasuite_client, channel["id"], "récent")
    edited = await lasuite_client.patch(
        f"{BASE}/channels/{channel['id']}/messages/{old[0]['id']}", json={"text": "corrigé"}
    )
    assert edited.status_code == 200, edited.text
    for message in old:
        await backdate(lasuite_database, message, days=40)
    await backdate(lasuite_database, recent, days=20)
    await set_retention(lasuite_client, 30)

    await purge(lasuite_app, lasuite_client)

    left = await history(lasuite_client, channel["id"])
    assert [(m["seq"], m["text"]) for m in left] == [(3, "récent")]
    assert await history(lasuite_client, channel["id"], before=3) == []
    async with lasuite_database.sessions() as db:
        assert await db.scalar(select(func.count()).select_from(MessageEdit)) == 0
    assert (await lasuite_client.get(f"{BASE}/search", params={"q": "ancien"})).json() == []
    following = await post_ok(lasuite_client, channel["id"], "suivant")
    assert following["seq"] == 4


async def test_retention_applies_per_organization(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    carol = await make_member(role="admin", organization="org-b")
    await carol.sign_in(lasuite_client)
    theirs = await create_channel(lasuite_client, "général")
    kept = await post_ok(lasuite_client, theirs["id"], "chez eux")
    await backdate(lasuite_database, kept, days=400)

    admin = await make_member(role="admin", organization="org-a")
    await admin.sign_in(lasuite_client)
    ours = await create_channel(lasuite_client, "général")
    gone = await post_ok(lasuite_client, ours["id"], "chez nous")
    await backdate(lasuite_database, gone, days=400)
    await set_retention(lasuite_client, 365)

    await purge(lasuite_app, lasuite_client)

    assert await history(lasuite_client, ours["id"]) == []
    await carol.sign_in(lasuite_client)
    assert [m["text"] for m in await history(lasuite_client, theirs["id"])] == ["chez eux"]


async def test_without_retention_nothing_is_deleted(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    message = await post_ok(lasuite_client, channel["id"], "pour toujours")
    await backdate(lasuite_database, message, days=4000)

    await purge(lasuite_app, lasuite_client)

    assert [m["text"] for m in await history(lasuite_client, channel["id"])] == ["pour toujours"]
