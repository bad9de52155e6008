"""The chat plugin's page, two people at once: channels, live messages, unread
badges, edits, deletions and the typing indicator, all without a reload."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from lasuite.testing.services import in_ci
from tests.e2e.browser import Users, read_in
from tests.e2e.conftest import ALICE, CAROL, DENISE
from tests.e2e.server import Account
from tests.e2e.test_admin import call
from tests.e2e.test_live import CUTTABLE_SOCKETS, connection
from tests.e2e.test_workspace import navigation, sign_in

CHAT_MODULE = Path(__file__).resolve().parents[2] / "plugins/chat/lasuite_chat/static/chat.js"


@pytest.fixture(autouse=True)
def built_chat_module() -> None:
    if CHAT_MODULE.exists():
        return
    message = "The chat UI is not built (run `make web`)"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def open_chat(users: Users, account: Account, *, cuttable: bool = False) -> Page:
    user = users.new()
    if cuttable:
        user.context.add_init_script(CUTTABLE_SOCKETS)
    page = user.page
    sign_in(page, account)
    user.record.console_errors.clear()  # the sign-in page's session probe (401)
    navigation(page).get_by_role("link", name="Discussions").click()
    expect(page.get_by_role("navigation", name="Mes discussions")).to_be_visible()
    return page


def sidebar_link(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Mes discussions").get_by_role(
        "link", name=f"#{name}"
    )


def create_channel(page: Page, name: str) -> None:
    page.get_by_role("link", name="Créer un salon").click()
    page.get_by_label("Nom du salon").fill(name)
    page.get_by_role("button", name="Créer le salon").click()
    expect(page.get_by_role("heading", name=f"#{name}")).to_be_visible()


def join_channel(page: Page, name: str) -> None:
    page.get_by_role("link", name="Parcourir les salons").click()
    page.get_by_role("button", name=f"Rejoindre #{name}").click()
    expect(page.get_by_role("heading", name=f"#{name}")).to_be_visible()


def alice_and_carol_in(users: Users, name: str) -> tuple[Page, Page]:
    """Alice creates the public channel ``name`` and Carol joins it, each on her page."""
    alice = open_chat(users, ALICE)
    create_channel(alice, name)
    carol = open_chat(users, CAROL)
    join_channel(carol, name)
    return alice, carol


def post(page: Page, text: str) -> None:
    composer = page.get_by_role("combobox", name="Message à")
    composer.fill(text)
    composer.press("Enter")
    expect(message(page, text)).to_be_visible()


def message(page: Page, text: str) -> Locator:
    """A message of the channel's list (thread replies are in the thread's pane)."""
    return page.locator(".chat-log chat-message", has_text=text)


def thread_pane(page: Page) -> Locator:
    return page.get_by_role("region", name="Fil de discussion")


def pinned(page: Page, text: str) -> Locator:
    """The message showing ``text`` now, found by its number even once its text changes."""
    seq = message(page, text).locator("article").get_attribute("data-seq")
    return page.locator(f'.chat-log article[data-seq="{seq}"]')


def channel_name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_a_message_posted_by_alice_appears_live_for_carol(users: Users) -> None:
    name = channel_name("projet")
    alice, carol = alice_and_carol_in(users, name)
    expect(alice.locator(".chat-members").get_by_text(CAROL.display_name)).to_be_visible()

    post(alice, "Bonjour Carol, le point est à 15 h.")

    arrived = message(carol, "Bonjour Carol, le point est à 15 h.")
    expect(arrived).to_be_visible()
    expect(arrived.locator(".chat-message__author")).to_have_text(ALICE.display_name)
    expect(sidebar_link(carol, name).locator(".chat-unread")).to_have_count(0)
    expect(alice.locator(".chat-member", has_text=CAROL.display_name)).to_have_attribute(
        "data-presence", "online"
    )
    # The stylesheet comes from the plugin's static dir, which the page's CSP allows.
    expect(carol.locator("link[data-chat-styles]")).to_have_attribute(
        "href", re.compile(r"/static/plugins/chat/chat\.css$")
    )
    assert [(u.record.console_errors, u.record.page_errors) for u in users.all] == [([], [])] * 2


def test_a_conversation_alice_opens_with_carol_appears_in_carols_sidebar_live(
    users: Users,
) -> None:
    name = channel_name("salle")
    alice, carol = alice_and_carol_in(users, name)
    # Carol's page is connected (and follows her own topic) once Alice sees her present.
    expect(alice.locator(".chat-member", has_text=CAROL.display_name)).to_have_attribute(
        "data-presence", "online"
    )
    conversations = carol.get_by_role("navigation", name="Mes discussions")
    expect(conversations.get_by_role("link", name=ALICE.display_name)).to_have_count(0)

    alice.get_by_role("link", name="Écrire à quelqu'un").click()
    alice.get_by_label("Destinataire").select_option(label=CAROL.display_name)
    alice.get_by_role("button", name="Ouvrir la conversation").click()

    expect(conversations.get_by_role("link", name=ALICE.display_name)).to_be_visible()


def test_markdown_comes_rendered_and_shift_enter_keeps_one_message(users: Users) -> None:
    alice = open_chat(users, ALICE)
    create_channel(alice, channel_name("notes"))
    composer = alice.get_by_role("combobox", name="Message à")

    composer.fill("Deux **points**")
    composer.press("Shift+Enter")
    composer.press_sequentially("<b>suite</b>")
    composer.press("Enter")

    sent = message(alice, "Deux points")
    expect(sent.locator("strong")).to_have_text("points")
    expect(sent).to_contain_text("<b>suite</b>")
    expect(sent.locator("b")).to_have_count(0)
    expect(alice.get_by_role("log").locator("chat-message")).to_have_count(1)


def test_carol_sees_unread_messages_of_another_channel_until_she_opens_it(users: Users) -> None:
    here, elsewhere = channel_name("ici"), channel_name("ailleurs")
    alice = open_chat(users, ALICE)
    create_channel(alice, here)
    create_channel(alice, elsewhere)
    carol = open_chat(users, CAROL)
    join_channel(carol, elsewhere)
    join_channel(carol, here)

    post(alice, "Pendant que tu lis l'autre salon")
    post(alice, "et un deuxième")

    badge = sidebar_link(carol, elsewhere).locator(".chat-unread")
    expect(badge).to_contain_text("2")
    expect(sidebar_link(carol, here).locator(".chat-unread")).to_have_count(0)

    sidebar_link(carol, elsewhere).click()

    expect(message(carol, "et un deuxième")).to_be_visible()
    expect(carol.get_by_role("separator")).to_have_text("Nouveaux messages")
    expect(badge).to_have_count(0)
    carol.reload()
    expect(sidebar_link(carol, elsewhere)).to_be_visible()
    expect(sidebar_link(carol, elsewhere).locator(".chat-unread")).to_have_count(0)


def test_edits_and_deletions_show_live_to_the_other_reader(users: Users) -> None:
    name = channel_name("relecture")
    alice, carol = alice_and_carol_in(users, name)
    post(alice, "Réunion mardi")
    post(alice, "Message de trop")
    expect(message(carol, "Message de trop")).to_be_visible()

    mine = pinned(alice, "Réunion mardi")
    mine.get_by_role("button", name="Modifier").click()
    editor = mine.get_by_role("textbox", name="Modifier le message")
    editor.fill("Réunion mercredi")
    editor.press("Enter")

    edited = message(carol, "Réunion mercredi")
    expect(edited).to_be_visible()
    expect(edited).to_contain_text("(modifié)")
    expect(message(carol, "Réunion mardi")).to_have_count(0)

    extra = pinned(alice, "Message de trop")
    extra.get_by_role("button", name="Supprimer").click()
    extra.get_by_role("button", name="Confirmer la suppression").click()

    expect(message(carol, "Message de trop")).to_have_count(0)
    expect(message(carol, "Message supprimé")).to_be_visible()
    # Carol may not edit or delete Alice's messages.
    expect(edited.get_by_role("button", name="Modifier")).to_have_count(0)
    expect(edited.get_by_role("button", name="Supprimer")).to_have_count(0)


def test_a_message_carol_pins_is_marked_and_listed_for_alice_live(users: Users) -> None:
    name = channel_name("epingles")
    alice, carol = alice_and_carol_in(users, name)
    post(alice, "Ordre du jour : budget")
    post(alice, "Autre sujet")
    alice.get_by_role("button", name="Messages épinglés").click()
    pins = alice.get_by_role("region", name="Messages épinglés")
    expect(pins).to_contain_text("Aucun message épinglé")

    pinned(carol, "Ordre du jour").get_by_role("button", name="Épingler", exact=True).click()

    expect(pinned(alice, "Ordre du jour").locator(".chat-message__pinned")).to_have_text("Épinglé")
    expect(pinned(alice, "Autre sujet").locator(".chat-message__pinned")).to_have_count(0)
    expect(pins.locator("li")).to_have_count(1)
    expect(pins.locator("li")).to_contain_text("Ordre du jour : budget")
    expect(pins.locator("li")).to_contain_text(ALICE.display_name)

    unpin = pinned(alice, "Ordre du jour").get_by_role("button", name="Désépingler", exact=True)
    unpin.click()

    expect(pinned(carol, "Ordre du jour").locator(".chat-message__pinned")).to_have_count(0)
    expect(pins).to_contain_text("Aucun message épinglé")


def test_a_pin_clicked_in_the_panel_brings_its_old_message_into_view(users: Users) -> None:
    alice = open_chat(users, ALICE)
    create_channel(alice, channel_name("rappel"))
    channel_id = current_channel_id(alice)
    post_many(alice, channel_id, 80)
    pin_by_api(alice, channel_id, 5)
    alice.reload()
    expect(message(alice, "Message 80")).to_be_visible()
    old = alice.locator('.chat-log article[data-seq="5"]')
    expect(old).to_have_count(0)

    alice.get_by_role("button", name="Messages épinglés").click()
    pins = alice.get_by_role("region", name="Messages épinglés")
    pins.get_by_text("Message 5", exact=True).click()

    expect(old).to_be_in_viewport()
    expect(old).to_have_class(re.compile("chat-message--linked"))
    expect(old).to_contain_text("Message 5")
    expect(message(alice, "Message 80")).to_have_count(0)


def test_new_messages_wait_under_a_bar_while_an_old_pinned_message_is_shown(
    users: Users,
) -> None:
    name = channel_name("present")
    alice = open_chat(users, ALICE)
    create_channel(alice, name)
    channel_id = current_channel_id(alice)
    post_many(alice, channel_id, 60)
    pin_by_api(alice, channel_id, 5)
    alice.reload()
    expect(message(alice, "Message 60")).to_be_visible()
    carol = open_chat(users, CAROL)
    join_channel(carol, name)
    # Shown live: Alice's page follows the channel.
    expect(alice.locator(".chat-members").get_by_text(CAROL.display_name)).to_be_visible()
    alice.get_by_role("button", name="Messages épinglés").click()
    old_pin = alice.get_by_role("region", name="Messages épinglés").get_by_text(
        "Message 5", exact=True
    )
    old_pin.click()
    old = alice.locator('.chat-log article[data-seq="5"]')
    expect(old).to_be_in_viewport()
    back = alice.get_by_role("button", name=re.compile("Revenir aux messages récents"))
    expect(back).to_have_text("Revenir aux messages récents")

    post(carol, "Nouvelles du jour")
    post(carol, "Message de trop")
    expect(back).to_have_text(re.compile(r"2 nouveaux messages\s+Revenir"))
    extra = pinned(carol, "Message de trop")
    extra.get_by_role("button", name="Supprimer").click()
    extra.get_by_role("button", name="Confirmer la suppression").click()

    # The deleted message no longer counts.
    expect(back).to_have_text(re.compile(r"1 nouveau message\s+Revenir"))
    expect(message(alice, "Nouvelles du jour")).to_have_count(0)
    back.click()
    expect(message(alice, "Nouvelles du jour")).to_be_in_viewport()
    expect(back).to_have_count(0)
    expect(old).to_have_count(0)

    old_pin.click()
    expect(back).to_be_visible()
    post(alice, "Je reviens au présent")  # it waits for the message to show

    expect(back).to_have_count(0)
    expect(alice.locator(".chat-log .chat-message__body").last).to_have_text(
        "Je reviens au présent"
    )


def test_alice_sees_that_carol_is_typing(users: Users) -> None:
    name = channel_name("frappe")
    alice, carol = alice_and_carol_in(users, name)
    expect(alice.locator(".chat-typing")).to_have_text("")

    carol.get_by_role("combobox", name="Message à").press_sequentially("Je rédige")

    expect(alice.locator(".chat-typing")).to_have_text(f"{CAROL.display_name} écrit…")
    expect(carol.locator(".chat-typing")).to_have_text("")


def test_a_reply_in_a_thread_shows_live_in_the_open_thread_and_as_a_count(users: Users) -> None:
    name = channel_name("fil")
    alice, carol = alice_and_carol_in(users, name)
    post(alice, "Qui relit le rapport ?")
    message(carol, "Qui relit le rapport ?").get_by_role("button", name="Répondre").click()
    expect(thread_pane(carol).locator("chat-message")).to_have_text([re.compile("Qui relit")])

    reply = thread_pane(carol).get_by_role("combobox", name="Répondre dans le fil")
    reply.fill("Moi, demain matin")
    reply.press("Enter")

    root = message(alice, "Qui relit le rapport ?")
    expect(root.get_by_role("button", name="1 réponse")).to_be_visible()
    expect(message(alice, "Moi, demain matin")).to_have_count(0)
    root.get_by_role("button", name="1 réponse").click()
    expect(thread_pane(alice).get_by_text("Moi, demain matin")).to_be_visible()

    reply.fill("Et la conclusion jeudi")
    reply.press("Enter")

    expect(thread_pane(alice).get_by_text("Et la conclusion jeudi")).to_be_visible()
    expect(root.get_by_role("button", name="2 réponses")).to_be_visible()
    expect(message(carol, "Moi, demain matin")).to_have_count(0)


def test_reactions_are_counted_live_for_both_readers(users: Users) -> None:
    name = channel_name("reactions")
    alice, carol = alice_and_carol_in(users, name)
    post(alice, "Le rapport est en ligne")

    carols = message(carol, "Le rapport est en ligne")
    carols.get_by_role("button", name="Réagir", exact=True).click()
    carols.get_by_role("button", name="Réagir avec 👍").click()

    alices = message(alice, "Le rapport est en ligne")
    thumbs = alices.locator(".chat-reaction", has_text="👍")
    expect(thumbs).to_have_text("👍 1")
    expect(thumbs).to_have_attribute("aria-pressed", "false")
    expect(carols.locator(".chat-reaction", has_text="👍")).to_have_attribute(
        "aria-pressed", "true"
    )

    thumbs.click()

    expect(thumbs).to_have_attribute("aria-pressed", "true")
    expect(carols.locator(".chat-reaction", has_text="👍")).to_have_text("👍 2")

    carols.locator(".chat-reaction", has_text="👍").click()

    expect(thumbs).to_have_text("👍 1")


def test_a_mention_picked_from_the_list_reaches_carol_as_a_badge_and_a_notification(
    users: Users,
) -> None:
    mentioned, elsewhere = channel_name("mention"), channel_name("autre")
    alice = open_chat(users, ALICE)
    create_channel(alice, elsewhere)
    create_channel(alice, mentioned)
    carol = open_chat(users, CAROL)
    join_channel(carol, mentioned)
    join_channel(carol, elsewhere)
    expect(alice.locator(".chat-members").get_by_text(CAROL.display_name)).to_be_visible()

    composer = alice.get_by_role("combobox", name="Message à")
    composer.press_sequentially("Peux-tu relire, @Pet")
    picker = alice.get_by_role("listbox", name="Personnes à mentionner")
    expect(picker.get_by_role("option")).to_have_text([re.compile(CAROL.display_name)])
    composer.press("Enter")
    expect(composer).to_have_value("Peux-tu relire, @carol ")
    composer.press_sequentially("?")
    composer.press("Enter")

    sent = message(alice, "Peux-tu relire")
    expect(sent.locator(".mention")).to_have_text("@carol")
    expect(sidebar_link(carol, mentioned).locator(".chat-mentions")).to_contain_text("@1")
    bell = carol.locator("#lasuite-notifications-button")
    bell.click()
    notified = carol.get_by_role("region", name="Notifications").locator("li", has_text="@carol ?")
    expect(notified).to_be_visible()
    # Chat's `notification` fragment titles it in the reader's language.
    title = notified.locator(".lasuite-notification__title")
    expect(title).to_have_text(f"{ALICE.display_name} vous a mentionné")
    bell.click()
    expect(bell).to_have_attribute("aria-expanded", "false")
    read_in(carol, "en")
    bell.click()
    expect(title).to_have_text(f"{ALICE.display_name} mentioned you")


def test_an_emoji_picked_with_the_keyboard_goes_in_at_the_caret(users: Users) -> None:
    alice = open_chat(users, ALICE)
    create_channel(alice, channel_name("emoji"))
    composer = alice.get_by_role("combobox", name="Message à")
    toggle = alice.get_by_role("button", name="Insérer un emoji")
    picker = alice.get_by_role("group", name="Emoji à insérer")
    composer.press_sequentially("Bravo !")
    composer.press("ArrowLeft")
    composer.press("ArrowLeft")

    composer.press("Tab")
    expect(toggle).to_be_focused()
    toggle.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(picker.get_by_role("button", name="Insérer 👍")).to_be_focused()
    alice.keyboard.press("Escape")
    expect(picker).to_be_hidden()
    expect(toggle).to_be_focused()
    toggle.press("Enter")
    for _ in range(3):
        alice.keyboard.press("Tab")
    expect(picker.get_by_role("button", name="Insérer 🎉")).to_be_focused()
    alice.keyboard.press("Enter")

    expect(picker).to_be_hidden()
    expect(composer).to_be_focused()
    expect(composer).to_have_value("Bravo🎉 !")
    composer.press("Enter")
    expect(message(alice, "Bravo🎉 !")).to_be_visible()


def post_many(page: Page, channel_id: str, count: int) -> None:
    """Post ``Message 1`` … ``Message <count>`` through the API, in order."""
    page.evaluate(
        """async ([channelId, count]) => {
            const { api } = await import("@lasuite/shell");
            for (let i = 1; i <= count; i++) {
                const path = `/api/v1/chat/channels/${channelId}/messages`;
                await api.post(path, { text: `Message ${i}` });
            }
        }""",
        [channel_id, count],
    )


def current_channel_id(page: Page) -> str:
    return page.url.rsplit("/", 1)[-1]


def pin_by_api(page: Page, channel_id: str, seq: int) -> None:
    """Pin the channel's message number ``seq`` through the API."""
    page.evaluate(
        """async ([channelId, seq]) => {
            const { api } = await import("@lasuite/shell");
            const base = `/api/v1/chat/channels/${channelId}`;
            const [found] = await api.get(`${base}/messages?around=${seq}&limit=1`);
            await api.put(`${base}/messages/${found.id}/pin`);
        }""",
        [channel_id, seq],
    )


