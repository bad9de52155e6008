"""The "Mon compte" page (``/profile``) in a real browser: a member changes their password
and their display name, and makes, uses and revokes a personal API token.

The served app is shared by the whole browser suite: each test makes its own member (an
invitation from Alice, signed up through the API), removed from Ministère A afterwards,
so that nobody else's password or name changes.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from lasuite.identity.password_reset import reset_token
from tests.e2e.browser import Users
from tests.e2e.conftest import ALICE
from tests.e2e.server import Account, LiveApp
from tests.e2e.test_admin import call
from tests.e2e.test_invitation_page import Inviter, address
from tests.e2e.test_workspace import open_user_menu, sign_in, sign_in_by_form

PASSWORD = "un mot de passe assez long"
NEW_PASSWORD = "un tout autre mot de passe"
API = "/api/v1/orgs/current"


@pytest.fixture(scope="module")
def signed_in_alice(browser: Browser, live: LiveApp) -> Iterator[Inviter]:
    """Alice signed in once for the module's tests (a sign-in costs seconds)."""
    opened = Users(browser, live.base_url)
    page = opened.new().page
    sign_in(page, ALICE)
    yield Inviter(page)
    opened.close()


@dataclass(frozen=True)
class Newcomer:
    account: Account
    page: Page


@pytest.fixture
def newcomer(signed_in_alice: Inviter, users: Users) -> Iterator[Newcomer]:
    """Someone Alice invited, signed up and signed in, on their account page."""
    email = address("compte")
    link = signed_in_alice.invite(email)
    page = users.new().page
    page.goto("/")
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    token = link.split("#token=", 1)[1]
    display_name = "Inès Lambert"
    call(
        page,
        "POST",
        "/api/v1/invitations/signup",
        {"token": token, "display_name": display_name, "password": PASSWORD},
    )
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bonjour {display_name}")
    open_account_page(page, display_name)
    yield Newcomer(Account(email, PASSWORD, display_name), page)
    signed_in_alice.put_back()


def open_account_page(page: Page, display_name: str) -> None:
    """As a person does: the user menu, then "Mon compte"."""
    page.get_by_role("button", name=display_name).click()
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")


def test_a_member_changes_their_password_and_signs_in_with_the_new_one(
    newcomer: Newcomer,
) -> None:
    page, account = newcomer.page, newcomer.account
    section = page.get_by_role("region", name="Mot de passe")
    hinted = re.compile(r"Nouveau mot de passe\s+12 caractères au moins")
    expect(section.get_by_label(hinted)).to_be_visible()

    section.get_by_label("Mot de passe actuel").fill("pas le bon mot de passe")
    section.get_by_label(re.compile(r"^\s*Nouveau mot de passe")).fill(NEW_PASSWORD)
    section.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
    section.get_by_role("button", name="Changer le mot de passe").click()
    current = section.get_by_label("Mot de passe actuel")
    expect(current).to_have_attribute("aria-invalid", "true")
    expect(section.locator(".fr-input-group--error .fr-error-text")).to_have_text(
        "Ce mot de passe n'est pas le bon."
    )
    current.fill(account.password)
    section.get_by_role("button", name="Changer le mot de passe").click()

    expect(section.get_by_role("status")).to_have_text(
        "Mot de passe changé. Vos autres sessions ont été fermées."
    )
    expect(section.locator(".fr-error-text")).to_have_count(0)
    page.get_by_role("button", name=account.display_name).click()
    page.get_by_role("button", name="Se déconnecter", exact=True).click()
    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    sign_in_by_form(page, Account(account.email, NEW_PASSWORD, account.display_name))


def test_a_short_or_unconfirmed_new_password_is_said_beside_its_field(
    newcomer: Newcomer,
) -> None:
    section = newcomer.page.get_by_role("region", name="Mot de passe")
    section.get_by_label("Mot de passe actuel").fill(newcomer.account.password)
    new = section.get_by_label(re.compile(r"^\s*Nouveau mot de passe"))
    confirmation = section.get_by_label("Confirmation du nouveau mot de passe")

    new.fill("trop court")
    section.get_by_role("button", name="Changer le mot de passe").click()
    expect(new).to_be_focused()
    expect(section.locator(".fr-error-text")).to_have_text(
        "Le mot de passe doit compter 12 caractères au moins."
    )
    new.fill(NEW_PASSWORD)
    confirmation.fill(NEW_PASSWORD + "!")
    section.get_by_role("button", name="Changer le mot de passe").click()

    expect(confirmation).to_be_focused()
    expect(section.locator(".fr-error-text")).to_have_text(
        "La confirmation ne correspond pas au nouveau mot de passe."
    )


