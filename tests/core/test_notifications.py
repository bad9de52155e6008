"""Notifications: stored per user, listed, delivered live and by e-mail, per preferences."""

from __future__ import annotations

import uuid
from smtplib import SMTPRecipientsRefused
from typing import Any

import pytest

from lasuite.db.engine import Database
from lasuite.jobs.run import JobRun
from lasuite.notifications.email_job import EMAIL_JOB, email_job
from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.testing import Member, another_client, open_socket
from tests.core import notify_plugin
from tests.core.mailbox import mailing_settings
from tests.core.notify_plugin import DIGEST, PING
from tests.core.saved_jobs import save_job


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), notify_plugin.ENTRY_POINT])


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url, smtp_server) -> Settings:
    _mailbox, port = smtp_server
    return mailing_settings(tmp_path, lasuite_database_url, port, worker_threads=1)


@pytest.fixture
async def alice(lasuite_client, make_member) -> Member:
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    return member


@pytest.fixture
async def bob(make_member) -> Member:
    return await make_member(role="member")


async def send(client, *members: Member, kind: str = PING, **fields: Any) -> list[str]:
    response = await client.post(
        "/api/v1/alerts/send",
        json={"user_ids": [str(m.user_id) for m in members], "kind": kind, **fields},
    )
    assert response.status_code == 201, response.text
    ids: list[str] = response.json()["ids"]
    return ids