def test_earlier_messages_load_as_the_list_scrolls_up(users: Users) -> None:
    alice = open_chat(users, ALICE)
    create_channel(alice, channel_name("archives"))
    post_many(alice, current_channel_id(alice), 70)
    alice.reload()
    log = alice.locator(".chat-log")
    expect(message(alice, "Message 70")).to_be_visible()
    expect(log.locator("chat-message")).to_have_count(50)
    expect(alice.get_by_text("Début de la discussion")).to_have_count(0)

    log.evaluate("(element) => { element.scrollTop = 0; }")

    expect(log.locator("chat-message")).to_have_count(70)
    expect(alice.get_by_text("Début de la discussion")).to_be_visible()
    expect(log.locator(".chat-message__body").first).to_have_text("Message 1")


def test_a_channel_shown_before_its_styles_apply_still_opens_at_its_latest_message(
    users: Users,
) -> None:
    """The plugin's elements are defined before its stylesheet applies: a channel
    rendered meanwhile has a list that cannot scroll yet, and is placed once it can."""
    alice = open_chat(users, ALICE)
    create_channel(alice, channel_name("sans-styles"))
    post_many(alice, current_channel_id(alice), 70)
    held: list[Route] = []
    alice.route(re.compile(r"/chat\.css$"), lambda route: held.append(route))
    # Not until "load": the held stylesheet may be asked for before the page's load
    # event, which then waits for it.
    alice.reload(wait_until="commit")
    alice.wait_for_function(
        "() => document.querySelector('.chat-log chat-message') !== null", timeout=10_000
    )
    assert len(held) == 1
    held[0].continue_()
    log = alice.locator(".chat-log")
    expect(message(alice, "Message 70")).to_be_in_viewport()

    log.evaluate("(element) => { element.scrollTop = 0; }")

    expect(log.locator("chat-message")).to_have_count(70)


