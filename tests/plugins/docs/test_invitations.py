"""Sharing a page by e-mail: a member's address gets the role at once; someone outside the
organization is invited as a guest by the core's e-mailed link naming the page, and holds
the role the moment they join — landing on the page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lasuite.settings import Settings
from lasuite.testing import another_client, send_csrf_token
from tests.core.mailbox import mailing_settings, smtp_server  # noqa: F401 (a fixture)
from tests.plugins.docs.people import browser_of

DOCUMENTS = "/api/v1/docs/documents"
SIGNUP = "/api/v1/invitations/signup"
ACCEPT = "/api/v1/invitations/accept"
LINK = re.compile(r"https?://\S+/invitations/accept#token=(\S+)")


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url, smtp_server) -> Settings:  # noqa: F811
    _mailbox, port = smtp_server
    return mailing_settings(tmp_path, lasuite_database_url, port)


async def a_browser(lasuite_client: Any) -> Any:
    """Another browser, nobody signed in there yet."""
    client = another_client(lasuite_client)
    await send_csrf_token(client)
    return client


async def _page(client: Any, title: str = "Budget 2027") -> str:
    response = await client.post(DOCUMENTS, json={"title": title})
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def sign_up(client: Any, mail: Any, name: str = "Zoé") -> Any:
    """Make the account the invitation ``mail`` links to, in ``client``; the answer."""
    return await client.post(
        SIGNUP,
        json={"token": _token(mail), "display_name": name, "password": "a long passphrase!"},
    )


def _token(mail: Any) -> str:
    found = LINK.search(mail.get_payload(decode=True).decode())
    assert found, "no invitation link in the e-mail"
    return found.group(1)


async def test_an_outsider_is_invited_by_e_mail_and_edits_the_page_once_joined(
    lasuite_client,
    make_member,
    smtp_server,  # noqa: F811
):
    mailbox, _port = smtp_server
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    page = await _page(lasuite_client)
    url = f"{DOCUMENTS}/{page}/invitations"

    shared = await lasuite_client.post(url, json={"email": "Zoe@Partner.example", "role": "editor"})
    listed = (await lasuite_client.get(url)).json()
    (mail,) = mailbox.wait_for(1)
    newcomer = await a_browser(lasuite_client)
    before = await newcomer.get(f"{DOCUMENTS}/{page}")
    joined = await sign_up(newcomer, mail, "Zoé Partenaire")
    opened = await newcomer.get(f"{DOCUMENTS}/{page}")

    assert shared.status_code == 200, shared.text
    assert shared.json()["access"] is None
    assert (shared.json()["invitation"]["email"], shared.json()["invitation"]["role"]) == (
        "zoe@partner.example",
        "editor",
    )
    assert [(i["email"], i["role"]) for i in listed] == [("zoe@partner.example", "editor")]
    assert mail["To"] == "zoe@partner.example"
    assert "Budget 2027" in mail.get_payload(decode=True).decode()
    assert before.status_code == 401
    assert joined.status_code == 201, joined.text
    assert (joined.json()["role"], joined.json()["landing"]) == ("guest", f"/docs/{page}")
    assert (opened.status_code, opened.json()["my_role"]) == (200, "editor"), opened.text
    assert (await lasuite_client.get(url)).json() == []


async def test_a_members_address_gets_the_role_at_once_and_no_e_mail(
    lasuite_client,
    make_member,
    smtp_server,  # noqa: F811
):
    mailbox, _port = smtp_server
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    page = await _page(lasuite_client)
    bobs = await browser_of(lasuite_client, bob)

    shared = await lasuite_client.post(
        f"{DOCUMENTS}/{page}/invitations",
        json={"email": bob.email.upper(), "role": "reader"},
    )
    opened = await bobs.get(f"{DOCUMENTS}/{page}")

    assert shared.status_code == 200, shared.text
    assert shared.json()["invitation"] is None
    assert (shared.json()["access"]["user_id"], shared.json()["access"]["role"]) == (
        str(bob.user_id),
        "reader",
    )
    assert opened.json()["my_role"] == "reader"
    assert (await lasuite_client.get(f"{DOCUMENTS}/{page}/invitations")).json() == []
    assert mailbox.messages == []


async def test_sharing_again_changes_the_role_and_sends_no_second_e_mail(
    lasuite_client,
    make_member,
    smtp_server,  # noqa: F811
):
    mailbox, _port = smtp_server
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    first, second = await _page(lasuite_client), await _page(lasuite_client, "Notes")

    for page, role in ((first, "reader"), (first, "commenter"), (second, "editor")):
        shared = await lasuite_client.post(
            f"{DOCUMENTS}/{page}/invitations", json={"email": "zoe@partner.example", "role": role}
        )
        assert shared.status_code == 200, shared.text
    (mail,) = mailbox.wait_for(1)
    newcomer = await a_browser(lasuite_client)
    await sign_up(newcomer, mail)
    roles = [(await newcomer.get(f"{DOCUMENTS}/{p}")).json()["my_role"] for p in (first, second)]

    assert roles == ["commenter", "editor"]


async def test_a_cancelled_invitation_gives_nothing_on_joining(
    lasuite_client,
    make_member,
    smtp_server,  # noqa: F811
):
    mailbox, _port = smtp_server
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    page = await _page(lasuite_client)
    url = f"{DOCUMENTS}/{page}/invitations"
    invitation = (
        await lasuite_client.post(url, json={"email": "zoe@partner.example", "role": "editor"})
    ).json()["invitation"]

    cancelled = await lasuite_client.delete(f"{url}/{invitation['id']}")
    again = await lasuite_client.delete(f"{url}/{invitation['id']}")
    (mail,) = mailbox.wait_for(1)
    newcomer = await a_browser(lasuite_client)
    await sign_up(newcomer, mail)
    opened = await newcomer.get(f"{DOCUMENTS}/{page}")

    assert (cancelled.status_code, again.status_code) == (204, 404)
    assert opened.status_code == 404


async def test_who_may_share_by_e_mail(lasuite_client, make_member, smtp_server):  # noqa: F811
    mailbox, _port = smtp_server
    alice, bob = await make_member(), await make_member()
    guest = await make_member(role="guest")
    await alice.sign_in(lasuite_client)
    page = await _page(lasuite_client)
    url = f"{DOCUMENTS}/{page}/invitations"
    await lasuite_client.put(
        f"{DOCUMENTS}/{page}/accesses", json={"user_id": str(bob.user_id), "role": "editor"}
    )
    await lasuite_client.put(
        f"{DOCUMENTS}/{page}/accesses",
        json={"user_id": str(guest.user_id), "role": "administrator"},
    )
    bobs, guests = await browser_of(lasuite_client, bob), await browser_of(lasuite_client, guest)
    outsider = {"email": "zoe@partner.example", "role": "reader"}

    by_an_editor = await bobs.post(url, json=outsider)
    # A guest administers the page but may not bring more outsiders in; members, yes.
    by_a_guest = await guests.post(url, json=outsider)
    guest_shares_with_a_member = await guests.post(url, json={"email": bob.email, "role": "editor"})
    owner_role = await lasuite_client.post(url, json={**outsider, "role": "owner"})
    not_an_address = await lasuite_client.post(url, json={**outsider, "email": "zoe"})

    assert by_an_editor.status_code == 403
    assert (by_a_guest.status_code, by_a_guest.json()["error"]) == (403, "core.guests_not_invited")
    assert guest_shares_with_a_member.status_code == 200, guest_shares_with_a_member.text
    assert (owner_role.status_code, not_an_address.status_code) == (400, 400)
    assert (await lasuite_client.get(url)).json() == []
    assert mailbox.messages == []


async def test_joining_another_organization_gives_no_role_on_this_ones_pages(
    lasuite_client,
    make_member,
    smtp_server,  # noqa: F811
):
    mailbox, _port = smtp_server
    alice = await make_member(organization="org-a")
    admin_b = await make_member(role="admin", organization="org-b")
    await alice.sign_in(lasuite_client)
    page = await _page(lasuite_client)
    await lasuite_client.post(
        f"{DOCUMENTS}/{page}/invitations", json={"email": "zoe@partner.example", "role": "editor"}
    )
    (to_a,) = mailbox.wait_for(1)
    admins_b = await browser_of(lasuite_client, admin_b)
    await admins_b.post(
        "/api/v1/orgs/current/invitations", json={"email": "zoe@partner.example", "role": "member"}
    )
    _to_a, to_b = mailbox.wait_for(2)

    zoe = await a_browser(lasuite_client)
    await sign_up(zoe, to_b)
    in_b = await zoe.get(f"{DOCUMENTS}/{page}")
    accepted = await zoe.post(ACCEPT, json={"token": _token(to_a)})
    switched = await zoe.post("/api/v1/auth/switch", json={"organization": "org-a"})
    in_a = await zoe.get(f"{DOCUMENTS}/{page}")

    assert in_b.status_code == 404
    assert accepted.status_code == 200, accepted.text
    assert switched.status_code in (200, 201), switched.text
    assert (in_a.status_code, in_a.json()["my_role"]) == (200, "editor")
