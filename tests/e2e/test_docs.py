"""The docs plugin's page in Chromium: two people editing one page live (each sees the
other's text and named caret), the tree of pages with its trash, the connection banner."""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Locator, Page, expect

from lasuite.identity.secret_hashes import hash_secret
from lasuite.testing.services import in_ci
from tests.e2e.browser import Users, read_in
from tests.e2e.conftest import ALICE, CAROL
from tests.e2e.server import Account, LiveApp
from tests.e2e.test_admin import API, call, member_id
from tests.e2e.test_invitation_page import (
    Inviter,
    address,
    change_invitation,
    in_a_thread,
    sign_up,
)
from tests.e2e.test_workspace import navigation, sign_in
from tests.plugins.docs.images import BLUE, png

DOCS_MODULE = Path(__file__).resolve().parents[2] / "plugins/docs/lasuite_docs/static/docs.js"

# Cuts the page's document connections while `window.__cutDocs` is true: open ones are
# closed and new ones go to a path that refuses them, as when the network drops.
CUTTABLE_DOC_SOCKETS = """
window.__cutDocs = false;
window.__docSockets = [];
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(url, protocols) {
    const cut = window.__cutDocs && String(url).includes("/api/v1/docs/sync/");
    super(cut ? String(url).replace("/api/v1/docs/sync/", "/api/v1/docs/cut/") : url, protocols);
    if (String(url).includes("/api/v1/docs/sync/")) window.__docSockets.push(this);
  }
};
window.__cutDocConnections = () => {
  window.__cutDocs = true;
  for (const socket of window.__docSockets) socket.close();
};
"""


@pytest.fixture(autouse=True)
def built_docs_module() -> None:
    if DOCS_MODULE.exists():
        return
    message = "The docs UI is not built (run `make web`)"
    if in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def open_docs(users: Users, account: Account, *, cuttable: bool = False) -> Page:
    user = users.new()
    if cuttable:
        user.context.add_init_script(CUTTABLE_DOC_SOCKETS)
    page = user.page
    sign_in(page, account)
    user.record.console_errors.clear()  # the sign-in page's session probe (401)
    navigation(page).get_by_role("link", name="Documents").click()
    expect(sidebar(page)).to_be_visible()
    return page


