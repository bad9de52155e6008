"""A forgotten password: the e-mailed link (valid an hour, once) sets a new one and ends
every session of the account; asking says nothing of which addresses have accounts."""

from __future__ import annotations

import re
import time

import pytest

from lasuite.identity.password_reset import reset_token
from lasuite.settings import Settings
from lasuite.state import runtime_of
from lasuite.testing import another_client
from tests.core.mailbox import mailing_settings

ASK = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset/confirm"
LINK = re.compile(r"https?://\S+/password-reset#token=(\S+)")
NEW = "a brand new passphrase"


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url, smtp_server) -> Settings:
    _mailbox, port = smtp_server
    return mailing_settings(tmp_path, lasuite_database_url, port)


def token_in(mail) -> str:
    found = LINK.search(mail.get_payload(decode=True).decode())
    assert found, "no link in the e-mail"
    return found.group(1)


async def test_the_link_sets_a_new_password_once_and_ends_every_session(
    lasuite_client, make_member, smtp_server
):
    mailbox, _port = smtp_server
    member = await make_member()
    other_browser = another_client(lasuite_client)
    await member.sign_in(other_browser)

    asked = await lasuite_client.post(ASK, json={"email": member.email.upper()})
    (mail,) = mailbox.wait_for(1)
    token = token_in(mail)
    reset = await lasuite_client.post(CONFIRM, json={"token": token, "new_password": NEW})
    again = await lasuite_client.post(CONFIRM, json={"token": token, "new_password": NEW + "!"})
    signed_out = await other_browser.get("/api/v1/auth/me")
    old = await lasuite_client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": member.password}
    )
    new = await lasuite_client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": NEW}
    )

    assert asked.status_code == 202, asked.text
    assert mail["To"] == member.email
    assert "Pour choisir un nouveau mot de passe" in mail.get_payload(decode=True).decode()
    assert reset.status_code == 204, reset.text
    assert (again.status_code, again.json()["error"]) == (400, "core.reset_link_invalid")
    assert signed_out.status_code == 401
    assert (old.status_code, new.status_code) == (401, 200)


async def test_a_person_who_chose_a_language_gets_the_e_mail_in_it(
    lasuite_client, make_member, smtp_server
):
    mailbox, _port = smtp_server
    member = await make_member()
    await member.sign_in(lasuite_client)
    await lasuite_client.patch("/api/v1/auth/me", json={"locale": "en"})

    asked = await lasuite_client.post(ASK, json={"email": member.email})
    (mail,) = mailbox.wait_for(1)
    text = mail.get_payload(decode=True).decode()

    assert asked.status_code == 202, asked.text
    assert mail["Subject"] == "New password"
    assert text.startswith("Hello ")
    assert "Bonjour" not in text
    assert re.search(r"/password-reset#token=[^&\s]+&lang=en\s", text)


async def test_an_unknown_address_is_answered_the_same_and_nothing_is_sent(
    lasuite_client, make_member, smtp_server
):
    mailbox, _port = smtp_server
    member = await make_member()

    unknown = await lasuite_client.post(ASK, json={"email": "nobody@example.org"})
    known = await lasuite_client.post(ASK, json={"email": member.email})
    mails = mailbox.wait_for(1)

    assert (unknown.status_code, unknown.content) == (known.status_code, known.content)
    assert [m["To"] for m in mails] == [member.email]


async def test_a_forged_or_expired_link_is_refused_and_nothing_changes(
    lasuite_client, lasuite_app, make_member
):
    member = await make_member()
    settings = runtime_of(lasuite_app.state).settings
    other = Settings(var_dir=settings.var_dir / "elsewhere", secret_key="another-secret" * 3)
    expired = reset_token(settings, member.user_id, 0, int(time.time()) - 1)
    forged = reset_token(other, member.user_id, 0, int(time.time()) + 3600)

    answers = [
        await lasuite_client.post(CONFIRM, json={"token": token, "new_password": NEW})
        for token in (expired, forged, "not.a.token")
    ]
    login = await lasuite_client.post(
        "/api/v1/auth/login", json={"email": member.email, "password": member.password}
    )

    assert [(a.status_code, a.json()["error"]) for a in answers] == [
        (410, "core.reset_link_expired"),
        (400, "core.reset_link_invalid"),
        (400, "core.reset_link_invalid"),
    ]
    assert login.status_code == 200


async def test_asking_again_and_again_is_limited(lasuite_client, make_member):
    member = await make_member()

    answers = [
        (await lasuite_client.post(ASK, json={"email": member.email})).status_code for _ in range(6)
    ]

    assert answers == [202] * 5 + [429]