def test_a_page_asked_for_in_a_channel_left_meanwhile_stays_out_of_the_next(
    users: Users,
) -> None:
    alice = open_chat(users, ALICE)
    other = channel_name("autre")
    create_channel(alice, other)
    post(alice, "Seul message ici")
    create_channel(alice, channel_name("long"))
    post_many(alice, current_channel_id(alice), 70)
    alice.reload()
    log = alice.locator(".chat-log")
    expect(log.locator("chat-message")).to_have_count(50)
    held: list[Route] = []
    alice.route(re.compile(r"/messages\?.*before="), lambda route: held.append(route))

    with alice.expect_request(re.compile(r"before=")):
        log.evaluate("(element) => { element.scrollTop = 0; }")
    sidebar_link(alice, other).click()
    expect(message(alice, "Seul message ici")).to_be_visible()
    assert len(held) == 1
    with alice.expect_response(lambda response: "before=" in response.url) as answer:
        held[0].continue_()
    answer.value.finished()
    post(alice, "Et un second")

    expect(log.locator("chat-message")).to_have_count(2)
    expect(message(alice, "Message 1")).to_have_count(0)


def test_a_link_to_a_message_opens_the_channel_at_it(users: Users) -> None:
    alice = open_chat(users, ALICE)
    create_channel(alice, channel_name("lien"))
    channel_id = current_channel_id(alice)
    post_many(alice, channel_id, 120)

    alice.goto(f"/chat/{channel_id}?message=10")

    linked = alice.locator('.chat-log article[data-seq="10"]')
    expect(linked).to_be_in_viewport()
    expect(linked).to_have_class(re.compile("chat-message--linked"))
    expect(message(alice, "Message 120")).to_have_count(0)
    alice.locator(".chat-log").evaluate(
        "(element) => { element.scrollTop = element.scrollHeight; }"
    )
    expect(message(alice, "Message 59")).to_be_attached()


