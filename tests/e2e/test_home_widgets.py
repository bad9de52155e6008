"""The home page's "En ce moment": each first-party module's widget says what matters
now — unread discussions, recent documents, meetings in progress."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import Users
from tests.e2e.test_admin import call
from tests.e2e.test_chat import (
    alice_and_carol_in,
    built_chat_module,  # noqa: F401 - the fixture, used by every test here
    channel_name,
    post,
)
from tests.e2e.test_workspace import navigation


def test_home_lists_a_discussion_with_unread_messages_and_a_document_just_made(
    users: Users,
) -> None:
    name = channel_name("accueil")
    alice, carol = alice_and_carol_in(users, name)
    navigation(carol).get_by_role("link", name="Accueil").click()  # not reading the channel
    post(alice, "Un message pour Carol")
    title = f"Note {name}"
    made = call(alice, "POST", "/api/v1/docs/documents", {"title": title})

    carol.reload()
    unread = carol.locator("chat-home")
    expect(unread.get_by_role("heading", name="Discussions non lues")).to_be_visible()
    expect(unread.get_by_role("link", name=f"#{name}")).to_be_visible()
    expect(unread.get_by_text("1 non lus")).to_be_visible()
    navigation(alice).get_by_role("link", name="Accueil").click()
    recent = alice.locator("docs-home")
    expect(recent.get_by_role("link", name=title)).to_have_attribute("href", f"/docs/{made['id']}")
    meetings = alice.locator("visio-home")
    expect(meetings.get_by_role("heading", name="Réunions en cours")).to_be_visible()
    unread.get_by_role("link", name=f"#{name}").click()

    expect(carol.get_by_role("heading", name=f"#{name}")).to_be_visible()
    expect(carol.get_by_text("Un message pour Carol")).to_be_visible()