async def listed(client, **params: Any) -> dict[str, Any]:
    response = await client.get("/api/v1/notifications", params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def choose(client, kind: str, *, email: bool, in_app: bool) -> list[dict[str, Any]]:
    response = await client.put(
        "/api/v1/notifications/preferences",
        json=[{"kind": kind, "email": email, "in_app": in_app}],
    )
    assert response.status_code == 200, response.text
    preferences: list[dict[str, Any]] = response.json()
    return preferences


async def test_notifications_are_stored_and_listed_newest_first(lasuite_client, alice, bob):
    for n in range(3):
        await send(lasuite_client, alice, title=f"ping {n}", link=f"/alerts/{n}")
    page = await listed(lasuite_client)
    assert [item["title"] for item in page["items"]] == ["ping 2", "ping 1", "ping 0"]
    assert page["items"][0]["kind"] == PING
    assert page["items"][0]["link"] == "/alerts/2"
    assert page["items"][0]["read_at"] is None
    assert page["items"][0]["organization_id"] == str(alice.organization_id)
    assert page["next_cursor"] is None

    first = await listed(lasuite_client, limit=2)
    assert [item["title"] for item in first["items"]] == ["ping 2", "ping 1"]
    rest = await listed(lasuite_client, limit=2, cursor=first["next_cursor"])
    assert [item["title"] for item in rest["items"]] == ["ping 0"]
    assert rest["next_cursor"] is None


async def test_a_notification_reaches_its_users_websocket_only(lasuite_client, alice, bob):
    bobs_browser = another_client(lasuite_client)
    await bob.sign_in(bobs_browser)
    async with open_socket(lasuite_client) as alices, open_socket(bobs_browser) as bobs:
        assert (await alices.subscribe(f"core:user:{alice.user_id}"))["op"] == "ack"
        assert (await bobs.subscribe(f"core:user:{bob.user_id}"))["op"] == "ack"
        refused = await bobs.subscribe(f"core:user:{alice.user_id}")
        assert refused["op"] == "error"

        await send(lasuite_client, bob, title="for bob")
        await send(lasuite_client, alice, title="for alice")

        bobs_event = await bobs.next_event(f"core:user:{bob.user_id}")
        assert bobs_event["name"] == "core.notification.created"
        assert bobs_event["data"]["title"] == "for bob"
        # Alice's first notification event is her own: she never got Bob's.
        alices_event = await alices.next_event()
        assert alices_event["topic"] == f"core:user:{alice.user_id}"
        assert alices_event["data"]["title"] == "for alice"


async def test_a_notification_is_emailed_through_the_job(lasuite_client, alice, bob, smtp_server):
    mailbox, _port = smtp_server
    await send(lasuite_client, bob, title="Ping from Alice", body="Look at this", link="/x/1")
    [mail] = mailbox.wait_for(1)
    assert mail["To"] == bob.email
    assert mail["From"] == "workspace@lasuite.test"
    assert mail["Subject"] == "Ping from Alice"
    text = mail.get_payload(decode=True).decode()
    assert "Look at this" in text
    assert "/x/1" in text


async def test_preferences_turn_email_and_in_app_off(lasuite_client, alice, bob, smtp_server):
    mailbox, _port = smtp_server
    preferences = await choose(lasuite_client, PING, email=False, in_app=True)
    assert {
        "kind": PING,
        "description": "Someone pinged you",
        "descriptions": {"fr": "On vous a fait signe"},
        "plugin_id": PING.split(".")[0],
        "email": False,
        "in_app": True,
    } in preferences
    defaults = {p["kind"]: p for p in preferences}
    assert defaults[DIGEST]["email"] is False
    assert defaults[DIGEST]["in_app"] is True

    # Alice turned e-mail off for pings; Bob gets his by default; the digest asks for
    # e-mail from Alice only, and she turned it off in the workspace.
    await send(lasuite_client, alice, bob, title="first ping")
    await choose(lasuite_client, DIGEST, email=True, in_app=False)
    await send(lasuite_client, alice, kind=DIGEST, title="the digest")
    mails = mailbox.wait_for(2)
    assert sorted((m["To"], m["Subject"]) for m in mails) == sorted(
        [(bob.email, "first ping"), (alice.email, "the digest")]
    )
    assert [item["title"] for item in (await listed(lasuite_client))["items"]] == ["first ping"]

    response = await lasuite_client.get("/api/v1/notifications/preferences")
    chosen = {
        p["kind"]: (p["email"], p["in_app"]) for p in response.json() if p["kind"] in (PING, DIGEST)
    }
    assert chosen == {PING: (False, True), DIGEST: (True, False)}

    bad = await lasuite_client.put(
        "/api/v1/notifications/preferences",
        json=[{"kind": "nobody.declared", "email": True, "in_app": True}],
    )
    assert bad.status_code == 400


async def test_notifications_are_marked_read_one_by_one_or_all(lasuite_client, alice):
    first, second, third = [(await send(lasuite_client, alice, title=t))[0] for t in "abc"]
    response = await lasuite_client.post(f"/api/v1/notifications/{second}/read")
    assert response.status_code == 200, response.text
    assert response.json()["read_at"] is not None
    unread = await listed(lasuite_client, unread=True)
    assert {item["id"] for item in unread["items"]} == {first, third}

    response = await lasuite_client.post("/api/v1/notifications/read-all")
    assert response.json() == {"read": 2}
    assert (await listed(lasuite_client, unread=True))["items"] == []
    assert len((await listed(lasuite_client))["items"]) == 3


async def test_another_users_notification_is_not_found(lasuite_client, alice, bob):
    [bobs] = await send(lasuite_client, bob, title="for bob")
    response = await lasuite_client.post(f"/api/v1/notifications/{bobs}/read")
    assert response.status_code == 404
    response = await lasuite_client.post(f"/api/v1/notifications/{uuid.uuid4()}/read")
    assert response.status_code == 404
    assert (await listed(lasuite_client))["items"] == []

    bobs_browser = another_client(lasuite_client)
    await bob.sign_in(bobs_browser)
    assert [item["id"] for item in (await listed(bobs_browser))["items"]] == [bobs]
    assert (await bobs_browser.post(f"/api/v1/notifications/{bobs}/read")).status_code == 200


async def test_a_retried_email_job_sends_only_the_emails_not_sent_yet(
    lasuite_settings, alice, bob, smtp_server
):
    mailbox, _port = smtp_server
    first, second = sorted([alice, bob], key=lambda member: member.email)  # the sending order
    mailbox.refuse_once.add(second.email)
    job_id = await save_job(lasuite_settings, alice, actor=EMAIL_JOB, state="running")
    send_emails = email_job(lasuite_settings).fn
    database = Database(lasuite_settings.database)

    async def attempt(number: int) -> None:
        run = JobRun(
            id=job_id,
            organization_id=alice.organization_id,
            name=EMAIL_JOB,
            attempt=number,
            database=database,
            run_on_loop=lambda coroutine: None,
        )
        await send_emails(
            run,
            user_ids=[str(alice.user_id), str(bob.user_id)],
            title="Ping",
            body="",
            link="",
        )

    try:
        with pytest.raises(SMTPRecipientsRefused):
            await attempt(1)
        after_first = [mail["To"] for mail in mailbox.messages]
        await attempt(2)
        after_retry = [mail["To"] for mail in mailbox.messages]
        await attempt(3)
        after_another = [mail["To"] for mail in mailbox.messages]
    finally:
        await database.dispose()

    assert after_first == [first.email]
    assert after_retry == [first.email, second.email]
    assert after_another == after_retry


async def test_an_event_handler_notifies_after_the_commit(
    lasuite_client, alice, make_member, smtp_server
):
    mailbox, _port = smtp_server
    owners_browser = another_client(lasuite_client)
    owner = await make_member(role="owner")
    await owner.sign_in(owners_browser)

    changed = await owners_browser.patch(
        f"/api/v1/orgs/current/members/{alice.user_id}", json={"role": "admin"}
    )
    [mail] = mailbox.wait_for(1)
    items = (await listed(lasuite_client))["items"]

    assert changed.status_code == 200
    assert (mail["To"], mail["Subject"]) == (alice.email, "You are now admin")
    assert [item["title"] for item in items] == ["You are now admin"]


async def test_a_job_notifies_live_and_by_email(lasuite_client, alice, smtp_server):
    mailbox, _port = smtp_server
    topic = f"core:user:{alice.user_id}"
    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(topic)
        enqueued = await lasuite_client.post(
            "/api/v1/alerts/remind", json={"user_id": str(alice.user_id), "title": "Reminder"}
        )
        event = await socket.next_event(topic, name="core.notification.created")
    [mail] = mailbox.wait_for(1)
    items = (await listed(lasuite_client))["items"]

    assert enqueued.status_code == 201
    assert event["data"]["title"] == "Reminder"
    assert (mail["To"], mail["Subject"]) == (alice.email, "Reminder")
    assert [item["title"] for item in items] == ["Reminder"]