def test_messages_posted_while_carols_connection_was_cut_arrive_when_it_resumes(
    users: Users,
) -> None:
    name = channel_name("coupure")
    alice = open_chat(users, ALICE)
    create_channel(alice, name)
    carol = open_chat(users, CAROL, cuttable=True)
    join_channel(carol, name)
    post(alice, "Avant la coupure")
    expect(message(carol, "Avant la coupure")).to_be_visible()

    carol.evaluate("window.__holdSockets = true; window.__sockets.forEach((s) => s.close())")
    expect(connection(carol)).to_have_attribute("data-status", "reconnecting")
    post(alice, "Pendant la coupure")
    post(alice, "Toujours pendant")
    expect(message(carol, "Pendant la coupure")).to_have_count(0)
    carol.evaluate("window.__holdSockets = false; window.dispatchEvent(new Event('online'))")

    expect(connection(carol)).to_have_attribute("data-status", "online")
    expect(carol.locator(".chat-log .chat-message__body")).to_have_text(
        ["Avant la coupure", "Pendant la coupure", "Toujours pendant"]
    )


def test_archiving_a_channel_takes_the_composer_away_from_open_pages(users: Users) -> None:
    name = channel_name("archive")
    alice, carol = alice_and_carol_in(users, name)
    post(alice, "Dernier message")
    expect(carol.get_by_role("combobox", name="Message à")).to_be_visible()

    alice.evaluate(
        """async (channelId) => {
            const { api } = await import("@lasuite/shell");
            await api.post(`/api/v1/chat/channels/${channelId}/archive`);
        }""",
        current_channel_id(alice),
    )

    expect(carol.get_by_text("Ce salon est archivé")).to_be_visible()
    expect(carol.get_by_role("combobox", name="Message à")).to_have_count(0)
    expect(message(carol, "Dernier message").get_by_role("button")).to_have_count(0)


