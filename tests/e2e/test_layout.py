"""The workspace as an app, not a web page: a compact header, no footer inside the
modules, chat's composer on screen without scrolling, and on a phone a header folded
behind a menu button and a channel that opens on its messages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser import Users
from tests.e2e.conftest import ALICE
from tests.e2e.test_chat import (
    built_chat_module,  # noqa: F401 - the fixture, used by every test here
    channel_name,
    create_channel,
    open_chat,
    post,
)
from tests.e2e.test_workspace import navigation, sign_in

WIDTHS = ((1280, 720), (1366, 768), (1920, 1080), (390, 844))


def on_screen(page: Page, selector: str) -> bool:
    """Whether the element is wholly inside the window, as the page is scrolled now."""
    inside: bool = page.evaluate(
        """(selector) => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight
                && box.right <= innerWidth;
        }""",
        selector,
    )
    return inside


def test_a_channel_shows_its_latest_messages_and_composer_without_scrolling(
    users: Users,
) -> None:
    page = open_chat(users, ALICE)
    create_channel(page, channel_name("cadre"))
    post(page, "Le composeur reste en bas")

    seen = {}
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.scrollTo(0, 0)")
        expect(page.locator("chat-composer textarea")).to_be_visible()
        seen[width] = (
            on_screen(page, "chat-composer textarea"),
            on_screen(page, ".chat-log"),
            page.evaluate("document.documentElement.scrollWidth") <= width,
        )

    assert seen == dict.fromkeys(seen, (True, True, True))
    expect(page.locator("#lasuite-footer")).to_have_count(0)  # none inside a module


def test_the_home_page_keeps_the_footer(users: Users) -> None:
    page = users.new().page
    sign_in(page, ALICE)

    expect(page.locator("#lasuite-footer")).to_be_visible()


def test_on_a_phone_the_header_folds_behind_a_menu_button(users: Users) -> None:
    page = users.new().page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, ALICE)
    menu = page.get_by_role("button", name="Menu")

    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation(page)).to_be_hidden()
    expect(page.get_by_role("button", name=ALICE.display_name)).to_be_hidden()
    header_height = page.locator("header.fr-header").bounding_box()
    menu.click()
    expect(navigation(page).get_by_role("link", name="Discussions")).to_be_visible()
    navigation(page).get_by_role("link", name="Discussions").click()

    expect(page.get_by_role("navigation", name="Mes discussions")).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")  # folded again on the page
    assert header_height is not None
    assert header_height["height"] < 150


def test_on_a_phone_a_channel_opens_on_its_messages_and_leads_back_to_the_list(
    users: Users,
) -> None:
    name = channel_name("telephone")
    page = open_chat(users, ALICE)
    create_channel(page, name)
    page.set_viewport_size({"width": 390, "height": 844})

    expect(page.get_by_role("navigation", name="Mes discussions")).to_be_hidden()
    expect(page.get_by_role("heading", name=f"#{name}")).to_be_visible()
    assert on_screen(page, "chat-composer textarea")
    page.get_by_role("link", name="Toutes les discussions").click()

    expect(page.get_by_role("navigation", name="Mes discussions")).to_be_visible()


# Every top-level page of the workspace, and a heading (name, level) it shows once
# rendered: a plugin's own, not the page title the shell gives it before it loads.
TOP_LEVEL_PAGES = {
    "/": ("Bonjour Alice Martin", 1),
    "/chat": ("Discussions", 2),
    "/docs": ("Pages", 2),
    "/visio": ("Réunions vidéo", 1),
    "/hello": ("Le module Bonjour", 2),
    "/profile": ("Mon compte", 1),
    "/search?q=budget": ("Résultats pour « budget »", 1),
    "/admin": ("Membres", 1),
}

# How many of the header's controls are shown, and what is wrong with the page's layout:
# scrolling sideways, or a control of the header shown outside the window (a phone shows
# its menu button, a wide screen the whole bar).
LAYOUT_FAULTS = """() => {
    const faults = [];
    let shown = 0;
    if (document.documentElement.scrollWidth > innerWidth) {
        faults.push(`scrolls sideways: ${document.documentElement.scrollWidth}px`);
    }
    for (const control of document.querySelectorAll(
        "lasuite-header :is(a, button, input, select)"
    )) {
        const box = control.getBoundingClientRect();
        if (!box.width || !box.height || !control.checkVisibility()) continue;
        shown += 1;
        if (box.left < 0 || box.right > innerWidth || box.top < 0) {
            const name = control.textContent.trim() || control.getAttribute("aria-label");
            faults.push(`${name} from ${Math.round(box.left)} to ${Math.round(box.right)} px`);
        }
    }
    return [shown, faults];
}"""


def test_every_top_level_page_fits_each_window_from_a_phone_to_a_wide_screen(
    users: Users,
) -> None:
    page = users.new().page
    sign_in(page, ALICE)  # in French, whose labels are the longest

    faults, fewest_controls = {}, 100
    for path, (heading, level) in TOP_LEVEL_PAGES.items():
        width, height = WIDTHS[0]
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        shown = page.get_by_role("heading", name=heading, exact=True, level=level)
        expect(shown).to_be_attached()
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            shown, found = page.evaluate(LAYOUT_FAULTS)
            fewest_controls = min(fewest_controls, shown)
            if found:
                faults[f"{path} at {width} px"] = found

    assert faults == {}
    assert fewest_controls >= 2  # the brand and the menu button, on a phone