def test_a_new_display_name_shows_in_the_header_at_once(newcomer: Newcomer) -> None:
    page = newcomer.page
    section = page.get_by_role("region", name="Nom affiché")
    field = section.get_by_label(re.compile(r"^\s*Nom affiché"))
    expect(field).to_have_value(newcomer.account.display_name)

    field.fill("  Inès Lambert-Roy ")
    section.get_by_role("button", name="Enregistrer le nom").click()

    expect(section.get_by_role("status")).to_have_text("Nom enregistré.")
    expect(page.get_by_role("button", name="Inès Lambert-Roy")).to_be_visible()
    assert call(page, "GET", "/api/v1/auth/me")["display_name"] == "Inès Lambert-Roy"


def test_a_token_is_shown_once_works_and_stops_working_once_revoked(newcomer: Newcomer) -> None:
    page = newcomer.page
    section = page.get_by_role("region", name="Jetons d'API personnels")
    expect(section.get_by_text("Vous n'avez aucun jeton dans cette organisation.")).to_be_visible()

    section.get_by_label(re.compile(r"^\s*Nom du jeton")).fill("Script de sauvegarde")
    tick(section, "Espace de travail")
    section.get_by_role("button", name="Créer le jeton").click()

    secret_field = section.get_by_label("Secret du jeton")
    expect(secret_field).to_have_value(re.compile(r"^lst_[0-9a-f]{8}_"))
    expect(secret_field).to_have_attribute("readonly", "")
    secret = secret_field.input_value()
    tokens = section.get_by_role("list").get_by_role("listitem")
    expect(tokens).to_have_count(1)
    expect(tokens).to_contain_text("Script de sauvegarde")
    expect(tokens).to_contain_text("core.*")
    expect(tokens).to_contain_text("jamais utilisé")
    assert bearer_get(page, secret) == 200

    tokens.get_by_role("button", name="Révoquer").click()
    dialog = page.get_by_role("dialog", name="Révoquer le jeton « Script de sauvegarde » ?")
    dialog.get_by_role("button", name="Révoquer").click()

    expect(section.get_by_role("status")).to_have_text("Jeton « Script de sauvegarde » révoqué.")
    expect(secret_field).to_have_count(0)
    expect(tokens).to_have_count(0)
    assert bearer_get(page, secret) == 401
    page.reload()
    expect(page.get_by_text("Vous n'avez aucun jeton dans cette organisation.")).to_be_visible()


def tick(section: Locator, label: str) -> None:
    """Tick a DSFR checkbox as a pointer does (its label covers the box)."""
    section.locator("label.fr-label", has_text=label).click()
    expect(section.get_by_role("checkbox", name=re.compile(label))).to_be_checked()


def bearer_get(page: Page, token: str) -> int:
    """The status of ``GET /me`` with ``token`` alone (no session cookie)."""
    status: int = page.evaluate(
        """async (token) => (await fetch("/api/v1/auth/me", {
            credentials: "omit", headers: { Authorization: `Bearer ${token}` },
        })).status""",
        token,
    )
    return status


def test_a_member_chooses_how_each_kind_of_notification_reaches_them(
    newcomer: Newcomer,
) -> None:
    page = newcomer.page
    section = page.get_by_role("region", name="Notifications")
    mention = section.get_by_role("group", name="On vous mentionne dans un salon")
    by_email = mention.get_by_role("checkbox", name="Par courriel")
    expect(by_email).to_be_checked()

    mention.locator("label.fr-label", has_text="Par courriel").click()

    expect(section.get_by_role("status")).to_contain_text(
        "Choix enregistré : « On vous mentionne dans un salon »."
    )
    page.reload()
    expect(by_email).not_to_be_checked()
    expect(mention.get_by_role("checkbox", name="Dans l'espace de travail")).to_be_checked()
    chosen = call(page, "GET", "/api/v1/notifications/preferences")
    assert {(p["kind"], p["email"], p["in_app"]) for p in chosen} >= {("chat.mention", False, True)}