REPORT = "Compte rendu : le budget est validé.\n".encode()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def pending_files(page: Page) -> Locator:
    """The chips of the files attached in the channel's composer, not sent yet."""
    return page.get_by_role("list", name="Fichiers joints au message").get_by_role("listitem")


def test_a_file_alice_attaches_reaches_carol_live_and_downloads(users: Users) -> None:
    name = channel_name("fichiers")
    alice, carol = alice_and_carol_in(users, name)
    expect(alice.locator(".chat-member", has_text=CAROL.display_name)).to_have_attribute(
        "data-presence", "online"
    )

    with alice.expect_file_chooser() as chooser:
        alice.get_by_role("button", name="Joindre des fichiers").click()
    chooser.value.set_files(
        files=[{"name": "compte-rendu.txt", "mimeType": "text/plain", "buffer": REPORT}]
    )
    chip = pending_files(alice)
    expect(chip).to_have_attribute("data-state", "uploaded")
    expect(chip).to_contain_text("compte-rendu.txt")
    alice.get_by_role("button", name="Envoyer").click()

    link = message(carol, "compte-rendu.txt").get_by_role("link", name="compte-rendu.txt")
    expect(link).to_be_visible()
    expect(pending_files(alice)).to_have_count(0)
    with carol.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "compte-rendu.txt"
    assert Path(download.value.path()).read_bytes() == REPORT


