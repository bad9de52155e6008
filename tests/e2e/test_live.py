"""The workspace follows changes made elsewhere without a reload: plugins switched
by an admin, notifications, and the websocket resuming after it was cut."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import User, Users
from tests.e2e.conftest import ALICE, BOB, CAROL
from tests.e2e.test_workspace import navigation, sign_in

# Counts the page's websockets and, while `__holdSockets` is set, points new ones
# at a path that refuses them: the connection is cut and stays cut until released.
CUTTABLE_SOCKETS = """
window.__sockets = [];
window.__holdSockets = false;
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(url, protocols) {
    super(window.__holdSockets ? String(url).replace("/api/v1/ws", "/api/v1/cut") : url, protocols);
    window.__sockets.push(this);
  }
};
"""


def call_api(page: Page, method: str, path: str, body: Any = None) -> Any:
    """Call the API as the page's user, through the shell's client (CSRF included)."""
    return page.evaluate(
        """async ([method, path, body]) => {
            const { request } = await import("@lasuite/shell");
            return request(method, path, body === null ? {} : { body });
        }""",
        [method, path, body],
    )


def user_id(page: Page) -> str:
    me = call_api(page, "GET", "/api/v1/auth/me")
    return str(me["id"])


def connection(page: Page) -> Locator:
    return page.locator("#lasuite-connection")


def bell(page: Page) -> Locator:
    return page.locator("#lasuite-notifications-button")


def panel(page: Page) -> Locator:
    return page.get_by_role("region", name="Notifications")


def signed_in_with_nothing_unread(users: Users, account: Any, *, cuttable: bool = False) -> User:
    """A signed-in user whose notifications are all read, live connection up."""
    user = users.new()
    if cuttable:
        user.context.add_init_script(CUTTABLE_SOCKETS)
    sign_in(user.page, account)
    call_api(user.page, "POST", "/api/v1/notifications/read-all")
    user.page.reload()
    expect(connection(user.page)).to_have_attribute("data-status", "online")
    expect(bell(user.page)).to_have_text("Notifications")
    return user


def wave(sender: Page, recipient_id: str, note: str) -> None:
    sent = call_api(sender, "POST", "/api/v1/hello/waves", {"user_id": recipient_id, "note": note})
    assert sent == {"sent": 1}


def test_a_plugin_disabled_by_an_admin_leaves_the_navigation_of_open_pages(users: Users) -> None:
    alice = users.new().page
    sign_in(alice, ALICE)
    carol = users.new().page
    sign_in(carol, CAROL)
    expect(connection(carol)).to_have_attribute("data-status", "online")
    navigation(carol).get_by_role("link", name="Bonjour").click()
    expect(carol.get_by_role("heading", name="Le module Bonjour")).to_be_visible()
    carol.evaluate("window.__sameDocument = true")

    try:
        call_api(alice, "PUT", "/api/v1/orgs/current/plugins/hello", {"enabled": False})

        expect(navigation(carol).get_by_role("link", name="Bonjour")).to_have_count(0)
        expect(carol).to_have_url(re.compile(r"/$"))
        expect(carol.locator("#lasuite-notice")).to_have_text(
            "Le module « Bonjour » a été désactivé pour votre organisation."
        )
        expect(carol.get_by_text(f"Bienvenue, {CAROL.display_name} !")).to_have_count(0)
    finally:
        call_api(alice, "PUT", "/api/v1/orgs/current/plugins/hello", {"enabled": True})

    expect(navigation(carol).get_by_role("link", name="Bonjour")).to_be_visible()
    expect(carol.get_by_text(f"Bienvenue, {CAROL.display_name} !")).to_be_visible()
    assert carol.evaluate("window.__sameDocument") is True


def test_a_notification_arrives_live_in_the_bell_and_its_panel(users: Users) -> None:
    carol = signed_in_with_nothing_unread(users, CAROL)
    alice = users.new().page
    sign_in(alice, ALICE)
    carol.page.evaluate("window.__sameDocument = true")
    note = f"Note {uuid.uuid4().hex[:8]}"

    wave(alice, user_id(carol.page), note)

    page = carol.page
    expect(bell(page)).to_have_accessible_name("Notifications (1 non lues)")
    expect(page.locator(".lasuite-notifications__count")).to_have_text("1")
    expect(page.locator("#lasuite-notifications-live")).to_have_text(
        f"Nouvelle notification : {ALICE.display_name} vous fait signe"
    )
    bell(page).click()
    item = panel(page).locator("li", has_text=note)
    # Rendered by the plugin's fragment in the `notification` slot.
    expect(item.locator(".hello-notification")).to_contain_text(
        f"{ALICE.display_name} vous fait signe"
    )
    expect(item).to_contain_text("(non lue)")

    with page.expect_response(lambda r: r.url.endswith("/read")) as marked:
        item.get_by_role("link").click()

    expect(page).to_have_url(re.compile(r"/hello$"))
    expect(panel(page)).to_be_hidden()
    expect(bell(page)).to_have_text("Notifications")
    assert page.evaluate("window.__sameDocument") is True
    assert marked.value.ok
    unread = call_api(page, "GET", "/api/v1/notifications/?unread=true")
    assert all(note not in n["body"] for n in unread["items"])


def test_the_notifications_panel_closes_with_escape_and_marks_all_read(users: Users) -> None:
    carol = signed_in_with_nothing_unread(users, CAROL)
    alice = users.new().page
    sign_in(alice, ALICE)
    me = user_id(carol.page)
    wave(alice, me, "Un")
    wave(alice, me, "Deux")
    page = carol.page
    expect(bell(page)).to_have_accessible_name("Notifications (2 non lues)")

    bell(page).click()
    panel(page).get_by_role("button", name="Tout marquer comme lu").focus()
    page.keyboard.press("Escape")

    expect(panel(page)).to_be_hidden()
    expect(bell(page)).to_be_focused()
    expect(bell(page)).to_have_attribute("aria-expanded", "false")

    bell(page).click()
    panel(page).get_by_role("button", name="Tout marquer comme lu").click()

    expect(bell(page)).to_have_accessible_name("Notifications")
    expect(panel(page).get_by_text("(non lue)")).to_have_count(0)
    page.reload()
    expect(connection(page)).to_have_attribute("data-status", "online")
    expect(bell(page)).to_have_accessible_name("Notifications")


def test_older_notifications_load_page_by_page(users: Users) -> None:
    bob = users.new().page
    sign_in(bob, BOB)
    me = user_id(bob)
    for index in range(21):
        wave(bob, me, f"Vague {index}")
    bob.reload()
    bell(bob).click()
    items = panel(bob).locator("li[data-notification]")
    expect(items).to_have_count(20)
    expect(items.first).to_contain_text("Vague 20")

    panel(bob).get_by_role("button", name="Afficher les plus anciennes").click()

    expect(items.filter(has_text="Vague 0")).to_have_count(1)
    assert items.count() > 20


def test_events_published_while_the_socket_was_cut_arrive_once_it_resumes(users: Users) -> None:
    carol = signed_in_with_nothing_unread(users, CAROL, cuttable=True)
    alice = users.new().page
    sign_in(alice, ALICE)
    page = carol.page
    me = user_id(page)
    wave(alice, me, "Avant la coupure")
    expect(bell(page)).to_have_accessible_name("Notifications (1 non lues)")

    page.evaluate("window.__holdSockets = true; window.__sockets.forEach((s) => s.close())")
    expect(connection(page)).to_have_attribute("data-status", "reconnecting")
    note = f"Pendant la coupure {uuid.uuid4().hex[:8]}"
    wave(alice, me, note)
    expect(bell(page)).to_have_accessible_name("Notifications (1 non lues)")
    # Back on the network: the client reconnects at once rather than after its backoff.
    page.evaluate("window.__holdSockets = false; window.dispatchEvent(new Event('online'))")

    expect(connection(page)).to_have_attribute("data-status", "online")
    expect(bell(page)).to_have_accessible_name("Notifications (2 non lues)")
    bell(page).click()
    expect(panel(page).locator("li", has_text=note)).to_have_count(1)
    expect(panel(page).locator("li", has_text="Avant la coupure")).to_have_count(1)
    assert page.evaluate("window.__sockets.length") >= 2


def test_a_member_whose_role_changes_sees_it_without_reloading(users: Users) -> None:
    alice = users.new().page
    sign_in(alice, ALICE)
    carol = users.new().page
    sign_in(carol, CAROL)
    expect(connection(carol)).to_have_attribute("data-status", "online")
    carol.get_by_role("button", name=CAROL.display_name).click()
    carol.get_by_role("link", name="Mon compte").click()
    expect(carol.locator("dd").last).to_have_text("Membre")
    carol_id = user_id(carol)

    try:
        call_api(alice, "PATCH", f"/api/v1/orgs/current/members/{carol_id}", {"role": "admin"})

        expect(carol.locator("#lasuite-notice")).to_have_text(
            "Votre rôle dans l'organisation a changé."
        )
        expect(carol.locator("dd").last).to_have_text("Administrateur")
    finally:
        call_api(alice, "PATCH", f"/api/v1/orgs/current/members/{carol_id}", {"role": "member"})
    expect(carol.locator("dd").last).to_have_text("Membre")


def new_member(users: Users, admin: Page) -> Page:
    """A member of Ministère A invited by ``admin`` for this test only, signed in on
    the home page with the live connection up (their rights may change: no shared
    account's do)."""
    email = f"dan-{uuid.uuid4().hex[:8]}@ministere-a.test"
    invitation = call_api(
        admin, "POST", "/api/v1/orgs/current/invitations/", {"email": email, "role": "member"}
    )
    token = invitation["accept_url"].split("#token=", 1)[1]
    dan = users.new().page
    dan.goto("/")
    call_api(
        dan,
        "POST",
        "/api/v1/invitations/signup",
        {"token": token, "display_name": "Dan Leroy", "password": "a long enough password"},
    )
    dan.reload()
    expect(dan.get_by_role("heading", level=1)).to_have_text("Bonjour Dan Leroy")
    expect(connection(dan)).to_have_attribute("data-status", "online")
    return dan


# Marks the element the page's fragment shows now, so a later check can tell whether it
# is still the same one.
MARK_PAGE_ELEMENT = """() => {
    const fragment = document.querySelector("main lasuite-fragment");
    window.__pageElement = fragment.firstElementChild;
    window.__pageRef = fragment.ref;
}"""


def same_page_element_after_reload(page: Page) -> bool:
    """Once the session's next reload has given the fragment a new ref: whether the
    element on the page is the one marked."""
    page.wait_for_function(
        '() => document.querySelector("main lasuite-fragment").ref !== window.__pageRef'
    )
    same: bool = page.evaluate(
        """async () => {
            const fragment = document.querySelector("main lasuite-fragment");
            await fragment.updateComplete;
            return fragment.firstElementChild === window.__pageElement;
        }"""
    )
    return same


def test_a_plugin_page_stays_through_session_reloads_until_the_persons_rights_change(
    users: Users,
) -> None:
    alice = users.new().page
    sign_in(alice, ALICE)
    dan = new_member(users, alice)
    navigation(dan).get_by_role("link", name="Bonjour").click()
    expect(dan.get_by_role("heading", name="Le module Bonjour")).to_be_visible()

    # Something changed in the organization that is not Dan's rights: the session
    # reloads and the page keeps its element (a meeting being joined, a page typed in).
    dan.evaluate(MARK_PAGE_ELEMENT)
    dan.evaluate('async () => (await import("@lasuite/shell")).session.load()')
    assert same_page_element_after_reload(dan) is True

    # Dan's own role changes: the page is built again for his new rights.
    dan.evaluate(MARK_PAGE_ELEMENT)
    call_api(alice, "PATCH", f"/api/v1/orgs/current/members/{user_id(dan)}", {"role": "admin"})
    expect(dan.locator("#lasuite-notice")).to_have_text("Votre rôle dans l'organisation a changé.")
    assert same_page_element_after_reload(dan) is False
    expect(dan.get_by_role("heading", name="Le module Bonjour")).to_be_visible()

    # The server ended a subscription of another plugin (here one it never allowed):
    # this page's element listens to none of that plugin's topics and stays.
    dan.evaluate(MARK_PAGE_ELEMENT)
    subscription_ended(dan, "chat:channel:00000000-0000-0000-0000-000000000000")
    dan.evaluate('async () => (await import("@lasuite/shell")).session.load()')
    assert same_page_element_after_reload(dan) is True

    # The server ended one of the core's subscriptions: an element kept would listen to
    # nothing there, so the next reload builds it again.
    dan.evaluate(MARK_PAGE_ELEMENT)
    subscription_ended(dan, f"core:user:{user_id(alice)}")
    dan.evaluate('async () => (await import("@lasuite/shell")).session.load()')
    assert same_page_element_after_reload(dan) is False
    expect(dan.get_by_role("heading", name="Le module Bonjour")).to_be_visible()


def subscription_ended(page: Page, topic: str) -> None:
    """Subscribe the page to ``topic``, which the server refuses, and wait for its end."""
    page.evaluate(
        """async (topic) => {
            const { realtime } = await import("@lasuite/shell");
            window.__ended = realtime.endedSubscriptions;
            window.__realtime = realtime;
            realtime.subscribe(topic, () => undefined);
        }""",
        topic,
    )
    page.wait_for_function("() => window.__realtime.endedSubscriptions > window.__ended")


def test_a_member_removed_from_the_organization_is_sent_to_the_sign_in_page(
    users: Users,
) -> None:
    alice = users.new().page
    sign_in(alice, ALICE)
    dan = new_member(users, alice)
    dan.evaluate("window.__sameDocument = true")

    call_api(alice, "DELETE", f"/api/v1/orgs/current/members/{user_id(dan)}")

    expect(dan.get_by_role("heading", level=1)).to_have_text("Connexion à La Suite")
    expect(navigation(dan)).to_have_count(0)
    assert dan.evaluate("window.__sameDocument") is True
