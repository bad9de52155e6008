"""A meeting without a video server, in Chromium with the fake camera and microphone:
people see and hear each other peer to peer, a screen share reaches the others, someone
from another organization waits in the lobby until a host lets them in, and a fifth
person is told the meeting is full."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Page, expect

from lasuite.testing.services import in_ci
from tests.e2e.browser import Users
from tests.e2e.conftest import ALICE, BOB, CAROL, DENISE
from tests.e2e.server import Account, LiveApp
from tests.e2e.test_chat import alice_and_carol_in, channel_name
from tests.e2e.test_workspace import navigation, sign_in
from tests.plugins.visio.fake_egress import MP4
from tests.plugins.visio.saved_meetings import save_recording

T = TypeVar("T")
VISIO_MODULE = Path(__file__).resolve().parents[2] / "plugins/visio/lasuite_visio/static/visio.js"
MEDIA_WITHIN = 30_000
"""Milliseconds for a peer connection to set up and its video to play (two cores, four
browsers encoding video)."""

PLAYING = """
([selector, count]) => {
  const playing = [...document.querySelectorAll(selector)].filter(
    (video) => video.videoWidth > 0 && video.currentTime > 0 && !video.paused,
  );
  if (playing.length < count) return false;
  // Still advancing: each playing video's time moves on from what was seen last time.
  const seen = (window.__visioSeen ??= new Map());
  const moving = playing.filter((video) => {
    const before = seen.get(video);
    seen.set(video, video.currentTime);
    return before !== undefined && video.currentTime > before;
  });
  return moving.length >= count;
}
"""


@pytest.fixture(autouse=True)
def built_visio_module() -> None:
    if VISIO_MODULE.exists():
        return
    message = "The visio UI is not built (run `make web`)"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def open_visio(users: Users, account: Account) -> Page:
    page = users.new(media=True).page
    sign_in(page, account)
    navigation(page).get_by_role("link", name="Visio").click()
    expect(page.get_by_role("heading", name="Réunions vidéo")).to_be_visible()
    return page


def join_by_link(page: Page, slug: str, *, camera: bool = True, join: bool = True) -> None:
    """Open the meeting's page by its link, and join (else stay before joining)."""
    page.get_by_label("Rejoindre avec un lien ou un code").fill(slug)
    page.get_by_role("button", name="Rejoindre", exact=True).click()
    if not camera:
        page.get_by_role("button", name="Couper la caméra").click()
    if join:
        page.get_by_role("button", name="Rejoindre maintenant").click()


def remote_videos_play(page: Page, count: int) -> None:
    """Wait until ``count`` videos of others have a picture and keep playing."""
    page.wait_for_function(
        PLAYING, arg=["video[data-remote]", count], timeout=MEDIA_WITHIN, polling=500
    )


def test_two_colleagues_see_each_other_and_a_guest_waits_to_be_let_in(users: Users) -> None:
    # Everyone signs in first: once four browsers send video, two cores are busy.
    alice, denise, bob, carol, fifth = (
        open_visio(users, account) for account in (ALICE, DENISE, BOB, CAROL, DENISE)
    )
    alice.get_by_label("Nom de la réunion").fill("Point hebdo")
    alice.get_by_role("button", name="Démarrer maintenant").click()
    alice.get_by_role("button", name="Rejoindre maintenant").click()
    expect(alice.get_by_role("heading", name="Point hebdo")).to_be_visible()
    slug = alice.url.rstrip("/").split("/")[-1]
    assert re.fullmatch(r"[a-z]{3}-[a-z]{4}-[a-z]{3}", slug), alice.url

    join_by_link(denise, slug)
    remote_videos_play(denise, 1)
    remote_videos_play(alice, 1)
    expect(alice.get_by_text("Denise Moreau")).to_be_visible()

    # A screen share is one more picture for the others.
    alice.get_by_role("button", name="Partager l'écran").click()
    expect(denise.get_by_text("Écran de Alice Martin")).to_be_visible(timeout=MEDIA_WITHIN)
    remote_videos_play(denise, 2)
    alice.get_by_role("button", name="Arrêter le partage").click()
    expect(denise.get_by_text("Écran de Alice Martin")).to_have_count(0, timeout=MEDIA_WITHIN)

    # Bob is of another ministry: he waits until the host lets him in.
    join_by_link(bob, slug)
    expect(bob.get_by_role("heading", name="Dans la salle d'attente")).to_be_visible()
    lobby = alice.get_by_role("region", name="Salle d'attente")
    expect(lobby).to_contain_text("Bob Durand")
    expect(denise.get_by_role("region", name="Salle d'attente")).to_have_count(0)
    lobby.get_by_role("button", name="Faire entrer").click()
    expect(bob.get_by_role("heading", name="Point hebdo")).to_be_visible()
    remote_videos_play(bob, 2)

    # Four are in; a fifth is told the meeting is full, and why.
    join_by_link(carol, slug, camera=False)
    expect(carol.get_by_role("heading", name="Point hebdo")).to_be_visible()
    join_by_link(fifth, slug, camera=False)
    refusal = fifth.locator("visio-meeting").get_by_role("alert")
    expect(refusal).to_contain_text("Cette réunion est complète")