def test_switching_the_language_translates_the_shell_and_the_plugins(newcomer: Newcomer) -> None:
    # A newcomer of this test's own: the choice is kept with the account.
    page, name = newcomer.page, newcomer.account.display_name
    page.goto("/")

    open_user_menu(page, newcomer.account)
    page.get_by_label("Langue").select_option("en")

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello {name}")
    expect(page.get_by_role("navigation", name="Main menu").get_by_role("link")).to_have_text(
        ["Home", "Chat", "Documents", "Visio", "Hello"]
    )
    expect(page.get_by_text(f"Welcome, {name}!")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.reload()
    expect(page.get_by_label("Language")).to_have_value("en")


def test_the_language_chosen_in_my_account_follows_the_person_to_another_device(
    newcomer: Newcomer, users: Users
) -> None:
    page = newcomer.page
    page.get_by_role("region", name="Langue").get_by_label(
        re.compile("Langue de l'espace de travail")
    ).select_option("en")

    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.get_by_role("region", name="Language").get_by_role("status")).to_have_text(
        "Language saved."
    )
    phone = users.new().page
    phone.goto("/")
    phone.get_by_label("Adresse électronique").fill(newcomer.account.email)
    phone.get_by_label("Mot de passe", exact=True).fill(newcomer.account.password)
    phone.get_by_role("button", name="Se connecter").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        f"Hello {newcomer.account.display_name}"
    )
    expect(phone.locator("html")).to_have_attribute("lang", "en")


def test_the_colour_a_member_picks_is_their_badges_at_once(newcomer: Newcomer) -> None:
    page = newcomer.page
    section = page.get_by_role("region", name="Couleur")
    badge = page.locator("#lasuite-user-menu-button .lasuite-badge")
    expect(badge).to_have_text("IL")  # Inès Lambert

    # The colour derived from the person's id is one of the palette: pick another one
    # (picking the one already checked changes nothing).
    name, colour = ("Prune", "6e445a")
    if section.get_by_role("radio", name=name).is_checked():
        name, colour = ("Canard", "006a6f")
    section.locator("label", has_text=name).click()

    expect(section.get_by_role("status")).to_have_text("Couleur enregistrée.")
    expect(section.get_by_role("radio", name=name)).to_be_checked()
    expect(badge).to_have_class(re.compile(rf"\blasuite-colour-{colour}\b"))
    page.reload()
    expect(page.locator("#lasuite-user-menu-button .lasuite-badge")).to_have_class(
        re.compile(rf"\blasuite-colour-{colour}\b")
    )


def test_the_account_page_fits_a_phone(newcomer: Newcomer) -> None:
    page = newcomer.page
    page.set_viewport_size({"width": 390, "height": 844})
    section = page.get_by_role("region", name="Jetons d'API personnels")
    section.get_by_label(re.compile(r"^\s*Nom du jeton")).fill("Un jeton au nom assez long " * 3)
    tick(section, "Espace de travail")
    section.get_by_role("button", name="Créer le jeton").click()
    expect(section.get_by_label("Secret du jeton")).to_be_visible()
    expect(section.get_by_role("list").get_by_role("listitem")).to_have_count(1)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1920, "height": 1080})
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920


