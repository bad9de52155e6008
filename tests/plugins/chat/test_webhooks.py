"""Incoming webhooks post into their channel under their name, with a secret URL that
only its hash is kept of, that can be revoked and is rate limited; API tokens post as
their owner within their scopes."""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import select

from lasuite.testing import another_client
from lasuite_chat import webhooks
from lasuite_chat.models import Webhook
from tests.plugins.chat.chat_api import BASE, add_member, create_channel, history

SETTINGS = "/api/v1/orgs/current/plugins/chat/settings"


async def create_hook(client, channel_id: str, name: str = "Intégration continue") -> dict:
    response = await client.post(f"{BASE}/channels/{channel_id}/webhooks", json={"name": name})
    assert response.status_code == 201, response.text
    hook: dict = response.json()
    return hook


async def test_a_webhook_posts_under_its_name_without_a_session(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "déploiements")
    hook = await create_hook(lasuite_client, channel["id"])
    outsider = another_client(lasuite_client)

    first = await outsider.post(hook["url"], json={"text": "**Build** réussi"})
    second = await outsider.post(hook["url"], json={"text": "Alerte", "username": "Supervision"})

    assert first.status_code == 201, first.text
    assert second.status_code == 201, second.text
    posted = await history(lasuite_client, channel["id"])
    assert [(m["author_id"], m["sender_name"], m["text"]) for m in posted] == [
        (None, "Intégration continue", "**Build** réussi"),
        (None, "Supervision", "Alerte"),
    ]
    assert "<strong>Build</strong>" in posted[0]["html"]
    assert [m["seq"] for m in posted] == [1, 2]


async def test_only_the_hash_of_the_secret_is_kept(lasuite_client, make_member, lasuite_database):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    hook = await create_hook(lasuite_client, channel["id"])
    secret = hook["url"].rsplit("/", 1)[1]

    listed = (await lasuite_client.get(f"{BASE}/channels/{channel['id']}/webhooks")).json()
    async with lasuite_database.sessions() as db:
        stored = await db.scalar(select(Webhook).where(Webhook.id == uuid.UUID(hook["id"])))

    assert hook["url"] == f"/api/v1/chat/hooks/{hook['id']}/{secret}"
    assert [h["url"] for h in listed] == [None]
    assert stored is not None
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(vars(stored))


async def test_a_wrong_secret_or_a_revoked_webhook_posts_nothing(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    hook = await create_hook(lasuite_client, channel["id"])
    outsider = another_client(lasuite_client)
    wrong = hook["url"][:-4] + "abcd"

    refused = await outsider.post(wrong, json={"text": "intrus"})
    revoked = await lasuite_client.delete(f"{BASE}/channels/{channel['id']}/webhooks/{hook['id']}")
    after = await outsider.post(hook["url"], json={"text": "trop tard"})

    assert refused.status_code == 404
    assert refused.json()["error"]
    assert revoked.status_code == 204
    assert after.status_code == 404
    assert await history(lasuite_client, channel["id"]) == []
    assert (await lasuite_client.get(f"{BASE}/channels/{channel['id']}/webhooks")).json() == []


async def test_only_channel_owners_manage_webhooks(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    hook = await create_hook(lasuite_client, channel["id"])
    assert (await add_member(lasuite_client, channel["id"], bob.user_id)).status_code == 200

    await bob.sign_in(lasuite_client)
    url = f"{BASE}/channels/{channel['id']}/webhooks"
    assert (await lasuite_client.post(url, json={"name": "moi"})).status_code == 403
    assert (await lasuite_client.get(url)).status_code == 403
    assert (await lasuite_client.delete(f"{url}/{hook['id']}")).status_code == 403


async def test_posts_beyond_the_rate_are_refused(lasuite_client, make_member, monkeypatch):
    monkeypatch.setattr(webhooks, "current_minute", lambda: 1000)
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    current = (await lasuite_client.get(SETTINGS)).json()
    saved = await lasuite_client.put(
        SETTINGS,
        json={
            "values": {**current["values"], "webhook_posts_per_minute": 2},
            "version": current["version"],
        },
    )
    assert saved.status_code == 200, saved.text
    channel = await create_channel(lasuite_client, "général")
    hook = await create_hook(lasuite_client, channel["id"])
    outsider = another_client(lasuite_client)

    statuses = [
        (await outsider.post(hook["url"], json={"text": f"m{i}"})).status_code for i in range(3)
    ]
    monkeypatch.setattr(webhooks, "current_minute", lambda: 1001)
    next_minute = await outsider.post(hook["url"], json={"text": "m3"})

    assert statuses == [201, 201, 429]
    assert next_minute.status_code == 201
    assert [m["text"] for m in await history(lasuite_client, channel["id"])] == ["m0", "m1", "m3"]


async def test_a_webhook_of_an_organization_without_chat_posts_nothing(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    hook = await create_hook(lasuite_client, channel["id"])
    switched = await lasuite_client.put(
        "/api/v1/orgs/current/plugins/chat", json={"enabled": False}
    )
    assert switched.status_code == 200, switched.text

    refused = await another_client(lasuite_client).post(hook["url"], json={"text": "x"})

    assert refused.status_code == 404


async def create_token(client, scopes: list[str]) -> dict[str, str]:
    response = await client.post("/api/v1/auth/tokens", json={"name": "bot", "scopes": scopes})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


async def test_a_bot_token_posts_as_its_owner_only_with_the_scope(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    allowed = await create_token(lasuite_client, ["chat.message.create"])
    narrow = await create_token(lasuite_client, ["chat.channel.read"])
    bot = another_client(lasuite_client)

    posted = await bot.post(
        f"{BASE}/channels/{channel['id']}/messages", json={"text": "bip"}, headers=allowed
    )
    refused = await bot.post(
        f"{BASE}/channels/{channel['id']}/messages", json={"text": "bop"}, headers=narrow
    )

    assert posted.status_code == 201, posted.text
    assert posted.json()["author_id"] == str(alice.user_id)
    assert refused.status_code == 403
    assert [m["text"] for m in await history(lasuite_client, channel["id"])] == ["bip"]


async def test_making_and_revoking_a_webhook_are_in_the_audit_log(lasuite_client, make_member):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    hook = await create_hook(lasuite_client, channel["id"], name="Supervision")

    await lasuite_client.delete(f"{BASE}/channels/{channel['id']}/webhooks/{hook['id']}")
    log = await lasuite_client.get(
        "/api/v1/orgs/current/audit", params={"action": "chat.webhook.*"}
    )

    named = {"name": "Supervision", "channel": "général"}
    assert [(e["action"], e["target"], e["data"]) for e in log.json()] == [
        ("chat.webhook.revoked", channel["id"], named),
        ("chat.webhook.created", channel["id"], named),
    ]
