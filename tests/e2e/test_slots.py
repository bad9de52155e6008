"""The ``create.menu`` and ``settings.org`` slots in a real browser: the header's
"Créer" menu built from the plugins' items, and a plugin's own settings element on
its admin page (with the generated form as the fallback)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import Users
from tests.e2e.conftest import ALICE
from tests.e2e.test_admin import API, call
from tests.e2e.test_workspace import sign_in


@pytest.fixture
def alice(users: Users) -> Iterator[Page]:
    """Alice, owner of Ministère A, signed in; hello is enabled again afterwards."""
    page = users.new().page
    sign_in(page, ALICE)
    yield page
    call(page, "PUT", f"{API}/plugins/hello", {"enabled": True})


def create_button(page: Page):
    return page.get_by_role("button", name="Créer", exact=True)


def test_the_create_menu_lists_the_plugins_items_and_opens_one_by_keyboard(alice: Page) -> None:
    alice.evaluate("window.__sameDocument = true")
    button = create_button(alice)
    menu = alice.get_by_role("menu", name="Créer", exact=True)
    button.focus()

    alice.keyboard.press("Enter")
    # chat, docs, visio and finder declare no create.menu fragment: they add nothing.
    expect(menu.get_by_role("menuitem")).to_have_text(["Nouvelle salutation"])
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("menuitem", name="Nouvelle salutation")).to_be_focused()
    alice.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    alice.keyboard.press("ArrowDown")
    expect(menu.get_by_role("menuitem", name="Nouvelle salutation")).to_be_focused()
    alice.keyboard.press("Enter")

    expect(alice).to_have_url(re.compile(r"/hello$"))
    expect(alice.get_by_role("heading", name="Le module Bonjour")).to_be_visible()
    expect(menu).to_be_hidden()
    assert alice.evaluate("window.__sameDocument") is True


def test_the_create_menu_is_gone_when_no_enabled_plugin_contributes_to_it(alice: Page) -> None:
    expect(create_button(alice)).to_be_visible()

    call(alice, "PUT", f"{API}/plugins/hello", {"enabled": False})

    expect(create_button(alice)).to_have_count(0)
    call(alice, "PUT", f"{API}/plugins/hello", {"enabled": True})
    expect(create_button(alice)).to_be_visible()


def test_the_admin_page_shows_the_plugins_own_settings_element_which_saves(alice: Page) -> None:
    before = call(alice, "GET", f"{API}/plugins/hello/settings")
    alice.goto("/admin/plugins/hello")
    greeting = alice.get_by_label("Formule d'accueil du module")
    expect(greeting).to_have_value(before["values"]["greeting"])
    expect(alice.get_by_label(re.compile("^Per Day"))).to_have_count(0)

    greeting.fill("Coucou {name}")
    alice.get_by_role("button", name="Enregistrer la formule").click()

    version = before["version"] + 1
    expect(alice.get_by_text(f"Formule enregistrée (version {version}).")).to_be_visible()
    saved = call(alice, "GET", f"{API}/plugins/hello/settings")
    assert saved["version"] == version
    assert saved["values"] == before["values"] | {"greeting": "Coucou {name}"}


def test_the_generic_form_is_a_click_away_from_the_plugins_element(alice: Page) -> None:
    alice.goto("/admin/plugins/hello")
    expect(alice.get_by_label("Formule d'accueil du module")).to_be_visible()

    alice.get_by_role("button", name="Formulaire générique").click()

    expect(alice.get_by_label(re.compile("^Per Day"))).to_be_visible()
    expect(alice.get_by_label("Formule d'accueil du module")).to_have_count(0)
    alice.get_by_role("button", name="Formulaire du module").click()
    expect(alice.get_by_label("Formule d'accueil du module")).to_be_visible()


def test_a_settings_element_whose_module_fails_leaves_the_error_tile_and_the_generic_form(
    alice: Page,
) -> None:
    alice.goto("/admin/plugins/finder")

    expect(alice.locator("main .lasuite-fragment-error")).to_contain_text("Trouvailles")
    shelf = alice.get_by_label(re.compile("^Shelf"))
    expect(shelf).to_have_value("Grenier")
    shelf.fill("Cave")
    alice.get_by_role("button", name="Enregistrer").click()
    expect(alice.locator("main .lasuite-admin-status")).to_have_text("Paramètres enregistrés.")
    assert call(alice, "GET", f"{API}/plugins/finder/settings")["values"] == {"shelf": "Cave"}
