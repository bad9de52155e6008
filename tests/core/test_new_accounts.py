"""Administrators bring colleagues in: an account for one person (a member at once, in
the teams named, e-mailed a link to choose their password), an invitation when the
address has an account already, and a CSV import reporting each line refused and why."""

from __future__ import annotations

import re

import pytest

from lasuite.settings import Settings
from tests.core.mailbox import mailing_settings

ACCOUNTS = "/api/v1/orgs/current/accounts"
MEMBERS = "/api/v1/orgs/current/members"
TEAMS = "/api/v1/orgs/current/teams"
LINK = re.compile(r"https?://\S+/password-reset#token=([^&\s]+)&welcome=1")
CHOSEN = "the password she chose herself"


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url, smtp_server) -> Settings:
    _mailbox, port = smtp_server
    return mailing_settings(tmp_path, lasuite_database_url, port)


async def _team(client, name: str) -> str:
    response = await client.post(TEAMS, json={"name": name})
    assert response.status_code == 201, response.text
    team_id: str = response.json()["id"]
    return team_id


async def _members(client) -> dict[str, str]:
    """Each member's address, with their role."""
    return {m["email"]: m["role"] for m in (await client.get(MEMBERS)).json()}


async def test_an_admin_makes_an_account_which_chooses_its_password_from_the_e_mailed_link(
    lasuite_client, make_member, smtp_server
):
    mailbox, _port = smtp_server
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    team = await _team(lasuite_client, "Cabinet")

    made = await lasuite_client.post(
        ACCOUNTS,
        json={
            "email": "Claire.Dupont@org-a.test",
            "display_name": "Claire Dupont",
            "role": "member",
            "teams": ["Cabinet"],
        },
    )
    members = await _members(lasuite_client)
    teams = (await lasuite_client.get(TEAMS)).json()
    (mail,) = mailbox.wait_for(1)
    text = mail.get_payload(decode=True).decode()
    found = LINK.search(text)
    assert found, text
    chosen = await lasuite_client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": found.group(1), "new_password": CHOSEN},
    )
    signed_in = await lasuite_client.post(
        "/api/v1/auth/login", json={"email": "claire.dupont@org-a.test", "password": CHOSEN}
    )

    assert made.status_code == 201, made.text
    assert made.json()["outcome"] == "created"
    assert members["Claire.Dupont@org-a.test"] == "member"
    assert [t["member_ids"] for t in teams if t["id"] == team] == [[made.json()["id"]]]
    assert mail["To"] == "Claire.Dupont@org-a.test"
    assert "Un compte a été créé pour vous" in text
    assert chosen.status_code == 204, chosen.text
    assert signed_in.status_code == 200, signed_in.text


async def test_an_address_with_an_account_elsewhere_is_invited_not_taken_over(
    lasuite_client, make_member
):
    elsewhere = await make_member(organization="org-b")
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    made = await lasuite_client.post(
        ACCOUNTS, json={"email": elsewhere.email, "display_name": "Someone else"}
    )
    invitations = (await lasuite_client.get("/api/v1/orgs/current/invitations")).json()

    assert made.status_code == 201, made.text
    assert made.json()["outcome"] == "invited"
    assert [(i["id"], i["email"], i["role"]) for i in invitations] == [
        (made.json()["id"], elsewhere.email, "member")
    ]
    assert elsewhere.email not in await _members(lasuite_client)


async def test_what_cannot_be_done_is_refused_with_its_code_and_nothing_is_made(
    lasuite_client, make_member
):
    admin, colleague = await make_member(role="admin"), await make_member()
    await admin.sign_in(lasuite_client)

    answers = [
        await lasuite_client.post(ACCOUNTS, json=body)
        for body in (
            {"email": colleague.email, "display_name": "Twice"},
            {"email": "new@org-a.test", "display_name": "New", "teams": ["Nowhere"]},
            {"email": "boss@org-a.test", "display_name": "Boss", "role": "owner"},
            {"email": "not an address", "display_name": "Nobody"},
        )
    ]
    await colleague.sign_in(lasuite_client)
    by_a_member = await lasuite_client.post(
        ACCOUNTS, json={"email": "friend@org-a.test", "display_name": "Friend"}
    )
    await admin.sign_in(lasuite_client)

    assert [(a.status_code, a.json()["error"]) for a in answers] == [
        (409, "core.already_member"),
        (400, "core.unknown_team"),
        (403, "core.owners_only"),
        (400, "invalid_input"),
    ]
    assert answers[1].json()["detail"]["team"] == "Nowhere"
    assert by_a_member.status_code == 403
    assert set(await _members(lasuite_client)) == {admin.email, colleague.email}