def sidebar(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Mes documents")


def editor(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Contenu de la page")


def new_page(page: Page, title: str) -> str:
    """Create a top-level page from the sidebar, title it; its id."""
    sidebar(page).get_by_role("button", name="Nouvelle page").click()
    return name_open_page(page, title)


def name_open_page(page: Page, title: str) -> str:
    """Rename the page just created (titled "Sans titre") to ``title``; its id."""
    field = page.get_by_label("Titre de la page")
    expect(field).to_have_value("Sans titre")
    field.fill(title)
    field.press("Enter")
    expect(tree_link(page, title)).to_be_visible()
    expect(editor(page)).to_be_focused()
    match = re.search(r"/docs/([0-9a-f-]{36})$", page.url)
    assert match, page.url
    return match.group(1)


def tree_link(page: Page, title: str) -> Locator:
    return sidebar(page).get_by_role("link", name=title, exact=True)


def share_panel(page: Page) -> Locator:
    """The open page's share panel, opened if it is not."""
    panel = page.get_by_role("region", name="Partager la page")
    if not panel.is_visible():
        page.locator(".docs-editor__header").get_by_role("button", name="Partager").click()
    expect(panel).to_be_visible()
    return panel


def share_with(page: Page, account: Account, role: str = "Éditeur") -> None:
    """Give ``account`` a role on the open page, through its share panel."""
    panel = share_panel(page)
    panel.get_by_label("Avec qui").select_option(label=f"{account.display_name} ({account.email})")
    panel.get_by_label("Rôle", exact=True).select_option(label=role)
    panel.get_by_role("button", name="Partager").click()
    expect(panel.get_by_label(f"Rôle de {account.display_name}")).to_be_visible()


def open_to_organization(page: Page, role: str = "Éditeur") -> None:
    """Let every member of the organization open the page with ``role`` (saved when this
    returns)."""
    panel = share_panel(page)
    for field, choice in (
        (
            "Qui peut ouvrir la page avec son lien",
            "Tous les membres de l'organisation (les invités exceptés)",
        ),
        ("Avec le rôle", role),
    ):
        with page.expect_response(lambda r: r.url.endswith("/link") and r.ok):
            panel.get_by_label(field).select_option(label=choice)


def caret_of(page: Page, account: Account) -> Locator:
    return page.locator(".collaboration-carets__label", has_text=account.display_name)


def presence(page: Page) -> Locator:
    """Who else has the page open, as the page lists them."""
    return page.locator(".docs-presence")


def test_two_people_edit_a_page_together_and_see_each_others_text_and_caret(
    users: Users,
) -> None:
    alice = open_docs(users, ALICE)
    title = f"Compte rendu {uuid.uuid4().hex[:6]}"
    document_id = new_page(alice, title)
    share_with(alice, CAROL)
    carol = open_docs(users, CAROL)
    tree_link(carol, title).click()
    expect(carol).to_have_url(re.compile(rf"/docs/{document_id}$"))
    expect(editor(carol)).to_be_visible()

    editor(alice).press_sequentially("Ordre du jour de la réunion")
    expect(editor(carol)).to_contain_text("Ordre du jour de la réunion")
    editor(carol).click()
    carol.keyboard.press("Control+End")
    carol.keyboard.press("Enter")
    carol.keyboard.type("Point de Carol")

    expect(editor(alice)).to_contain_text("Point de Carol")
    expect(editor(carol)).to_contain_text("Ordre du jour de la réunion")
    expect(caret_of(alice, CAROL)).to_be_visible()
    expect(caret_of(carol, ALICE)).to_be_visible()
    expect(caret_of(alice, ALICE)).to_have_count(0)
    expect(presence(alice)).to_have_text(f"Aussi sur cette page : {CAROL.display_name}")
    expect(presence(carol)).to_have_text(f"Aussi sur cette page : {ALICE.display_name}")
    # The caret's colour is set through the CSSOM, which the page's CSP allows.
    expect(caret_of(alice, CAROL)).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")
    assert [(u.record.console_errors, u.record.page_errors) for u in users.all] == [([], [])] * 2


def test_what_a_page_holds_is_there_when_it_is_opened_again(users: Users) -> None:
    alice = open_docs(users, ALICE)
    new_page(alice, f"Note {uuid.uuid4().hex[:6]}")
    editor(alice).press_sequentially("Gardé sur le serveur")
    expect(alice.locator(".docs-banner")).to_have_count(0)

    alice.reload()

    expect(editor(alice)).to_have_text("Gardé sur le serveur")


def test_a_sub_page_goes_to_the_trash_and_comes_back_under_its_page(users: Users) -> None:
    alice = open_docs(users, ALICE)
    suffix = uuid.uuid4().hex[:6]
    parent = f"Dossier {suffix}"
    child = f"Annexe {suffix}"
    new_page(alice, parent)

    sidebar(alice).get_by_role("button", name=f"Ajouter une sous-page à « {parent} »").click()
    name_open_page(alice, child)

    subpages = sidebar(alice).get_by_role("button", name=f"Sous-pages de « {parent} »")
    expect(subpages).to_have_attribute("aria-expanded", "true")
    parent_item = (
        sidebar(alice)
        .get_by_role("listitem")
        .filter(has=alice.get_by_role("link", name=parent, exact=True))
    )
    expect(parent_item.get_by_role("link", name=child)).to_have_attribute("aria-current", "page")

    alice.get_by_role("button", name="Mettre à la corbeille").click()

    expect(tree_link(alice, child)).to_have_count(0)
    expect(subpages).to_have_count(0)
    sidebar(alice).get_by_role("link", name="Corbeille").click()
    alice.get_by_role("button", name=f"Restaurer « {child} »").click()

    expect(alice.get_by_role("status").filter(has_text="Page restaurée")).to_be_visible()
    expect(alice.get_by_role("button", name=f"Restaurer « {child} »")).to_have_count(0)
    expect(subpages).to_have_attribute("aria-expanded", "true")
    expect(parent_item.get_by_role("link", name=child)).to_be_visible()


def test_a_lost_connection_shows_a_banner_and_edits_made_meanwhile_arrive(users: Users) -> None:
    alice = open_docs(users, ALICE, cuttable=True)
    title = f"Hors ligne {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    share_with(alice, CAROL)
    carol = open_docs(users, CAROL)
    tree_link(carol, title).click()
    expect(editor(carol)).to_be_visible()

    alice.evaluate("window.__cutDocConnections()")
    banner = alice.get_by_role("alert").filter(has_text="Connexion perdue. Reconnexion en cours")
    expect(banner).to_be_visible()
    editor(alice).press_sequentially("Écrit hors ligne")
    alice.evaluate("window.__cutDocs = false")

    expect(banner).to_have_count(0)
    expect(editor(carol)).to_contain_text("Écrit hors ligne")


@pytest.fixture
def carol_as_guest(users: Users) -> Iterator[Page]:
    """Alice's page; Carol is a guest of Ministère A (she reads what is shared with her) until
    the test ends."""
    alice = open_docs(users, ALICE)
    carol = member_id(alice, CAROL.email)
    call(alice, "PATCH", f"{API}/members/{carol}", {"role": "guest"})
    yield alice
    call(alice, "PATCH", f"{API}/members/{carol}", {"role": "member"})


def test_a_reader_sees_a_read_only_banner_and_the_edits_of_others(
    users: Users, carol_as_guest: Page
) -> None:
    alice = carol_as_guest
    title = f"Circulaire {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    open_to_organization(alice, "Éditeur")
    share_with(alice, CAROL, "Lecteur")  # a guest does not reach pages open to all
    carol = open_docs(users, CAROL)

    tree_link(carol, title).click()

    expect(carol.get_by_role("status").filter(has_text="Lecture seule")).to_be_visible()
    expect(carol.get_by_role("heading", name=title)).to_be_visible()
    expect(editor(carol)).to_have_attribute("contenteditable", "false")
    expect(carol.get_by_role("toolbar", name="Mise en forme")).to_have_count(0)
    expect(sidebar(carol).get_by_role("button", name="Nouvelle page")).to_have_count(0)
    editor(alice).press_sequentially("Texte de référence")
    expect(editor(carol)).to_contain_text("Texte de référence")


def test_a_reader_made_a_member_edits_the_open_page_without_reloading(
    users: Users, carol_as_guest: Page
) -> None:
    alice = carol_as_guest
    title = f"Note de service {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    open_to_organization(alice, "Éditeur")
    share_with(alice, CAROL, "Lecteur")  # a guest does not reach pages open to all
    carol = open_docs(users, CAROL)
    tree_link(carol, title).click()
    read_only = carol.get_by_role("status").filter(has_text="Lecture seule")
    expect(read_only).to_be_visible()

    call(alice, "PATCH", f"{API}/members/{member_id(alice, CAROL.email)}", {"role": "member"})

    expect(read_only).to_have_count(0)
    expect(editor(carol)).to_have_attribute("contenteditable", "true")
    editor(carol).press_sequentially("Complété par Carol")
    expect(editor(alice)).to_contain_text("Complété par Carol")


def test_a_role_changed_in_the_share_panel_turns_the_others_editor_read_only_live(
    users: Users,
) -> None:
    alice = open_docs(users, ALICE)
    title = f"Arrêté {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    share_with(alice, CAROL, "Éditeur")
    carol = open_docs(users, CAROL)
    tree_link(carol, title).click()
    expect(editor(carol)).to_have_attribute("contenteditable", "true")
    editor(carol).press_sequentially("Avant")
    expect(editor(alice)).to_contain_text("Avant")

    share_panel(alice).get_by_label(f"Rôle de {CAROL.display_name}").select_option(label="Lecteur")

    expect(carol.get_by_role("status").filter(has_text="Lecture seule")).to_be_visible()
    expect(editor(carol)).to_have_attribute("contenteditable", "false")
    expect(editor(carol)).to_contain_text("Avant")


def test_the_slash_menu_and_the_toolbar_shape_the_text(users: Users) -> None:
    alice = open_docs(users, ALICE)
    new_page(alice, f"Mise en forme {uuid.uuid4().hex[:6]}")
    menu = alice.get_by_role("listbox", name="Types de bloc")

    editor(alice).press_sequentially("/tit")
    expect(menu.get_by_role("option")).to_have_text(["Titre 1", "Titre 2", "Titre 3"])
    alice.keyboard.press("ArrowDown")
    alice.keyboard.press("Enter")
    alice.keyboard.type("Objectifs")
    alice.keyboard.press("Enter")
    alice.keyboard.type("/tâches")
    alice.keyboard.press("Enter")
    alice.keyboard.type("Relire le budget")
    alice.get_by_role("button", name="Gras").click()
    alice.keyboard.type(" avant jeudi")

    expect(menu).to_have_count(0)
    expect(editor(alice).get_by_role("heading", level=2)).to_have_text("Objectifs")
    task = editor(alice).locator('ul[data-type="taskList"] li')
    expect(task.locator("p")).to_have_text("Relire le budget avant jeudi")
    expect(task.locator("strong")).to_have_text(" avant jeudi")
    checkbox = task.get_by_role("checkbox", name="Tâche : Relire le budget avant jeudi")
    expect(checkbox).not_to_be_checked()
    expect(alice.get_by_role("button", name="Gras")).to_have_attribute("aria-pressed", "true")


def test_a_table_from_the_slash_menu_grows_by_a_row_and_reaches_a_colleague(
    users: Users,
) -> None:
    alice = open_docs(users, ALICE)
    title = f"Effectifs {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    share_with(alice, CAROL, "Lecteur")
    carol = open_docs(users, CAROL)
    tree_link(carol, title).click()

    editor(alice).press_sequentially("/tableau")
    alice.keyboard.press("Enter")
    alice.keyboard.type("Service")
    alice.keyboard.press("Tab")
    alice.keyboard.type("Effectif")
    alice.keyboard.press("Tab")
    alice.keyboard.type("Note")
    alice.keyboard.press("Tab")
    alice.keyboard.type("Accueil")
    table_tools = alice.get_by_role("toolbar", name="Tableau")
    table_tools.get_by_role("button", name="Ajouter une ligne").click()

    table = editor(alice).locator("table")
    expect(table.locator("tr")).to_have_count(4)
    expect(table.locator("th")).to_have_text(["Service", "Effectif", "Note"])
    expect(table.locator("tr").nth(1).locator("td").first).to_have_text("Accueil")
    expect(editor(carol).locator("table tr")).to_have_count(4)
    expect(editor(carol).locator("table th").first).to_have_text("Service")
    # The table stays within the page's width (the shell's header is another matter).
    assert table.evaluate("t => t.scrollWidth <= t.closest('.ProseMirror').clientWidth")


def test_an_image_and_a_file_added_to_a_page_show_for_a_colleague_on_a_phone(
    users: Users,
) -> None:
    alice = open_docs(users, ALICE)
    # What Alice picks in each file chooser, in order. Answered by a handler set before
    # any chooser opens: Chromium intercepts choosers once one is listened for.
    picks: list[FilePayload] = [
        {"name": "plan.png", "mimeType": "image/png", "buffer": png(1200, 300, BLUE)},
        {"name": "Horaires.txt", "mimeType": "text/plain", "buffer": b"Lundi 9h-17h\n"},
        {"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": b"<svg></svg>"},
    ]
    alice.on("filechooser", lambda chooser: chooser.set_files(picks.pop(0)))
    title = f"Plan d'accès {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    share_with(alice, CAROL, "Lecteur")
    carol = open_docs(users, CAROL)
    carol.set_viewport_size({"width": 390, "height": 844})
    carol.goto(alice.url)
    expect(carol.get_by_role("heading", name=title)).to_be_visible()

    editor(alice).press_sequentially("/image")
    alice.keyboard.press("Enter")

    image = editor(carol).locator("img.docs-image")
    expect(image).to_have_count(1)
    carol.wait_for_function(
        "() => document.querySelector('.ProseMirror img.docs-image')?.naturalWidth === 1200"
    )
    # At most the page's width on a phone.
    assert image.evaluate("i => i.clientWidth <= i.closest('.ProseMirror').clientWidth")
    assert carol.evaluate("document.documentElement.scrollWidth") <= 390

    editor(alice).locator("img.docs-image").click()
    described = alice.get_by_role("toolbar", name="Image").get_by_label("Description de l")
    described.fill("Plan du bâtiment")
    described.press("Enter")
    expect(image).to_have_attribute("alt", "Plan du bâtiment")

    alice.get_by_role("toolbar", name="Mise en forme").get_by_role("button", name="Fichier").click()
    card = editor(carol).locator(".docs-attachment")
    expect(card.get_by_role("link", name="Horaires.txt")).to_be_visible()
    expect(card.locator(".docs-attachment__size")).to_contain_text("13")

    # An image pasted from the clipboard goes in too.
    editor(alice).evaluate(
        """(element, bytes) => {
            const data = new DataTransfer();
            const file = new File([new Uint8Array(bytes)], "collé.png", { type: "image/png" });
            data.items.add(file);
            const paste = new ClipboardEvent("paste", { clipboardData: data, bubbles: true });
            element.dispatchEvent(paste);
        }""",
        list(png(40, 20, BLUE)),
    )
    expect(image).to_have_count(2)
    carol.wait_for_function(
        "() => [...document.querySelectorAll('.ProseMirror img.docs-image')]"
        ".some(i => i.naturalWidth === 40)"
    )

    # A file dropped on the page goes in where it falls.
    editor(alice).evaluate(
        """element => {
            const data = new DataTransfer();
            const file = new File(["Salle 4\\n"], "Ordre du jour.txt", { type: "text/plain" });
            data.items.add(file);
            const box = element.getBoundingClientRect();
            const drop = new DragEvent("drop", {
                dataTransfer: data,
                bubbles: true,
                cancelable: true,
                clientX: box.left + 8,
                clientY: box.bottom - 8,
            });
            element.dispatchEvent(drop);
        }"""
    )
    expect(card.get_by_role("link", name="Ordre du jour.txt")).to_be_visible()

    editor(alice).press_sequentially("/image")
    alice.keyboard.press("Enter")
    expect(alice.get_by_role("alert")).to_contain_text("Ce type de fichier ne peut pas être ajouté")
    expect(image).to_have_count(2)
    assert picks == []


def test_the_docs_page_speaks_english_and_fits_a_phone(users: Users) -> None:
    user = users.new()
    page = user.page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, ALICE)
    read_in(page, "en")
    page.goto("/docs")
    menu = page.get_by_role("button", name="Pages")
    pages = page.get_by_role("navigation", name="My documents")

    expect(pages).to_be_hidden()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.click()
    pages.get_by_role("button", name="New page").click()

    expect(page.get_by_label("Page title")).to_have_value("Untitled")
    expect(pages).to_be_hidden()
    expect(page.get_by_role("textbox", name="Page content")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".docs-editor__header").get_by_role("button", name="Comments").click()
    comments = page.get_by_role("complementary", name="Comments")
    expect(comments.get_by_label("Your comment")).to_be_visible()
    expect(comments).to_contain_text("No open comments")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_page_kept_as_a_favourite_and_duplicated_with_its_content(users: Users) -> None:
    alice = open_docs(users, ALICE)
    title = f"Modèle {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    editor(alice).press_sequentially("Texte du modèle")
    favorites = sidebar(alice).get_by_role("list", name="Favoris")

    alice.get_by_role("button", name="Favori").click()

    expect(alice.get_by_role("button", name="Favori")).to_have_attribute("aria-pressed", "true")
    expect(favorites.get_by_role("link", name=title)).to_be_visible()

    alice.get_by_role("button", name="Dupliquer").click()

    expect(alice.get_by_label("Titre de la page")).to_have_value(f"Copie de {title}")
    expect(editor(alice)).to_have_text("Texte du modèle")
    expect(tree_link(alice, f"Copie de {title}")).to_have_attribute("aria-current", "page")
    expect(alice.get_by_role("button", name="Favori")).to_have_attribute("aria-pressed", "false")


def test_a_named_version_is_restored_for_everyone_with_the_page_open(users: Users) -> None:
    alice = open_docs(users, ALICE)
    title = f"Décision {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    editor(alice).press_sequentially("Texte validé")
    alice.locator(".docs-editor__header").get_by_role("button", name="Versions").click()
    panel = alice.get_by_role("region", name="Versions de la page")
    panel.get_by_label("Nom de la version").fill("Validée")
    panel.get_by_role("button", name="Garder cette version").click()
    expect(panel.get_by_role("status")).to_have_text("Version gardée.")
    share_with(alice, CAROL)
    carol = open_docs(users, CAROL)
    tree_link(carol, title).click()
    expect(editor(carol)).to_contain_text("Texte validé")
    editor(alice).press("End")
    editor(alice).press_sequentially(" puis raturé")
    expect(editor(carol)).to_contain_text("Texte validé puis raturé")

    panel.get_by_role("button", name=re.compile("^Voir les changements depuis « Validée")).click()
    changes = panel.get_by_role("list", name="Changements")
    expect(changes).to_contain_text("Texte validé puis raturé")
    panel.get_by_role("button", name=re.compile("^Restaurer « Validée")).click()

    expect(editor(carol)).to_have_text("Texte validé")
    expect(editor(alice)).to_have_text("Texte validé")


def comments_panel(page: Page) -> Locator:
    """The open page's comments, opened if they are not."""
    panel = page.get_by_role("complementary", name="Commentaires")
    if not panel.is_visible():
        page.locator(".docs-editor__header").get_by_role("button", name="Commentaires").click()
    expect(panel).to_be_visible()
    return panel


def test_a_comment_on_a_passage_mentions_a_colleague_who_answers_and_it_is_resolved_live(
    users: Users,
) -> None:
    alice = open_docs(users, ALICE)
    title = f"Circulaire {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    editor(alice).press_sequentially("Le décret fixe les règles")
    share_with(alice, CAROL, "Commentateur")
    carol = open_docs(users, CAROL)
    tree_link(carol, title).click()
    expect(editor(carol)).to_contain_text("Le décret fixe les règles")
    carols_panel = comments_panel(carol)
    expect(carols_panel).to_contain_text("Aucun commentaire ouvert")

    editor(alice).press("End")
    editor(alice).press("Shift+Control+ArrowLeft")
    editor(alice).press("Shift+Control+ArrowLeft")
    panel = comments_panel(alice)
    expect(panel).to_contain_text("Sur le passage les règles")
    handle = CAROL.email.split("@")[0]
    panel.get_by_label("Votre commentaire").press_sequentially(f"@{handle[:3]}")
    panel.get_by_role("button", name=f"{CAROL.display_name} (@{handle})").click()
    panel.get_by_label("Votre commentaire").press_sequentially("à vérifier")
    panel.get_by_role("button", name="Envoyer").first.click()

    expect(alice.locator(".docs-comment-mark")).to_have_text("les règles")
    thread = carols_panel.locator(".docs-comments__thread")
    expect(thread).to_contain_text(f"@{handle} à vérifier")
    expect(thread.locator(".docs-comments__mention")).to_have_text(f"@{handle}")
    expect(carol.locator(".docs-comment-mark")).to_have_text("les règles")
    thread.get_by_label("Répondre").fill("Vu, c'est l'article 2")
    thread.get_by_role("button", name="Envoyer").click()
    expect(panel.locator(".docs-comments__thread")).to_contain_text("Vu, c'est l'article 2")
    thread.get_by_role("button", name=re.compile("^Réagir avec 👍")).first.click()
    expect(panel.get_by_role("button", name="Réagir avec 👍 (1)")).to_be_visible()

    panel.get_by_role("button", name="Résoudre").click()

    expect(carols_panel).to_contain_text("Aucun commentaire ouvert")
    expect(carol.locator(".docs-comment-mark")).to_have_count(0)
    carols_panel.get_by_text("Résolus (1)").click()
    expect(carols_panel.locator(".docs-comments__thread")).to_contain_text("les règles")
    assert [(u.record.console_errors, u.record.page_errors) for u in users.all] == [([], [])] * 2


def test_a_colleague_with_the_link_asks_for_access_and_an_administrator_accepts(
    users: Users,
) -> None:
    alice = open_docs(users, ALICE)
    title = f"Note réservée {uuid.uuid4().hex[:6]}"
    document_id = new_page(alice, title)
    carol = open_docs(users, CAROL)
    carol.goto(f"/docs/{document_id}")
    expect(carol.get_by_role("alert")).to_contain_text("n\u2019existe pas")
    carol.get_by_label("Rôle demandé").select_option(label="Éditeur")
    carol.get_by_role("button", name="Demander l\u2019accès").click()
    expect(carol.locator("docs-access-request").get_by_role("status")).to_contain_text(
        "Demande envoyée"
    )

    panel = share_panel(alice)
    requests = panel.get_by_role("list", name="Demandes d\u2019accès")
    expect(requests).to_contain_text(CAROL.display_name)
    panel.get_by_label(f"Rôle à donner à {CAROL.display_name}").select_option(label="Commentateur")
    panel.get_by_role("button", name=f"Accepter {CAROL.display_name}").click()
    expect(panel.get_by_label(f"Rôle de {CAROL.display_name}")).to_have_value("commenter")

    carol.reload()
    expect(editor(carol)).to_be_visible()
    expect(carol.get_by_role("status").filter(has_text="Lecture seule")).to_be_visible()
    expect(carol.get_by_label("Rôle demandé")).to_have_value("editor")
    # The sign-in page's probe and the first refused open of the page (404) only.
    assert all(u.record.page_errors == [] for u in users.all)


def test_a_page_made_a_template_starts_a_colleagues_new_page(users: Users) -> None:
    alice = open_docs(users, ALICE)
    title = f"Compte rendu type {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    editor(alice).press_sequentially("Présents : Décisions :")
    template_toggle = alice.locator(".docs-editor__header").get_by_role("button", name="Modèle")
    template_toggle.click()
    expect(template_toggle).to_have_attribute("aria-pressed", "true")
    share_with(alice, CAROL, "Lecteur")
    carol = open_docs(users, CAROL)

    sidebar(carol).get_by_role("button", name="Depuis un modèle").click()
    sidebar(carol).get_by_role("list", name="Modèles").get_by_role("button", name=title).click()

    expect(carol.get_by_label("Titre de la page")).to_have_value(title)
    expect(editor(carol)).to_have_text("Présents : Décisions :")
    expect(editor(carol)).to_have_attribute("contenteditable", "true")


def test_someone_without_an_account_reads_a_page_by_its_public_link(users: Users) -> None:
    alice = open_docs(users, ALICE)
    title = f"Compte rendu {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    editor(alice).press_sequentially("Décisions du comité")
    panel = share_panel(alice)
    with alice.expect_response(lambda r: r.url.endswith("/link") and r.ok):
        panel.get_by_label("Qui peut ouvrir la page avec son lien").select_option(
            label="Toute personne ayant le lien"
        )
    expect(panel.get_by_text("même sans compte")).to_be_visible()
    visitor = users.new().page

    visitor.goto(alice.url)

    expect(visitor.get_by_role("heading", name=title)).to_be_visible()
    expect(editor(visitor)).to_contain_text("Décisions du comité")
    expect(editor(visitor)).to_have_attribute("contenteditable", "false")
    expect(visitor.get_by_text("Vous lisez cette page en tant que visiteur.")).to_be_visible()
    editor(alice).press_sequentially(", adoptées")
    expect(editor(visitor)).to_contain_text("Décisions du comité, adoptées")


def test_a_page_exported_to_markdown_and_imported_back_keeps_its_shape(
    users: Users, tmp_path: Path
) -> None:
    alice = open_docs(users, ALICE)
    title = f"Compte rendu {uuid.uuid4().hex[:6]}"
    new_page(alice, title)
    editor(alice).press_sequentially("## Décisions")
    alice.keyboard.press("Enter")
    alice.keyboard.type("Budget ")
    alice.get_by_role("button", name="Gras").click()
    alice.keyboard.type("adopté")
    expect(editor(alice).locator("strong")).to_have_text("adopté")
    alice.locator(".docs-editor__header").get_by_role("button", name="Exporter / importer").click()
    panel = alice.get_by_role("region", name="Exporter ou importer")

    panel.get_by_label("Exporter cette page en").select_option(label="Markdown (.md)")
    with alice.expect_download() as downloading:
        panel.get_by_role("button", name="Exporter", exact=True).click()
    download = downloading.value
    markdown = Path(download.path()).read_text()

    assert download.suggested_filename == f"{title}.md"
    assert markdown == f"# {title}\n\n## Décisions\n\nBudget **adopté**\n"

    source = tmp_path / "copie.md"
    source.write_text(markdown.replace("Décisions", "Suites"))
    panel.get_by_label("Importer un fichier comme nouvelle page").set_input_files(source)
    panel.get_by_role("button", name="Importer", exact=True).click()

    expect(alice.get_by_label("Titre de la page")).to_have_value(title)
    expect(editor(alice).get_by_role("heading", level=2)).to_have_text("Suites")
    expect(editor(alice).locator("strong")).to_have_text("adopté")
    expect(sidebar(alice).get_by_role("link", name=title, exact=True)).to_have_count(2)


def test_a_page_shared_by_e_mail_brings_an_outsider_in_and_they_land_on_it_as_editor(
    users: Users, live: LiveApp
) -> None:
    alice = open_docs(users, ALICE)
    title = f"Convention de partenariat {uuid.uuid4().hex[:6]}"
    document_id = new_page(alice, title)
    editor(alice).press_sequentially("Article premier")
    inviter = Inviter(alice)
    email = address("partenaire")
    inviter.invited.add(email)
    try:
        panel = share_panel(alice)
        panel.get_by_label("Ou par adresse électronique").fill(email)
        panel.get_by_label("Rôle donné par l'invitation").select_option(label="Éditeur")
        panel.get_by_role("button", name="Inviter").click()
        expect(panel.get_by_role("status")).to_have_text(
            f"Invitation envoyée à {email} : la page lui sera partagée dès son arrivée."
        )
        pending = panel.get_by_role("list", name="Invitations en attente")
        expect(pending).to_contain_text(email)
        expect(pending).to_contain_text("Éditeur")
        # The link's token is only ever in the e-mail: the test gives the invitation one.
        token = secrets.token_urlsafe(32)
        in_a_thread(change_invitation(live.settings, email, token_hash=hash_secret(token)))
        partner = users.new().page

        partner.goto(f"/invitations/accept#token={token}")
        expect(partner.get_by_text(f"Objet : {title}")).to_be_visible()
        sign_up(partner, "Paula Partenaire")

        expect(partner).to_have_url(re.compile(rf"/docs/{document_id}$"))
        expect(editor(partner)).to_contain_text("Article premier")
        expect(editor(partner)).to_have_attribute("contenteditable", "true")
        editor(partner).press("Control+End")
        editor(partner).press_sequentially(" — signée")
        expect(editor(alice)).to_contain_text("Article premier — signée")
        alice.reload()
        expect(share_panel(alice).get_by_label("Rôle de Paula Partenaire")).to_have_value("editor")
        expect(share_panel(alice).get_by_role("list", name="Invitations en attente")).to_have_count(
            0
        )
    finally:
        inviter.put_back()
