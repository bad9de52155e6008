"""Reports: any reader reports a message once while it is open; the channel's owners
and moderators and the organization's reviewers see and close them, nobody else."""

from __future__ import annotations

from tests.plugins.chat.chat_api import BASE, add_member, create_channel, post_ok

REPORTS = f"{BASE}/reports"


def report_url(message: dict) -> str:
    return f"{BASE}/channels/{message['channel_id']}/messages/{message['id']}/reports"


async def report(client, message: dict, reason: str = "propos déplacés"):
    return await client.post(report_url(message), json={"reason": reason})


async def open_reports(client, **params) -> list[dict]:
    response = await client.get(REPORTS, params=params)
    assert response.status_code == 200, response.text
    found: list[dict] = response.json()
    return found


async def test_a_reader_reports_a_message_once_while_it_is_open(lasuite_client, make_member):
    owner, reader = await make_member(), await make_member()
    await owner.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    message = await post_ok(lasuite_client, channel["id"], "un message douteux")

    await reader.sign_in(lasuite_client)
    first = await report(lasuite_client, message)
    again = await report(lasuite_client, message)

    assert first.status_code == 201, first.text
    assert first.json()["status"] == "open"
    assert again.status_code == 409
    assert again.json()["error"]

    await owner.sign_in(lasuite_client)
    [listed] = await open_reports(lasuite_client)
    assert listed["reason"] == "propos déplacés"
    assert listed["reporter_id"] == str(reader.user_id)
    assert listed["message"]["text"] == "un message douteux"
    assert listed["channel_name"] == "général"
    closed = await lasuite_client.post(
        f"{REPORTS}/{listed['id']}/close", json={"status": "dismissed"}
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["handled_by"] == str(owner.user_id)
    assert await open_reports(lasuite_client) == []

    await reader.sign_in(lasuite_client)
    assert (await report(lasuite_client, message, "toujours là")).status_code == 201


async def test_only_moderators_and_reviewers_see_and_close_reports(lasuite_client, make_member):
    owner, moderator, member, admin = (
        await make_member(),
        await make_member(),
        await make_member(),
        await make_member(role="admin"),
    )
    await owner.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "direction", kind="private")
    for person in (moderator, member):
        assert (await add_member(lasuite_client, channel["id"], person.user_id)).status_code == 200
    role = await lasuite_client.patch(
        f"{BASE}/channels/{channel['id']}/members/{moderator.user_id}",
        json={"role": "moderator"},
    )
    assert role.status_code == 200, role.text
    message = await post_ok(lasuite_client, channel["id"], "à vérifier")
    await member.sign_in(lasuite_client)
    created = (await report(lasuite_client, message)).json()

    assert await open_reports(lasuite_client) == []
    refused = await lasuite_client.post(
        f"{REPORTS}/{created['id']}/close", json={"status": "resolved"}
    )
    assert refused.status_code == 403

    await moderator.sign_in(lasuite_client)
    assert [r["id"] for r in await open_reports(lasuite_client)] == [created["id"]]

    # the admin is not in the private channel, but reviews every report
    await admin.sign_in(lasuite_client)
    assert [r["id"] for r in await open_reports(lasuite_client)] == [created["id"]]
    resolved = await lasuite_client.post(
        f"{REPORTS}/{created['id']}/close", json={"status": "resolved"}
    )
    assert resolved.status_code == 200
    twice = await lasuite_client.post(
        f"{REPORTS}/{created['id']}/close", json={"status": "dismissed"}
    )
    assert twice.status_code == 409


async def test_a_message_one_may_not_read_cannot_be_reported(lasuite_client, make_member):
    owner, outsider = await make_member(), await make_member()
    await owner.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "secret", kind="private")
    message = await post_ok(lasuite_client, channel["id"], "privé")
    carol = await make_member(role="admin", organization="org-b")

    await outsider.sign_in(lasuite_client)
    assert (await report(lasuite_client, message)).status_code == 404
    await carol.sign_in(lasuite_client)
    assert (await report(lasuite_client, message)).status_code == 404
    assert await open_reports(lasuite_client) == []


async def test_reports_of_another_organization_stay_there(lasuite_client, make_member):
    owner = await make_member()
    await owner.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    message = await post_ok(lasuite_client, channel["id"], "signalé")
    created = (await report(lasuite_client, message)).json()
    carol = await make_member(role="admin", organization="org-b")

    await carol.sign_in(lasuite_client)

    assert await open_reports(lasuite_client) == []
    closing = await lasuite_client.post(
        f"{REPORTS}/{created['id']}/close", json={"status": "dismissed"}
    )
    assert closing.status_code == 404


async def test_a_deleted_message_cannot_be_reported(lasuite_client, make_member):
    owner = await make_member()
    await owner.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "général")
    message = await post_ok(lasuite_client, channel["id"], "effacé")
    deleted = await lasuite_client.delete(
        f"{BASE}/channels/{channel['id']}/messages/{message['id']}"
    )
    assert deleted.status_code == 200

    assert (await report(lasuite_client, message)).status_code == 409