async def test_a_csv_import_adds_each_line_it_can_and_reports_the_others_by_line(
    lasuite_client, make_member, smtp_server
):
    mailbox, _port = smtp_server
    elsewhere = await make_member(organization="org-b")
    admin, colleague = await make_member(role="admin"), await make_member()
    await admin.sign_in(lasuite_client)
    await _team(lasuite_client, "Cabinet")
    await _team(lasuite_client, "Presse")
    # A spreadsheet in French: semicolons, French column names, a byte order mark.
    csv = "\n".join(
        [
            "\ufeffcourriel;nom;rôle;équipes",
            "anne@org-a.test;Anne Martin;admin;Cabinet, Presse",
            "pas-une-adresse;Personne;;",
            f"{colleague.email};Déjà là;;",
            "",
            "bruno@org-a.test;Bruno Petit;;Inconnue",
            "chloe@org-a.test;Chloé Roux;chef;",
            f"{elsewhere.email};Ailleurs;guest;",
            "denis@org-a.test;Denis Blanc;;",
        ]
    )

    report = await lasuite_client.post(f"{ACCOUNTS}/import", json={"csv": csv})
    members = await _members(lasuite_client)

    assert report.status_code == 200, report.text
    added = report.json()["added"]
    assert [(a["email"], a["outcome"]) for a in added] == [
        ("anne@org-a.test", "created"),
        (elsewhere.email, "invited"),
        ("denis@org-a.test", "created"),
    ]
    assert [(r["line"], r["error"]) for r in report.json()["refused"]] == [
        (3, "core.invalid_email"),
        (4, "core.already_member"),
        (6, "core.unknown_team"),
        (7, "core.unknown_role"),
    ]
    assert (members["anne@org-a.test"], members["denis@org-a.test"]) == ("admin", "member")
    assert {"bruno@org-a.test", "chloe@org-a.test", elsewhere.email}.isdisjoint(members)
    # Two welcomes, and the invitation of the address that has an account elsewhere.
    sent = {m["To"]: m["Subject"] for m in mailbox.wait_for(3)}
    assert set(sent) == {"anne@org-a.test", "denis@org-a.test", elsewhere.email}
    assert sent["anne@org-a.test"].startswith("Bienvenue / Welcome")


async def test_a_file_without_the_columns_is_refused_as_a_whole(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    refused = await lasuite_client.post(
        f"{ACCOUNTS}/import", json={"csv": "prénom,téléphone\nAnne,0102030405\n"}
    )

    assert (refused.status_code, refused.json()["error"]) == (400, "core.not_people_csv")


async def test_inviting_an_address_that_has_an_account_needs_the_right_to_invite(
    lasuite_client, make_member
):
    elsewhere = await make_member(organization="org-b")
    owner, admin = await make_member(role="owner"), await make_member(role="admin")
    await owner.sign_in(lasuite_client)
    withdrawn = await lasuite_client.put(
        "/api/v1/orgs/current/roles/admin/permissions/core.invitations.manage",
        json={"granted": False},
    )
    await admin.sign_in(lasuite_client)

    refused = await lasuite_client.post(
        ACCOUNTS, json={"email": elsewhere.email, "display_name": "Someone else"}
    )
    made = await lasuite_client.post(
        ACCOUNTS, json={"email": "nouvelle@org-a.test", "display_name": "Nouvelle"}
    )
    await owner.sign_in(lasuite_client)
    invitations = (await lasuite_client.get("/api/v1/orgs/current/invitations")).json()

    assert withdrawn.status_code == 200, withdrawn.text
    assert (refused.status_code, refused.json()["error"]) == (403, "core.inviting_not_allowed")
    assert made.status_code == 201, made.text  # an account of its own needs no invitation
    assert invitations == []
