"""Unified search in a real browser: the header's field, the results of several
plugins, a plugin's own result element, and plugins that did not answer."""

from __future__ import annotations

import re
import secrets
import string
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.browser import Users
from tests.e2e.conftest import ALICE
from tests.e2e.test_workspace import sign_in


def call_api(page: Page, method: str, path: str, body: Any = None) -> Any:
    """Call the API as the page's user, through the shell's client (CSRF included)."""
    return page.evaluate(
        """async ([method, path, body]) => {
            const { request } = await import("@lasuite/shell");
            return request(method, path, body === null ? {} : { body });
        }""",
        [method, path, body],
    )


def unique_word() -> str:
    """A word no other test's data holds (the app is shared by the whole suite)."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))


def search(page: Page, words: str) -> None:
    field = page.get_by_role("combobox", name="Rechercher dans l'espace de travail")
    field.fill(words)
    field.press("Enter")


def results(page: Page):
    return page.get_by_role("list", name="Résultats de la recherche").get_by_role("listitem")


def test_a_search_finds_documents_and_rooms_and_opens_one(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)
    word = unique_word()
    document = call_api(page, "POST", "/api/v1/docs/documents", {"title": f"Budget {word}"})
    room = call_api(page, "POST", "/api/v1/visio/rooms", {"name": f"Revue {word}"})

    search(page, word)

    expect(page).to_have_url(re.compile(rf"/search\?q={word}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Résultats pour « {word} »")
    expect(page.locator(".lasuite-search-status")).to_contain_text("2 résultats")
    expect(results(page)).to_have_count(2)
    expect(results(page).get_by_role("link")).to_have_text(
        [f"Revue {word}", f"Budget {word}"]  # equal scores: the newest first
    )
    expect(results(page).first.locator("mark")).to_have_text([word])
    expect(results(page).first).to_contain_text("Salle de réunion")
    expect(results(page).last).to_contain_text("Document")

    results(page).get_by_role("link", name=f"Budget {word}").click()

    expect(page).to_have_url(re.compile(rf"/docs/{document['id']}$"))
    page.go_back()
    results(page).get_by_role("link", name=f"Revue {word}").click()
    expect(page).to_have_url(re.compile(rf"/visio/{room['slug']}$"))


def test_a_plugin_shows_its_results_with_its_own_element(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)

    search(page, "trouvaille")

    expect(results(page)).to_have_count(1)
    own = results(page).locator("finder-search-result .finder-result")
    expect(own.get_by_role("link")).to_have_text("★ Trouvaille du jour")
    expect(own.get_by_role("link")).to_have_attribute("href", "/finder/treasures/1")
    expect(own).to_contain_text("Une pièce rare")


def test_no_result_is_said_and_a_plugin_that_failed_is_named(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)
    word = unique_word()

    search(page, f"panne {word}")

    expect(page.locator(".lasuite-search-status")).to_have_text(
        f"Aucun résultat pour « panne {word} »."
    )
    expect(page.locator(".lasuite-search-partial")).to_have_text(
        "Ces modules n'ont pas répondu, des résultats peuvent manquer : Trouvailles."
    )
    expect(page.get_by_role("list", name="Résultats de la recherche")).to_have_count(0)


def test_a_new_search_from_the_results_page_replaces_the_results(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)
    first, second = unique_word(), unique_word()
    call_api(page, "POST", "/api/v1/docs/documents", {"title": f"Note {first}"})
    call_api(page, "POST", "/api/v1/docs/documents", {"title": f"Note {second}"})
    search(page, first)
    expect(results(page).get_by_role("link")).to_have_text([f"Note {first}"])

    search(page, second)

    expect(results(page).get_by_role("link")).to_have_text([f"Note {second}"])
    page.go_back()
    expect(results(page).get_by_role("link")).to_have_text([f"Note {first}"])
    expect(page.get_by_role("combobox", name="Rechercher dans l'espace de travail")).to_have_value(
        first
    )


def test_suggestions_appear_while_typing_and_open_with_the_keyboard(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)
    word = unique_word()
    room = call_api(page, "POST", "/api/v1/visio/rooms", {"name": f"Point {word}"})
    field = page.get_by_role("combobox", name="Rechercher dans l'espace de travail")

    field.press_sequentially(word[:6])

    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions.get_by_role("option")).to_have_count(1)
    expect(suggestions.get_by_role("option").first).to_contain_text(f"Point {word}")
    expect(suggestions.get_by_role("option").first).to_contain_text("Salle de réunion")
    expect(field).to_have_attribute("aria-expanded", "true")
    field.press("ArrowDown")
    expect(suggestions.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    field.press("Enter")

    expect(page).to_have_url(re.compile(rf"/visio/{room['slug']}$"))
    expect(suggestions).to_be_hidden()
