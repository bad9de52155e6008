"""What a reload or a trip to another channel keeps in chat — what was written and not
sent (per channel, per thread), and the thread that was open — and what tells the person
that messages wait for them elsewhere: the count on the navigation entry and in the
page's title."""

from __future__ import annotations

import io
import re

from PIL import Image
from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import Users
from tests.e2e.conftest import ALICE
from tests.e2e.test_chat import (
    alice_and_carol_in,
    built_chat_module,  # noqa: F401 - the fixture, used by every test here
    channel_name,
    create_channel,
    message,
    open_chat,
    pending_files,
    post,
    sidebar_link,
    thread_pane,
)
from tests.e2e.test_workspace import navigation


def composer(page: Page) -> Locator:
    return page.get_by_role("combobox", name="Message à")


def test_a_draft_stays_with_its_channel_across_channels_and_reloads(users: Users) -> None:
    first, second = channel_name("brouillon-a"), channel_name("brouillon-b")
    alice = open_chat(users, ALICE)
    create_channel(alice, first)
    composer(alice).fill("Pour le premier salon")
    create_channel(alice, second)
    expect(composer(alice)).to_have_value("")
    composer(alice).fill("Pour le second")

    alice.reload()
    expect(composer(alice)).to_have_value("Pour le second")
    sidebar_link(alice, first).click()
    expect(composer(alice)).to_have_value("Pour le premier salon")
    composer(alice).press("Enter")
    expect(message(alice, "Pour le premier salon")).to_be_visible()
    alice.reload()

    expect(composer(alice)).to_have_value("")


def test_an_open_thread_stays_open_across_a_reload(users: Users) -> None:
    alice = open_chat(users, ALICE)
    create_channel(alice, channel_name("fil"))
    post(alice, "Point de départ")
    message(alice, "Point de départ").get_by_role("button", name="Répondre").click()
    expect(thread_pane(alice)).to_be_visible()
    expect(alice).to_have_url(re.compile(r"\?thread="))

    alice.reload()

    expect(thread_pane(alice)).to_be_visible()
    expect(thread_pane(alice).get_by_text("Point de départ")).to_be_visible()
    thread_pane(alice).get_by_role("button", name="Fermer le fil").click()
    expect(alice).not_to_have_url(re.compile(r"thread="))


def test_unread_messages_are_counted_on_the_navigation_entry_and_in_the_title(
    users: Users,
) -> None:
    name = channel_name("compte")
    alice, carol = alice_and_carol_in(users, name)
    carol.get_by_role("link", name="Parcourir les salons").click()  # out of the channel
    entry = navigation(carol).get_by_role("link", name=re.compile(r"^Discussions"))

    post(alice, "Premier")
    post(alice, "Second")

    expect(entry.locator(".chat-nav__unread")).to_contain_text("2")
    expect(carol).to_have_title(re.compile(r"^\(2\) "))
    sidebar_link(carol, name).click()
    expect(entry.locator(".chat-nav__unread")).to_have_count(0)
    expect(carol).not_to_have_title(re.compile(r"^\("))


def test_an_image_alice_attaches_shows_as_a_picture_to_carol(users: Users) -> None:
    name = channel_name("image")
    alice, carol = alice_and_carol_in(users, name)
    drawn = io.BytesIO()
    Image.new("RGB", (900, 600), color=(0, 0, 145)).save(drawn, format="PNG")

    with alice.expect_file_chooser() as chooser:
        alice.get_by_role("button", name="Joindre des fichiers").click()
    chooser.value.set_files(
        files=[{"name": "schema.png", "mimeType": "image/png", "buffer": drawn.getvalue()}]
    )
    expect(pending_files(alice)).to_have_attribute("data-state", "uploaded")
    alice.get_by_role("button", name="Envoyer").click()

    shown = message(carol, "schema.png").get_by_role("img", name="Image schema.png")
    expect(shown).to_be_visible()
    expect(shown).to_have_js_property("naturalWidth", 480)  # the thumbnail, not the file
