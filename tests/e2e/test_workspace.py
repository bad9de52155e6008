"""The workspace in a real browser: sign-in, navigation from the manifest, plugin
fragments (and a failing one), languages, theme, several users at once."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from lasuite.identity.csrf import CSRF_COOKIE, CSRF_HEADER
from tests.e2e.browser import Users
from tests.e2e.conftest import ALICE, BOB, CAROL
from tests.e2e.server import Account, LiveApp


def sign_in(page: Page, account: Account) -> None:
    """Sign in as the sign-in form does (its API call, in the page's browser context),
    then open the workspace: most tests are about what comes after; the form itself is
    tested through :func:`sign_in_by_form`."""
    page.request.get("/api/v1/auth/providers")  # the CSRF cookie, as any page gets it
    token = next(c["value"] for c in page.context.cookies() if c["name"] == CSRF_COOKIE)
    answer = page.request.post(
        "/api/v1/auth/login",
        data={"email": account.email, "password": account.password},
        headers={CSRF_HEADER: token},
    )
    assert answer.ok, answer.text()
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bonjour {account.display_name}")


def sign_in_by_form(page: Page, account: Account) -> None:
    page.goto("/")
    page.get_by_label("Adresse électronique").fill(account.email)
    page.get_by_label("Mot de passe", exact=True).fill(account.password)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bonjour {account.display_name}")


def open_user_menu(page: Page, account: Account) -> None:
    """The user menu, which holds the organization, the language and the theme."""
    button = page.get_by_role("button", name=account.display_name)
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    expect(page.locator("#lasuite-user-menu")).to_be_visible()


def navigation(page: Page):
    return page.get_by_role("navigation", name="Menu principal")


def test_signing_in_shows_the_navigation_built_from_the_manifest(users: Users) -> None:
    page = users.new().page

    sign_in_by_form(page, ALICE)

    links = navigation(page).get_by_role("link")
    # Chat's entry counts the unread messages of Alice (shared with other tests) beside it.
    expect(links).to_have_text(
        ["Accueil", re.compile(r"^Discussions"), "Documents", "Visio", "Bonjour"]
    )
    expect(links.first).to_have_attribute("aria-current", "page")
    expect(page.get_by_text(f"Bienvenue, {ALICE.display_name} !")).to_be_visible()


def test_the_header_fits_the_window_from_a_phone_to_a_wide_screen(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)  # in French, whose labels are the longest
    expect(page.get_by_role("button", name=ALICE.display_name)).to_be_visible()

    widths = {}
    for width in (390, 800, 1024, 1280, 1366, 1920):
        page.set_viewport_size({"width": width, "height": 860})
        widths[width] = page.evaluate("document.documentElement.scrollWidth")

    assert widths == {width: width for width in widths}  # no horizontal scrolling


def test_a_plugin_page_opens_from_its_navigation_entry_without_reloading(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)
    page.evaluate("window.__sameDocument = true")

    navigation(page).get_by_role("link", name="Bonjour").click()

    expect(page).to_have_url(re.compile(r"/hello$"))
    expect(page.get_by_role("heading", name="Le module Bonjour")).to_be_visible()
    expect(navigation(page).get_by_role("link", name="Bonjour")).to_have_attribute(
        "aria-current", "page"
    )
    assert page.evaluate("window.__sameDocument") is True
    expect(page).to_have_title("Bonjour — La Suite")


def test_a_plugin_module_that_throws_shows_an_error_tile_while_the_rest_works(
    users: Users,
) -> None:
    page = users.new().page

    sign_in(page, BOB)

    tiles = page.locator(".lasuite-fragment-error")
    expect(tiles).to_have_count(2)  # its navigation entry and its home widget
    expect(tiles.last).to_contain_text("« En panne » n'a pas pu s'afficher")
    expect(page.get_by_text(f"Bienvenue, {BOB.display_name} !")).to_be_visible()
    expect(navigation(page).get_by_role("link", name="Bonjour")).to_be_visible()


def test_a_plugin_page_whose_module_is_missing_shows_an_error_tile(users: Users) -> None:
    page = users.new().page
    sign_in(page, BOB)

    page.get_by_role("link", name="En panne").click()

    expect(page.locator("main .lasuite-fragment-error")).to_contain_text("En panne")
    expect(navigation(page).get_by_role("link", name="Bonjour")).to_be_visible()


def test_the_plugin_calls_the_api_through_the_shells_client_with_the_csrf_token(
    users: Users,
) -> None:
    page = users.new().page
    sign_in(page, ALICE)

    page.get_by_role("button", name="Saluer").click()
    page.get_by_role("button", name="Saluer").click()

    expect(page.get_by_text("Salué 2 fois")).to_be_visible()


def test_plugins_share_the_shells_lit_through_the_import_map(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)

    shared = page.evaluate(
        """async () => {
            await customElements.whenDefined("hello-widget");
            const { LitElement } = await import("lit");
            const shell = await import("@lasuite/shell");
            return customElements.get("hello-widget").prototype instanceof LitElement
                && customElements.get("lasuite-app").prototype instanceof LitElement
                && typeof shell.api.get === "function";
        }"""
    )

    assert shared is True


def test_a_visitor_reads_the_sign_in_page_in_their_browsers_language(users: Users) -> None:
    english = users.new(locale="en-GB").page
    german = users.new(locale="de-DE").page

    english.goto("/")
    german.goto("/")

    expect(english.get_by_role("button", name="Sign in", exact=True)).to_be_visible()
    expect(english.locator("html")).to_have_attribute("lang", "en")
    # A language the workspace does not speak: French, its own.
    expect(german.get_by_role("button", name="Se connecter", exact=True)).to_be_visible()
    expect(german.locator("html")).to_have_attribute("lang", "fr")


def test_the_workspace_makes_no_console_error_and_no_request_outside_its_origin(
    users: Users, live: LiveApp
) -> None:
    user = users.new()
    page = user.page
    sign_in(page, ALICE)
    user.record.console_errors.clear()

    page.reload()
    navigation(page).get_by_role("link", name="Bonjour").click()
    expect(page.get_by_role("heading", name="Le module Bonjour")).to_be_visible()
    open_user_menu(page, ALICE)
    page.get_by_role("button", name="Thème sombre").click()
    page.get_by_role("link", name="Mon compte").click()
    expect(page.get_by_role("heading", name="Mon compte")).to_be_visible()
    page.wait_for_load_state("networkidle")

    assert user.record.console_errors == []
    assert user.record.page_errors == []
    assert user.record.foreign_requests(live.base_url) == []
    assert any("/static/assets/Marianne" in url for url in user.record.requests)


def test_the_sign_in_page_logs_only_the_anonymous_session_probe(
    users: Users, live: LiveApp
) -> None:
    user = users.new()

    user.page.goto("/")
    expect(user.page.get_by_role("button", name="Se connecter")).to_be_visible()
    user.page.wait_for_load_state("networkidle")

    # Chromium logs every 4xx response; this one is how the shell learns nobody is signed in.
    assert user.record.console_errors == [
        f"Failed to load resource: the server responded with a status of 401 (Unauthorized) "
        f"({live.base_url}/api/v1/auth/me)"
    ]
    assert user.record.page_errors == []
    assert user.record.foreign_requests(live.base_url) == []


def test_the_theme_toggle_switches_to_dark_and_is_remembered(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)
    open_user_menu(page, ALICE)
    toggle = page.get_by_role("button", name="Thème sombre")

    toggle.click()

    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_attribute("data-fr-theme", "dark")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-fr-theme", "dark")


def test_a_member_of_two_organizations_switches_between_them(users: Users) -> None:
    page = users.new().page
    sign_in(page, CAROL)
    expect(page.locator(".lasuite-fragment-error")).to_have_count(0)
    # Once the widget has its answer no request is in flight: one answered after the
    # switch would store the session it read before (sessions are saved whole).
    expect(page.get_by_text(f"Bienvenue, {CAROL.display_name} !")).to_be_visible()

    open_user_menu(page, CAROL)
    page.get_by_label("Organisation", exact=True).select_option("ministere-b")

    expect(page.get_by_text("Votre espace de travail dans Ministère B.")).to_be_visible()
    # Named on the user button, the switcher being in its menu.
    expect(page.locator(".lasuite-user__organization")).to_have_text("Ministère B")
    expect(page.locator(".lasuite-fragment-error")).to_have_count(2)
    page.reload()
    expect(page.get_by_label("Organisation", exact=True)).to_have_value("ministere-b")


def test_several_users_use_the_workspace_at_once(users: Users) -> None:
    alice, bob = users.new(), users.new(media=True)

    sign_in(alice.page, ALICE)
    sign_in(bob.page, BOB)
    alice.page.reload()

    expect(alice.page.get_by_role("banner")).to_contain_text("Ministère A")
    expect(bob.page.get_by_role("banner")).to_contain_text("Ministère B")
    tracks = bob.page.evaluate(
        """async () => {
            const stream = await navigator.mediaDevices.getUserMedia({video: true, audio: true});
            return stream.getTracks().map((track) => track.kind).sort();
        }"""
    )
    assert tracks == ["audio", "video"]


def test_a_wrong_password_is_refused_with_a_message(users: Users) -> None:
    page = users.new().page
    page.goto("/")

    page.get_by_label("Adresse électronique").fill(ALICE.email)
    page.get_by_label("Mot de passe", exact=True).fill("not the password")
    page.get_by_label("Mot de passe", exact=True).press("Enter")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Adresse électronique ou mot de passe incorrect.")
    expect(alert).to_be_focused()


def test_signing_out_returns_to_the_sign_in_page(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)

    page.get_by_role("button", name=ALICE.display_name).click()
    page.get_by_role("button", name="Se déconnecter", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à La Suite")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à La Suite")


def test_the_keyboard_reaches_the_skip_link_first_and_closes_the_menu_with_escape(
    users: Users,
) -> None:
    page = users.new().page
    sign_in(page, ALICE)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Contenu")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    menu_button = page.get_by_role("button", name=ALICE.display_name)
    menu_button.focus()
    page.keyboard.press("Enter")
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(menu_button).to_be_focused()


def test_the_sign_in_page_offers_no_proconnect_button_without_oidc(users: Users) -> None:
    page = users.new().page

    page.goto("/")

    expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
    expect(page.get_by_text("S'identifier avec ProConnect")).to_have_count(0)


def test_the_sign_in_page_offers_proconnect_when_oidc_is_configured(users: Users) -> None:
    page = users.new().page
    page.route(
        "**/api/v1/auth/providers",
        lambda route: route.fulfill(json={"local": False, "oidc": True}),
    )

    page.goto("/hello")

    proconnect = page.get_by_role("link", name="S'identifier avec ProConnect")
    expect(proconnect).to_have_attribute("href", "/api/v1/auth/oidc/login?next=%2Fhello")
    expect(page.get_by_label("Adresse électronique")).to_have_count(0)