def test_a_denied_guest_is_told(users: Users) -> None:
    alice = open_visio(users, ALICE)
    alice.get_by_label("Nom de la réunion").fill("Entretien")
    alice.get_by_role("button", name="Démarrer maintenant").click()
    alice.get_by_role("button", name="Rejoindre maintenant").click()
    expect(alice.get_by_role("heading", name="Entretien")).to_be_visible()
    slug = alice.url.rstrip("/").split("/")[-1]

    bob = open_visio(users, BOB)
    join_by_link(bob, slug)
    expect(bob.get_by_role("heading", name="Dans la salle d'attente")).to_be_visible()
    alice.get_by_role("region", name="Salle d'attente").get_by_role(
        "button", name="Refuser"
    ).click()

    refusal = bob.locator("visio-meeting").get_by_role("alert")
    expect(refusal).to_contain_text("Un organisateur ne vous a pas fait entrer")


def test_a_meeting_being_joined_stays_when_the_workspace_reloads(users: Users) -> None:
    alice = open_visio(users, ALICE)
    alice.get_by_label("Nom de la réunion").fill("Point d'équipe")
    alice.get_by_role("button", name="Démarrer maintenant").click()
    expect(alice.get_by_role("button", name="Rejoindre maintenant")).to_be_visible()

    # What the shell does when the organization changes anything (a plugin switched, a
    # role's rights): the session reloads and the module's fragment gets a new ref, the
    # same module and element.
    kept = alice.evaluate(
        """async () => {
            const fragment = document.querySelector("main lasuite-fragment");
            const meeting = fragment.querySelector("visio-meeting");
            fragment.ref = { ...fragment.ref };
            await fragment.updateComplete;
            return fragment.querySelector("visio-meeting") === meeting;
        }"""
    )
    alice.get_by_role("button", name="Rejoindre maintenant").click()

    assert kept
    expect(alice.get_by_role("heading", name="Point d'équipe")).to_be_visible()


def start_meeting(users: Users, name: str, access: str) -> tuple[Page, str]:
    """Alice starts a meeting with this access level (the label of its choice); her page
    and the meeting's link."""
    alice = open_visio(users, ALICE)
    alice.get_by_label("Nom de la réunion").fill(name)
    alice.get_by_label("Qui peut entrer").select_option(label=access)
    alice.get_by_role("button", name="Démarrer maintenant").click()
    alice.get_by_role("button", name="Rejoindre maintenant").click()
    expect(alice.get_by_role("heading", name=name)).to_be_visible()
    return alice, alice.url


def test_someone_without_an_account_joins_a_public_meeting_by_its_link(users: Users) -> None:
    alice, link = start_meeting(users, "Réunion publique", "Toute personne ayant le lien")
    visitor = users.new(media=True).page

    visitor.goto(link)
    visitor.get_by_label("Votre nom (visible des participants)").fill("Camille Usager")
    visitor.get_by_role("button", name="Rejoindre maintenant").click()

    expect(visitor.get_by_role("heading", name="Réunion publique")).to_be_visible()
    remote_videos_play(visitor, 1)
    remote_videos_play(alice, 1)
    expect(alice.get_by_text("Camille Usager")).to_be_visible()