def test_a_forgotten_password_is_chosen_again_from_the_e_mailed_link(
    newcomer: Newcomer, users: Users, live: LiveApp
) -> None:
    user_id = call(newcomer.page, "GET", "/api/v1/auth/me")["id"]
    page = users.new().page
    page.goto("/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mot de passe oublié")
    page.get_by_label("Adresse électronique").fill(newcomer.account.email)
    page.get_by_role("button", name="Recevoir le lien").click()
    expect(page.get_by_role("status")).to_contain_text("Si un compte existe pour cette adresse")
    # The link is only ever in the e-mail (this served app sends none): the test makes it.
    expires = int(time.time()) + 3600
    token = reset_token(live.settings, uuid.UUID(user_id), 0, expires)

    page.goto(f"/password-reset#token={token}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choisir un nouveau mot de passe")
    expect(page).to_have_url(re.compile(r"/password-reset$"))  # the token left the address bar
    page.get_by_label(re.compile(r"^\s*Nouveau mot de passe")).fill(NEW_PASSWORD)
    page.get_by_label("Confirmez le nouveau mot de passe").fill(NEW_PASSWORD + "?")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_text("Les deux mots de passe ne sont pas identiques.")).to_be_visible()
    page.get_by_label("Confirmez le nouveau mot de passe").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_role("status")).to_contain_text("Mot de passe changé")

    # The session the newcomer had open is over; the new password signs in.
    newcomer.page.reload()
    expect(newcomer.page.get_by_role("button", name="Se connecter")).to_be_visible()
    sign_in_by_form(
        page, Account(newcomer.account.email, NEW_PASSWORD, newcomer.account.display_name)
    )


def test_signing_out_everywhere_else_closes_the_other_browser_not_this_one(
    newcomer: Newcomer, users: Users
) -> None:
    page, account = newcomer.page, newcomer.account
    elsewhere = users.new().page
    sign_in_by_form(elsewhere, account)
    section = page.get_by_role("region", name="Sessions")

    section.get_by_role("button", name="Se déconnecter partout ailleurs").click()
    page.get_by_role("dialog").get_by_role("button", name="Se déconnecter partout ailleurs").click()

    expect(section.get_by_role("status")).to_have_text("Vos autres sessions sont fermées.")
    elsewhere.reload()
    expect(elsewhere.get_by_role("button", name="Se connecter")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon compte")


def test_a_member_sees_where_they_are_signed_in_and_signs_one_device_out(
    newcomer: Newcomer, users: Users
) -> None:
    page, account = newcomer.page, newcomer.account
    elsewhere = users.new().page
    sign_in_by_form(elsewhere, account)
    page.reload()
    sessions = page.get_by_role("list", name="Vos sessions").get_by_role("listitem")
    expect(sessions).to_have_count(2)
    this_one = sessions.filter(has_text="Cet appareil")
    other = sessions.filter(has_not_text="Cet appareil")
    expect(this_one).to_contain_text("Chrome sur Linux")
    expect(other).to_contain_text("dernière activité le")

    other.get_by_role("button", name="Déconnecter Chrome sur Linux").click()

    expect(page.get_by_role("region", name="Sessions").get_by_role("status")).to_have_text(
        "La session « Chrome sur Linux » est fermée."
    )
    expect(sessions).to_have_count(1)
    expect(sessions).to_contain_text("Cet appareil")
    elsewhere.reload()
    expect(elsewhere.get_by_role("button", name="Se connecter")).to_be_visible()


def test_a_welcome_link_lets_an_account_made_by_an_admin_choose_its_password(
    signed_in_alice: Inviter, users: Users, live: LiveApp
) -> None:
    alice, email = signed_in_alice.page, address("bienvenue")
    made = call(alice, "POST", f"{API}/accounts", {"email": email, "display_name": "Gaëlle Noir"})
    page = users.new().page
    # The link is only ever in the e-mail (this served app sends none): the test makes it.
    token = reset_token(live.settings, uuid.UUID(made["id"]), 0, int(time.time()) + 3600)
    try:
        page.goto(f"/password-reset#token={token}&welcome=1")
        expect(page.get_by_role("heading", level=1)).to_have_text("Choisir votre mot de passe")
        page.get_by_label(re.compile(r"^\s*Nouveau mot de passe")).fill(NEW_PASSWORD)
        page.get_by_label("Confirmez le nouveau mot de passe").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Enregistrer le mot de passe").click()
        expect(page.get_by_role("status")).to_contain_text("Votre mot de passe est enregistré")

        sign_in_by_form(page, Account(email, NEW_PASSWORD, "Gaëlle Noir"))
    finally:
        call(alice, "DELETE", f"{API}/members/{made['id']}")