def test_a_file_the_server_refuses_shows_its_reason_and_is_not_sent(users: Users) -> None:
    alice = open_chat(users, ALICE)
    create_channel(alice, channel_name("refus"))

    alice.locator("chat-composer input[type=file]").set_input_files(
        files=[{"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": SVG}]
    )

    chip = pending_files(alice)
    expect(chip).to_have_attribute("data-state", "refused")
    expect(chip.get_by_role("alert")).to_have_text("Type de fichier non autorisé")
    expect(chip).to_have_attribute(
        "title", "Les fichiers de type image/svg+xml ne sont pas acceptés ici."
    )
    alice.get_by_role("combobox", name="Message à").press("Enter")  # only a refused file
    post(alice, "Sans le logo")
    sent = alice.evaluate(
        """async (channelId) => {
            const { api } = await import("@lasuite/shell");
            return api.get(`/api/v1/chat/channels/${channelId}/messages`);
        }""",
        current_channel_id(alice),
    )
    assert [(m["text"], m["attachments"]) for m in sent] == [("Sans le logo", [])]
    chip.get_by_role("button", name="Retirer logo.svg").click()
    expect(chip).to_have_count(0)


def test_a_refusal_is_said_in_the_readers_language(users: Users) -> None:
    alice = open_chat(users, ALICE)
    name = channel_name("pris")
    create_channel(alice, name)

    alice.get_by_role("link", name="Créer un salon").click()
    alice.get_by_label("Nom du salon").fill(name)
    alice.get_by_role("button", name="Créer le salon").click()
    expect(alice.get_by_text("Un salon porte déjà ce nom.")).to_be_visible()
    read_in(alice, "en")
    alice.get_by_role("button", name="Create the channel").click()

    expect(alice.get_by_text("A channel with this name already exists.")).to_be_visible()


