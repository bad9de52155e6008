"""The page an invitation's link opens (``/invitations/accept#token=…``) in a real
browser: a newcomer makes their account from it, someone with an account joins with
it, and a link that cannot be used says why.

The served app is shared by the whole browser suite: each test's invitations are
revoked, and the people they brought into Ministère A removed, after the test.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import update

from lasuite.db.engine import Database
from lasuite.settings import Settings
from lasuite.tenancy.models import Invitation
from tests.e2e.browser import Users
from tests.e2e.conftest import ALICE, BOB, CAROL
from tests.e2e.server import LiveApp
from tests.e2e.test_admin import call
from tests.e2e.test_workspace import sign_in

API = "/api/v1/orgs/current"
NEW_PASSWORD = "un mot de passe assez long"
TOKEN_KEY = "lasuite.invitation"
"""Where the page keeps the token for the tab (sessionStorage)."""

T = TypeVar("T")


class Inviter:
    """Alice, owner of Ministère A, sending invitations; :meth:`put_back` revokes those
    still pending and removes from Ministère A the people they brought in."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.invited: set[str] = set()
        self.organization_id = call(page, "GET", "/api/v1/auth/me")["organization_id"]

    def invite(self, email: str, role: str = "member") -> str:
        """The path of the link the invitee receives (the e-mail's, on the served app)."""
        self.invited.add(email.lower())
        issued = call(self.page, "POST", f"{API}/invitations", {"email": email, "role": role})
        token = issued["accept_url"].split("#token=", 1)[1]
        return f"/invitations/accept#token={token}"

    def revoke(self, email: str) -> None:
        for invitation in call(self.page, "GET", f"{API}/invitations"):
            if invitation["email"].lower() == email.lower():
                call(self.page, "DELETE", f"{API}/invitations/{invitation['id']}")

    def put_back(self) -> None:
        for email in self.invited:
            self.revoke(email)
        for member in call(self.page, "GET", f"{API}/members"):
            if member["email"].lower() in self.invited:
                call(self.page, "DELETE", f"{API}/members/{member['user_id']}")
        self.invited.clear()


@pytest.fixture(scope="module")
def signed_in_alice(browser: Browser, live: LiveApp) -> Iterator[Inviter]:
    """Alice signed in once for the module's tests (a sign-in costs seconds)."""
    opened = Users(browser, live.base_url)
    page = opened.new().page
    sign_in(page, ALICE)
    yield Inviter(page)
    opened.close()


@pytest.fixture
def alice(signed_in_alice: Inviter) -> Iterator[Inviter]:
    yield signed_in_alice
    signed_in_alice.put_back()


def address(name: str) -> str:
    """An address no other test invites (the tests share one served app)."""
    return f"{name}-{uuid.uuid4().hex[:8]}@exemple.gouv.fr"


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def password_field(page: Page) -> Locator:
    # Its label holds the rule ("Mot de passe 12 caractères au moins").
    return page.get_by_label(re.compile(r"^\s*Mot de passe"))


def sign_up(page: Page, name: str) -> None:
    page.get_by_label("Votre nom").fill(name)
    password_field(page).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()


def kept_token(page: Page) -> str | None:
    token: str | None = page.evaluate("key => sessionStorage.getItem(key)", TOKEN_KEY)
    return token


def fits_the_window(page: Page) -> bool:
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    return fits


