"""A member's own account: changing their password (which ends their other sessions) and
the name others see."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select, update

from lasuite.audit.models import AuditEvent
from lasuite.identity.colours import PALETTE, colour_of
from lasuite.identity.models import User
from lasuite.testing import another_client

PASSWORD = "/api/v1/auth/password"
ME = "/api/v1/auth/me"
WEB = Path(__file__).resolve().parents[2] / "web" / "src"
LOGIN = "/api/v1/auth/login"
NEW_PASSWORD = "a long new password"


async def change_password(client, current: str, new: str = NEW_PASSWORD):
    return await client.post(PASSWORD, json={"current_password": current, "new_password": new})


async def sign_in_status(client, member, password: str) -> int:
    response = await client.post(
        LOGIN,
        json={"email": member.email, "password": password, "organization": "org-a"},
    )
    return response.status_code


async def password_hash(database, member) -> str | None:
    async with database.sessions() as db:
        return await db.scalar(select(User.password_hash).where(User.id == member.user_id))


async def test_the_new_password_signs_in_and_the_old_one_no_longer_does(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    changed = await change_password(lasuite_client, alice.password)
    still_signed_in = await lasuite_client.get(ME)
    await lasuite_client.post("/api/v1/auth/logout")

    assert changed.status_code == 204, changed.text
    assert still_signed_in.status_code == 200
    assert await sign_in_status(lasuite_client, alice, alice.password) == 401
    assert await sign_in_status(lasuite_client, alice, NEW_PASSWORD) == 200
    async with lasuite_database.sessions() as db:
        actions = list(
            await db.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == alice.user_id))
        )
    assert "core.password.changed" in actions


async def test_a_wrong_current_password_is_refused_and_changes_nothing(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    before = await password_hash(lasuite_database, alice)

    response = await change_password(lasuite_client, "not the password")

    assert response.status_code == 400
    assert response.json()["error"] == "core.wrong_password"
    assert response.json()["detail"]["fields"] == {
        "current_password": "The current password is wrong."
    }
    assert await password_hash(lasuite_database, alice) == before
    assert (await lasuite_client.get(ME)).status_code == 200


async def test_a_new_password_too_short_or_unchanged_is_refused(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    too_short = await change_password(lasuite_client, alice.password, "eleven char")
    unchanged = await change_password(lasuite_client, "twelve chars", "twelve chars")
    alice_again = await change_password(lasuite_client, alice.password, alice.password * 2)

    assert (too_short.status_code, too_short.json()["error"]) == (400, "invalid_input")
    assert unchanged.json()["error"] == "core.wrong_password"
    assert alice_again.status_code == 204


async def test_the_same_password_again_is_refused(lasuite_client, make_member, lasuite_database):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    await change_password(lasuite_client, alice.password, NEW_PASSWORD)

    response = await change_password(lasuite_client, NEW_PASSWORD, NEW_PASSWORD)

    assert (response.status_code, response.json()["error"]) == (400, "core.same_password")


async def test_every_other_session_of_the_user_ends_and_this_one_goes_on(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    alices_phone, bobs_laptop = another_client(lasuite_client), another_client(lasuite_client)
    await alice.sign_in(alices_phone)
    await bob.sign_in(bobs_laptop)
    await alice.sign_in(lasuite_client)
    session_before = lasuite_client.cookies["lasuite_session"]

    changed = await change_password(lasuite_client, alice.password)

    assert changed.status_code == 204
    assert (await alices_phone.get(ME)).status_code == 401
    assert (await lasuite_client.get(ME)).status_code == 200
    assert lasuite_client.cookies["lasuite_session"] != session_before
    assert (await bobs_laptop.get(ME)).status_code == 200
    # The new session keeps working for unsafe requests too (its CSRF token follows it).
    assert (await lasuite_client.patch(ME, json={"display_name": "Alice"})).status_code == 200


async def test_an_api_token_cannot_change_the_password(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = await lasuite_client.post(
        "/api/v1/auth/tokens", json={"name": "script", "scopes": ["core.*"]}
    )
    before = await password_hash(lasuite_database, alice)
    lasuite_client.cookies.clear()

    response = await lasuite_client.post(
        PASSWORD,
        json={"current_password": alice.password, "new_password": NEW_PASSWORD},
        headers={"Authorization": f"Bearer {created.json()['token']}"},
    )

    assert response.status_code == 403
    assert await password_hash(lasuite_database, alice) == before


async def test_an_account_without_a_local_password_has_none_to_change(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    async with lasuite_database.transaction() as db:
        await db.execute(update(User).where(User.id == alice.user_id).values(password_hash=None))

    me = await lasuite_client.get(ME)
    response = await change_password(lasuite_client, alice.password)

    assert me.json()["has_password"] is False
    assert (response.status_code, response.json()["error"]) == (409, "core.no_local_password")
    assert await password_hash(lasuite_database, alice) is None


async def test_wrong_current_passwords_are_limited_per_user(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    statuses = [(await change_password(lasuite_client, "guess")).status_code for _ in range(6)]
    right_one_meanwhile = await change_password(lasuite_client, alice.password)

    assert statuses == [400] * 5 + [429]
    assert right_one_meanwhile.status_code == 429
    assert "Retry-After" in right_one_meanwhile.headers


async def test_a_new_display_name_shows_in_the_profile(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    renamed = await lasuite_client.patch(ME, json={"display_name": "  Alice Martin "})
    me = await lasuite_client.get(ME)

    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["display_name"] == "Alice Martin"
    assert me.json()["display_name"] == "Alice Martin"
    assert me.json()["has_password"] is True


async def test_a_blank_or_too_long_display_name_is_refused(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    before = (await lasuite_client.get(ME)).json()["display_name"]

    blank = await lasuite_client.patch(ME, json={"display_name": "   "})
    empty = await lasuite_client.patch(ME, json={"display_name": ""})
    too_long = await lasuite_client.patch(ME, json={"display_name": "a" * 201})

    assert [r.status_code for r in (blank, empty, too_long)] == [400, 400, 400]
    assert blank.json()["error"] == "invalid_input"
    assert (await lasuite_client.get(ME)).json()["display_name"] == before


async def test_the_language_a_member_chooses_is_their_accounts_everywhere(
    lasuite_client, make_member
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    before = (await lasuite_client.get(ME)).json()

    chosen = await lasuite_client.patch(ME, json={"locale": "en"})
    renamed = await lasuite_client.patch(ME, json={"display_name": "Alice Martin"})
    unknown = await lasuite_client.patch(ME, json={"locale": "de"})
    other_device = another_client(lasuite_client)
    await alice.sign_in(other_device)
    there = (await other_device.get(ME)).json()

    assert before["locale"] is None
    assert chosen.status_code == 200, chosen.text
    assert (chosen.json()["locale"], chosen.json()["display_name"]) == (
        "en",
        before["display_name"],
    )
    assert (renamed.json()["locale"], renamed.json()["display_name"]) == ("en", "Alice Martin")
    assert (unknown.status_code, unknown.json()["error"]) == (400, "invalid_input")
    assert there["locale"] == "en"
    assert (await lasuite_client.get(ME)).json()["locale"] == "en"


async def test_a_member_picks_the_colour_that_stands_for_them(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    derived = (await lasuite_client.get(ME)).json()["colour"]

    picked = await lasuite_client.patch(ME, json={"colour": "#18753c"})
    outside = await lasuite_client.patch(ME, json={"colour": "#ff00ff"})

    assert derived == colour_of(alice.user_id)
    assert derived in PALETTE
    assert picked.json()["colour"] == "#18753c"
    assert (outside.status_code, outside.json()["error"]) == (400, "invalid_input")
    assert (await lasuite_client.get(ME)).json()["colour"] == "#18753c"


def test_the_workspace_offers_the_palette_and_styles_each_colour():
    offered = re.findall(r'colour: "(#[0-9a-f]{6})"', (WEB / "app" / "colours.ts").read_text())
    styles = (WEB / "styles" / "shell.css").read_text()

    assert tuple(offered) == PALETTE
    assert all(
        f".lasuite-colour-{colour[1:]} {{ background-color: {colour}; }}" in styles
        for colour in PALETTE
    )


END_OTHERS = "/api/v1/auth/sessions/end-others"


async def test_signing_out_everywhere_else_ends_the_other_sessions_not_this_one(
    lasuite_client, make_member, lasuite_database
):
    alice, bob = await make_member(), await make_member()
    alices_phone, bobs_laptop = another_client(lasuite_client), another_client(lasuite_client)
    await alice.sign_in(alices_phone)
    await bob.sign_in(bobs_laptop)
    await alice.sign_in(lasuite_client)
    session_before = lasuite_client.cookies["lasuite_session"]

    ended = await lasuite_client.post(END_OTHERS)

    assert ended.status_code == 204, ended.text
    assert (await alices_phone.get(ME)).status_code == 401
    assert (await lasuite_client.get(ME)).status_code == 200
    assert lasuite_client.cookies["lasuite_session"] != session_before
    assert (await lasuite_client.patch(ME, json={"display_name": "Alice"})).status_code == 200
    assert (await bobs_laptop.get(ME)).status_code == 200
    async with lasuite_database.sessions() as db:
        actions = list(
            await db.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == alice.user_id))
        )
    assert "core.sessions.ended" in actions


async def test_an_api_token_ends_no_session(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = await lasuite_client.post(
        "/api/v1/auth/tokens", json={"name": "script", "scopes": ["core.*"]}
    )
    browser = another_client(lasuite_client)
    await alice.sign_in(browser)
    lasuite_client.cookies.clear()

    refused = await lasuite_client.post(
        END_OTHERS, headers={"Authorization": f"Bearer {created.json()['token']}"}
    )

    assert refused.status_code == 403
    assert (await browser.get(ME)).status_code == 200