def test_someone_without_an_account_waits_to_be_let_into_a_trusted_meeting(
    users: Users,
) -> None:
    alice, link = start_meeting(
        users,
        "Réunion interne",
        "Les membres de l'organisation (les autres attendent qu'on les fasse entrer)",
    )
    visitor = users.new(media=True).page
    visitor.goto(link)
    visitor.get_by_label("Votre nom (visible des participants)").fill("Camille Usager")
    visitor.get_by_role("button", name="Rejoindre maintenant").click()
    expect(visitor.get_by_role("heading", name="Dans la salle d'attente")).to_be_visible()

    alice.get_by_role("region", name="Salle d'attente").get_by_role(
        "button", name="Faire entrer"
    ).click()

    expect(visitor.get_by_role("heading", name="Réunion interne")).to_be_visible()
    remote_videos_play(visitor, 1)


def test_a_host_mutes_a_participant(users: Users) -> None:
    alice, link = start_meeting(users, "Réunion calme", "Toute personne ayant le lien")
    denise = open_visio(users, DENISE)
    join_by_link(denise, link.rstrip("/").split("/")[-1])
    expect(denise.get_by_role("button", name="Couper le micro")).to_be_visible()

    alice.get_by_role("button", name="Participants").click()
    alice.get_by_role("button", name="Couper le micro de Denise Moreau").click()

    expect(denise.get_by_role("button", name="Activer le micro")).to_be_visible()
    expect(denise.get_by_text("Un organisateur a coupé votre micro.")).to_be_visible()


def test_the_meetings_chat_is_read_by_everyone_in_it(users: Users) -> None:
    alice, link = start_meeting(users, "Réunion écrite", "Toute personne ayant le lien")
    denise = open_visio(users, DENISE)
    join_by_link(denise, link.rstrip("/").split("/")[-1])
    expect(denise.get_by_role("heading", name="Réunion écrite")).to_be_visible()

    alice.get_by_role("button", name="Discussion").click()
    alice.get_by_label("Écrire aux participants").fill("Le document est partagé")
    alice.get_by_role("button", name="Envoyer").click()

    expect(denise.get_by_role("button", name="Discussion (1 nouveaux)")).to_be_visible()
    denise.get_by_role("button", name="Discussion (1 nouveaux)").click()
    chat = denise.get_by_role("complementary", name="Discussion")
    expect(chat).to_contain_text("Alice Martin")
    expect(chat).to_contain_text("Le document est partagé")