def in_a_thread(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` on an event loop of its own (the sync browser API holds this thread's)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, work).result()


async def change_invitation(settings: Settings, email: str, **values: Any) -> None:
    """Change the pending invitation of ``email`` in the served app's database: give it
    what a plugin's invitation has (``note``, ``landing``), which the admin page makes
    none of, or a ``token_hash`` the test knows (the link is only ever in the e-mail)."""
    database = Database(settings.database)
    try:
        async with database.transaction() as db:
            await db.execute(update(Invitation).where(Invitation.email == email).values(**values))
    finally:
        await database.dispose()


def test_a_newcomer_makes_an_account_from_the_link_and_works_in_the_organization(
    alice: Inviter, users: Users
) -> None:
    email = address("eve")
    link = alice.invite(email)
    eve = users.new().page

    eve.goto(link)

    expect(heading(eve)).to_have_text("Rejoindre Ministère A")
    expect(eve).to_have_title("Rejoindre Ministère A — La Suite")
    expect(
        eve.get_by_text("Alice Martin vous invite à rejoindre Ministère A comme membre.")
    ).to_be_visible()
    expect(eve.get_by_text(f"Invitation envoyée à {email}.")).to_be_visible()
    expect(eve).to_have_url(re.compile(r"/invitations/accept$"))  # the token left the address bar
    sign_up(eve, "Eve Lambert")

    expect(heading(eve)).to_have_text("Bonjour Eve Lambert")
    expect(eve).to_have_url(re.compile(r"/$"))
    expect(eve.locator("#lasuite-organization")).to_have_text("Ministère A")
    me = call(eve, "GET", "/api/v1/auth/me")
    assert (me["email"], me["organization_id"]) == (email, alice.organization_id)
    assert [(m["slug"], m["role"]) for m in me["memberships"]] == [("ministere-a", "member")]
    assert kept_token(eve) is None


def test_a_member_of_another_organization_joins_with_the_account_signed_in(
    alice: Inviter, users: Users
) -> None:
    link = alice.invite(BOB.email)
    bob = users.new().page
    sign_in(bob, BOB)

    bob.goto(link)
    expect(bob.get_by_text(f"avec votre compte {BOB.email}")).to_be_visible()
    bob.get_by_role("button", name="Rejoindre Ministère A").click()

    expect(heading(bob)).to_have_text(f"Bonjour {BOB.display_name}")
    expect(bob.locator("#lasuite-organization")).to_have_value("ministere-a")
    me = call(bob, "GET", "/api/v1/auth/me")
    assert me["organization_id"] == alice.organization_id
    assert {m["slug"] for m in me["memberships"]} == {"ministere-a", "ministere-b"}


def test_someone_with_an_account_signs_in_from_the_link_then_joins(
    alice: Inviter, users: Users
) -> None:
    link = alice.invite(BOB.email)
    bob = users.new().page

    bob.goto(link)
    expect(bob.get_by_text(f"Un compte existe pour {BOB.email}")).to_be_visible()
    expect(bob.get_by_label("Adresse électronique")).to_have_value(BOB.email)
    bob.get_by_label("Mot de passe", exact=True).fill(BOB.password)
    bob.get_by_role("button", name="Se connecter").click()

    expect(heading(bob)).to_be_focused()
    expect(heading(bob)).to_have_text("Rejoindre Ministère A")
    bob.get_by_role("button", name="Rejoindre Ministère A").click()
    expect(heading(bob)).to_have_text(f"Bonjour {BOB.display_name}")
    expect(bob.locator("#lasuite-organization")).to_have_value("ministere-a")


def test_someone_signed_in_with_another_address_is_told_so_and_may_sign_out(
    alice: Inviter, users: Users
) -> None:
    email = address("fanny")
    link = alice.invite(email)
    carol = users.new().page
    sign_in(carol, CAROL)

    carol.goto(link)

    expect(
        carol.get_by_text(
            f"Cette invitation a été envoyée à {email} ; "
            f"vous êtes connecté·e en tant que {CAROL.email}."
        )
    ).to_be_visible()
    expect(carol.get_by_role("button", name="Rejoindre Ministère A")).to_have_count(0)
    carol.get_by_role("button", name="Me déconnecter pour changer de compte").click()
    expect(carol.get_by_text(f"Votre compte aura l'adresse {email}.")).to_be_visible()
    expect(heading(carol)).to_have_text("Rejoindre Ministère A")
    expect(heading(carol)).to_be_focused()


def test_an_invitation_about_a_page_names_it_and_leads_to_it(
    alice: Inviter, users: Users, live: LiveApp
) -> None:
    email = address("jade")
    link = alice.invite(email)
    in_a_thread(
        change_invitation(live.settings, email, note="Compte rendu du comité", landing="/hello")
    )
    jade = users.new().page

    jade.goto(link)
    expect(jade.get_by_text("Objet : Compte rendu du comité")).to_be_visible()
    sign_up(jade, "Jade Morel")

    expect(jade).to_have_url(re.compile(r"/hello$"))
    expect(jade.get_by_role("heading", name="Le module Bonjour")).to_be_visible()


def test_a_link_used_already_says_to_ask_for_a_new_one(alice: Inviter, users: Users) -> None:
    email = address("gus")
    link = alice.invite(email)
    gus = users.new().page
    gus.goto("/")
    token = link.split("#token=", 1)[1]
    call(
        gus,
        "POST",
        "/api/v1/invitations/signup",
        {"token": token, "display_name": "Gus Roux", "password": NEW_PASSWORD},
    )
    someone = users.new().page

    someone.goto(link)

    expect(someone.get_by_role("alert")).to_have_text(
        "Ce lien d'invitation a déjà servi ou a expiré. "
        "Demandez-en un nouveau à la personne qui vous a invité·e."
    )
    expect(heading(someone)).to_have_text("Lien d'invitation")
    expect(someone.get_by_label("Votre nom")).to_have_count(0)
    assert kept_token(someone) is None


def test_a_revoked_link_says_it_is_not_valid(alice: Inviter, users: Users) -> None:
    email = address("hugo")
    link = alice.invite(email)
    alice.revoke(email)
    hugo = users.new().page

    hugo.goto(link)

    expect(hugo.get_by_role("alert")).to_contain_text("Ce lien d'invitation n'est pas valide")
    assert kept_token(hugo) is None


def test_a_link_without_its_token_says_it_is_incomplete(users: Users) -> None:
    page = users.new().page

    page.goto("/invitations/accept")

    expect(page.get_by_role("alert")).to_contain_text("Ce lien d'invitation est incomplet")
    expect(page.get_by_role("link", name="Retour à l'accueil")).to_be_visible()


def test_the_sign_up_form_fits_a_phone_and_says_what_is_wrong_beside_each_field(
    alice: Inviter, users: Users
) -> None:
    link = alice.invite(address("ines.de-la-fontaine-saint-germain"))
    page = users.new().page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(link)
    name = page.get_by_label("Votre nom")
    password = password_field(page)
    expect(name).to_be_visible()
    expect(password).to_have_accessible_name(re.compile("12 caractères au moins$"))
    assert fits_the_window(page)

    password.fill("trop court")
    page.get_by_role("button", name="Créer mon compte").click()

    expect(name).to_be_focused()
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description("Indiquez votre nom.")
    expect(password).to_have_accessible_description(
        "Le mot de passe doit compter 12 caractères au moins."
    )
    page.get_by_text("Afficher le mot de passe").click()  # the DSFR's label covers the box
    expect(page.get_by_label("Afficher le mot de passe")).to_be_checked()
    expect(password).to_have_attribute("type", "text")
    for width in (390, 1024, 1920):
        page.set_viewport_size({"width": width, "height": 844})
        assert fits_the_window(page), f"horizontal scrolling at {width} px"


def test_the_invitation_reads_in_english(alice: Inviter, users: Users) -> None:
    link = alice.invite(address("kim"), role="admin")
    page = users.new().page
    page.goto(link)
    expect(heading(page)).to_have_text("Rejoindre Ministère A")

    page.get_by_label("Langue").select_option("en")

    expect(heading(page)).to_have_text("Join Ministère A")
    expect(
        page.get_by_text("Alice Martin invites you to join Ministère A as an administrator.")
    ).to_be_visible()
    expect(page.get_by_label(re.compile(r"^\s*Password"))).to_have_accessible_name(
        re.compile("At least 12 characters$")
    )


def test_proconnect_from_the_link_carries_the_invitation_in_a_request_not_an_address(
    alice: Inviter, users: Users
) -> None:
    """An agent whose administration has not joined comes in through ProConnect: the
    sign-in starts with the invitation (accepted once ProConnect vouches for them, see
    tests/core/test_oidc.py), its token in a request's body, never in an address."""
    link = alice.invite(address("gael"))
    page = users.new().page
    page.route(
        "**/api/v1/auth/providers",
        lambda route: route.fulfill(json={"local": True, "oidc": True}),
    )
    started: list[dict[str, Any]] = []
    answers = iter(
        [
            {"status": 503, "json": {"error": "service_unavailable", "detail": "Down."}},
            {"status": 200, "json": {"url": "/hello?from=proconnect"}},
        ]
    )

    def start(route: Any) -> None:
        started.append(route.request.post_data_json)
        route.fulfill(**next(answers))

    page.route("**/api/v1/auth/oidc/login", start)

    page.goto(link)
    token = kept_token(page)
    proconnect = page.get_by_role("button", name="S'identifier avec ProConnect")
    proconnect.click()
    expect(page.get_by_role("alert")).to_contain_text("indisponible")
    proconnect.click()

    expect(page).to_have_url(re.compile(r"/hello\?from=proconnect$"))
    assert token
    assert started == [{"invitation": token}, {"invitation": token}]