CHAT_SETTINGS = "/api/v1/orgs/current/plugins/chat/settings"


def set_attachment_limit(page: Page, megabytes: int | None) -> None:
    """The organization's largest attachment, in MiB (None: the platform's limit)."""
    current = call(page, "GET", CHAT_SETTINGS)
    values = {**current["values"], "attachment_max_mb": megabytes}
    call(page, "PUT", CHAT_SETTINGS, {"values": values, "version": current["version"]})


def test_a_file_over_the_organizations_limit_is_refused_with_the_limit(users: Users) -> None:
    alice = open_chat(users, ALICE)
    create_channel(alice, channel_name("lourd"))
    set_attachment_limit(alice, 1)
    try:
        alice.locator("chat-composer input[type=file]").set_input_files(
            files=[{"name": "gros.txt", "mimeType": "text/plain", "buffer": b"a" * (2**20 + 1)}]
        )

        chip = pending_files(alice)
        expect(chip).to_have_attribute("data-state", "refused")
        expect(chip.get_by_role("alert")).to_have_text(
            re.compile(r"Fichier trop volumineux \(1.*au plus\)")
        )
    finally:
        set_attachment_limit(alice, None)


def test_files_dropped_on_the_composer_or_pasted_in_it_are_attached(users: Users) -> None:
    alice = open_chat(users, ALICE)
    create_channel(alice, channel_name("depot"))
    give = """([selector, kind, name]) => {
        const files = new DataTransfer();
        files.items.add(new File(["Ordre du jour"], name, { type: "text/plain" }));
        const init = { bubbles: true, cancelable: true };
        const event = kind === "drop"
            ? new DragEvent("drop", { ...init, dataTransfer: files })
            : new ClipboardEvent("paste", { ...init, clipboardData: files });
        document.querySelector(selector).dispatchEvent(event);
    }"""

    alice.evaluate(give, ["form.chat-composer", "drop", "a.txt"])
    alice.evaluate(give, ["form.chat-composer textarea", "paste", "b.txt"])

    expect(pending_files(alice)).to_have_count(2)
    for chip in pending_files(alice).all():
        expect(chip).to_have_attribute("data-state", "uploaded")
    alice.get_by_role("combobox", name="Message à").fill("Les deux")
    alice.get_by_role("combobox", name="Message à").press("Enter")
    links = message(alice, "Les deux").locator(".chat-files a")
    expect(links).to_have_count(2)
    assert sorted(links.all_text_contents()) == ["a.txt", "b.txt"]  # uploaded side by side