def test_the_speaker_view_shows_who_speaks_large_and_keys_drive_the_meeting(
    users: Users,
) -> None:
    alice, link = start_meeting(users, "Réunion orateur", "Toute personne ayant le lien")
    denise = open_visio(users, DENISE)
    join_by_link(denise, link.rstrip("/").split("/")[-1])
    remote_videos_play(alice, 1)

    alice.keyboard.press("Control+Alt+KeyV")
    main = alice.locator(".visio-tile--main")
    expect(alice.get_by_role("button", name="Vue orateur")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(main).to_have_count(1)
    expect(main).to_contain_text("Denise Moreau")
    # The fake microphone beeps: Denise is heard, her video says so.
    expect(alice.locator("figure[data-peer][data-speaking=true]")).to_have_count(
        1, timeout=MEDIA_WITHIN
    )
    alice.get_by_role("button", name="Épingler en grand : Vous").click()
    expect(main).to_contain_text("Vous")
    expect(alice.locator(".visio-speaker__strip")).to_contain_text("Denise Moreau")

    alice.keyboard.press("Control+Alt+KeyH")
    expect(denise.locator("figure.visio-tile").get_by_label("Main levée")).to_be_visible()
    alice.keyboard.press("Control+Alt+KeyC")
    expect(alice.get_by_role("complementary", name="Discussion")).to_be_visible()
    alice.get_by_text("Raccourcis clavier").click()
    expect(alice.get_by_text("Lever ou baisser la main")).to_be_visible()
    alice.keyboard.press("Control+Alt+KeyV")
    expect(main).to_have_count(0)
    expect(alice.locator("figure[data-speaking=true]")).to_have_count(0)  # no longer listened


def test_a_host_sends_people_to_breakout_rooms_and_brings_them_back(users: Users) -> None:
    alice, link = start_meeting(users, "Atelier", "Toute personne ayant le lien")
    slug = link.rstrip("/").split("/")[-1]
    denise, bob = open_visio(users, DENISE), open_visio(users, BOB)
    for page in (denise, bob):
        join_by_link(page, slug)
    remote_videos_play(alice, 2)

    alice.get_by_role("button", name="Sous-salles").click()
    panel = alice.get_by_role("complementary", name="Sous-salles")
    panel.get_by_text("Choisir qui va où").click()
    panel.get_by_label(DENISE.display_name).select_option(label="Salle 1")
    panel.get_by_label(BOB.display_name).select_option(label="Salle 2")
    panel.get_by_role("button", name="Ouvrir les sous-salles").click()

    expect(denise.get_by_role("status").filter(has_text="« Salle 1 »")).to_be_visible()
    expect(bob.get_by_role("status").filter(has_text="« Salle 2 »")).to_be_visible()
    expect(denise.locator("video[data-remote]")).to_have_count(0)
    panel.get_by_label(BOB.display_name).select_option(label="Salle 1")
    expect(bob.get_by_role("status").filter(has_text="« Salle 1 »")).to_be_visible()
    remote_videos_play(denise, 1)

    panel.get_by_role("button", name="Faire revenir tout le monde").click()
    expect(denise.get_by_role("status").filter(has_text="sous-salle")).to_have_count(0)
    remote_videos_play(alice, 2)
    remote_videos_play(denise, 2)


def test_a_meeting_started_in_a_channel_is_announced_there_and_keeps_its_notes(
    users: Users,
) -> None:
    name = channel_name("comite")
    alice, carol = alice_and_carol_in(users, name)

    alice.get_by_role("button", name="Démarrer une réunion").click()
    expect(alice.get_by_role("button", name="Rejoindre maintenant")).to_be_visible()
    slug = alice.url.rstrip("/").split("/")[-1]
    card = carol.locator(".chat-card")
    expect(card.get_by_role("link", name=f"Réunion de #{name}")).to_have_attribute(
        "href", f"/visio/{slug}"
    )

    alice.get_by_role("button", name="Rejoindre maintenant").click()
    expect(alice.get_by_role("heading", name=f"Réunion de #{name}")).to_be_visible()
    alice.get_by_role("button", name="Prendre des notes").click()
    notes = alice.get_by_role("link", name="Ouvrir les notes")
    expect(notes).to_have_attribute("href", re.compile(r"^/docs/[0-9a-f-]{36}$"))
    with alice.context.expect_page() as opened:
        notes.click()
    page = opened.value
    # The notes open beside the meeting, which goes on.
    expect(page.get_by_label("Titre de la page")).to_have_value(
        re.compile(rf"^Notes — Réunion de #{name} — \d\d/\d\d/\d{{4}}$")
    )
    expect(page.locator(".ProseMirror")).to_contain_text(f"Présents : {ALICE.display_name}")
    expect(alice.get_by_role("heading", name=f"Réunion de #{name}")).to_be_visible()


def in_a_thread(work: Coroutine[Any, Any, T]) -> T:
    """Run ``work`` on an event loop of its own (the sync browser API holds this thread's)."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, work).result()


def test_a_host_downloads_a_rooms_recording_before_joining(users: Users, live: LiveApp) -> None:
    alice = open_visio(users, ALICE)
    alice.get_by_label("Nom de la réunion").fill("Revue")
    alice.get_by_role("button", name="Démarrer maintenant").click()
    expect(alice.get_by_role("button", name="Rejoindre maintenant")).to_be_visible()
    slug = alice.url.rstrip("/").split("/")[-1]
    recordings = alice.get_by_role("region", name="Enregistrements")
    expect(recordings).to_contain_text("Aucune réunion de cette salle n'a été enregistrée.")

    in_a_thread(save_recording(live.settings, slug, MP4))
    alice.reload()
    with alice.expect_download() as downloading:
        recordings.get_by_role("link", name="Télécharger la vidéo").click()

    assert Path(downloading.value.path()).read_bytes() == MP4
    expect(recordings).to_contain_text("Enregistré")
    denise = open_visio(users, DENISE)
    join_by_link(denise, slug, join=False)
    expect(denise.get_by_role("button", name="Rejoindre maintenant")).to_be_visible()
    expect(denise.get_by_role("region", name="Enregistrements")).to_have_count(0)
