"""A channel's settings, two people at once: renaming it, adding people and naming
moderators, reports of messages, incoming webhooks, archiving and leaving — each seen
live by the other reader, from the panel beside the messages."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import Users
from tests.e2e.conftest import ALICE, CAROL
from tests.e2e.test_chat import (
    alice_and_carol_in,
    built_chat_module,  # noqa: F401 - the fixture, used by every test here
    channel_name,
    create_channel,
    message,
    open_chat,
    post,
    sidebar_link,
)


def settings(page: Page) -> Locator:
    """The panel, opened from the channel's header."""
    panel = page.get_by_role("region", name="Paramètres du salon")
    if not panel.is_visible():
        page.get_by_role("button", name="Paramètres").click()
    expect(panel).to_be_visible()
    return panel


def create_private_channel(page: Page, name: str) -> None:
    page.get_by_role("link", name="Créer un salon").click()
    page.get_by_label("Nom du salon").fill(name)
    page.locator("label[for=chat-create-private]").click()
    page.get_by_role("button", name="Créer le salon").click()
    expect(page.get_by_role("heading", name=f"#{name}")).to_be_visible()


def test_alice_renames_her_channel_and_sets_its_topic_and_carol_sees_both_live(
    users: Users,
) -> None:
    name, renamed = channel_name("avant"), channel_name("apres")
    alice, carol = alice_and_carol_in(users, name)

    panel = settings(alice)
    panel.get_by_label("Nom du salon").fill(renamed)
    panel.get_by_label("Sujet").fill("Préparer le comité du 12")
    panel.get_by_role("button", name="Enregistrer").click()

    expect(panel.get_by_role("status")).to_have_text("Modifications enregistrées.")
    expect(carol.get_by_role("heading", name=f"#{renamed}")).to_be_visible()
    expect(carol.get_by_text("Préparer le comité du 12")).to_be_visible()
    expect(sidebar_link(alice, renamed)).to_be_visible()


def test_carol_added_to_a_private_channel_is_named_moderator_then_taken_out(
    users: Users,
) -> None:
    name = channel_name("prive")
    alice = open_chat(users, ALICE)
    create_private_channel(alice, name)
    carol = open_chat(users, CAROL)
    expect(sidebar_link(carol, name)).to_have_count(0)

    panel = settings(alice)
    panel.get_by_label("Ajouter quelqu'un").select_option(label=CAROL.display_name)
    panel.get_by_role("button", name="Ajouter au salon").click()
    expect(sidebar_link(carol, name)).to_be_visible()  # live, in Carol's sidebar
    panel.get_by_role("button", name=f"Nommer {CAROL.display_name} modérateur·rice").click()
    expect(panel.get_by_role("listitem").filter(has_text=CAROL.display_name)).to_contain_text(
        "modérateur"
    )
    sidebar_link(carol, name).click()
    expect(settings(carol).get_by_label("Sujet")).to_be_visible()  # moderators edit it
    panel.get_by_role("button", name=f"Retirer {CAROL.display_name} du salon").click()

    expect(carol.get_by_text("Vous n'avez plus accès à cette discussion.")).to_be_visible()
    expect(panel.get_by_role("listitem").filter(has_text=CAROL.display_name)).to_have_count(0)


def test_a_message_carol_reports_reaches_alice_who_handles_it(users: Users) -> None:
    name = channel_name("signal")
    alice, carol = alice_and_carol_in(users, name)
    post(alice, "Un message à signaler")

    carol_sees = message(carol, "Un message à signaler")
    carol_sees.get_by_role("button", name="Signaler").click()
    carol_sees.get_by_label("Pourquoi signalez-vous ce message ?").fill("Propos déplacés")
    carol_sees.get_by_role("button", name="Envoyer le signalement").click()
    expect(carol_sees.get_by_role("status")).to_have_text(
        "Signalement envoyé aux modérateurs du salon."
    )
    expect(carol_sees.get_by_role("button", name="Signaler")).to_have_count(0)

    panel = settings(alice)
    expect(panel.get_by_text("Signalements (1)")).to_be_visible()
    expect(panel.get_by_text("Motif : Propos déplacés")).to_be_visible()
    panel.get_by_role("button", name="Traité").click()
    expect(panel.get_by_text("Aucun message signalé.")).to_be_visible()
    expect(panel.get_by_role("status")).to_have_text("Signalement traité.")


def test_a_webhook_alice_makes_posts_in_the_channel_until_she_revokes_it(users: Users) -> None:
    name = channel_name("hook")
    alice, carol = alice_and_carol_in(users, name)
    panel = settings(alice)
    panel.get_by_label("Nom du nouveau webhook").fill("Supervision")
    panel.get_by_role("button", name="Créer le webhook").click()

    address = panel.get_by_label("Adresse secrète du webhook").input_value()
    assert address.startswith(("http://", "https://"))  # to paste into another application
    posted = alice.request.post(address, data={"text": "Alerte : disque plein"})
    expect(message(carol, "Alerte : disque plein")).to_be_visible()
    panel.get_by_role("button", name="Révoquer « Supervision »").click()
    expect(panel.get_by_text("Aucun webhook.")).to_be_visible()
    refused = alice.request.post(address, data={"text": "Encore"})

    assert posted.status in (200, 201)
    assert refused.status == 404
    expect(panel.get_by_label("Adresse secrète du webhook")).to_have_count(0)


def test_alice_archives_and_reopens_and_carol_leaves_from_the_settings(users: Users) -> None:
    name = channel_name("sortie")
    alice, carol = alice_and_carol_in(users, name)
    panel = settings(alice)

    panel.get_by_role("button", name="Archiver le salon").click()
    expect(carol.get_by_text("Ce salon est archivé")).to_be_visible()
    panel.get_by_role("button", name="Rouvrir le salon").click()
    expect(carol.get_by_role("combobox", name="Message à")).to_be_visible()
    carol_panel = settings(carol)
    carol_panel.get_by_role("button", name="Quitter le salon").click()
    carol_panel.get_by_role("button", name="Confirmer : quitter le salon").click()

    expect(carol).to_have_url(re.compile(r"/chat$"))
    expect(sidebar_link(carol, name)).to_have_count(0)
    expect(panel.get_by_role("listitem").filter(has_text=CAROL.display_name)).to_have_count(0)


def test_the_settings_take_the_whole_width_of_a_phone(users: Users) -> None:
    name = channel_name("phone")
    alice = open_chat(users, ALICE)
    alice.set_viewport_size({"width": 390, "height": 844})
    create_channel(alice, name)
    panel = settings(alice)

    expect(alice.locator(".chat-log")).to_be_hidden()  # in the place of the messages
    box = panel.bounding_box()
    fits = alice.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    assert box["width"] > 300
    assert fits
    panel.get_by_role("button", name="Fermer les paramètres").click()
    expect(alice.get_by_role("combobox", name="Message à")).to_be_visible()