def test_a_member_of_more_channels_than_a_page_follows_live_keeps_every_count(
    users: Users,
) -> None:
    carol = open_chat(users, CAROL)
    prefix = uuid.uuid4().hex[:6]
    names = [f"aaa-{prefix}", *(f"masse-{prefix}-{i:03}" for i in range(105)), f"zzz-{prefix}"]
    ids = [call(carol, "POST", "/api/v1/chat/channels", {"name": n})["id"] for n in names]
    denise = users.new()
    page = denise.page
    page.clock.install()
    sockets: list[object] = []
    page.on("websocket", lambda socket: sockets.append(socket))
    sign_in(page, DENISE)
    for channel_id in ids:
        call(page, "POST", f"/api/v1/chat/channels/{channel_id}/join")
    navigation(page).get_by_role("link", name="Discussions").click()
    first, last = sidebar_link(page, names[0]), sidebar_link(page, names[-1])
    expect(last).to_be_visible()
    expect(connection(page)).to_have_attribute("data-status", "online")

    # The last channels are not followed live: their counts are asked for every minute.
    call(carol, "POST", f"/api/v1/chat/channels/{ids[-1]}/messages", {"text": "Dernier"})
    page.clock.fast_forward(61_000)
    expect(last.locator(".chat-unread")).to_contain_text("1")
    # The first ones are.
    call(carol, "POST", f"/api/v1/chat/channels/{ids[0]}/messages", {"text": "Premier"})
    expect(first.locator(".chat-unread")).to_contain_text("1")
    assert len(sockets) == 1  # never closed for subscribing to too many topics at once
