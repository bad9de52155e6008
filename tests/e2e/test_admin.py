"""The administration pages in a real browser: members, invitations, teams, grants,
plugins and their settings form, the audit log, and the refusal for non-admins.

The served app is shared by the whole browser suite: each test puts back what it
changed (Carol's role, a grant, a plugin switch), even when it fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import Users, read_in
from tests.e2e.conftest import ALICE, CAROL
from tests.e2e.test_workspace import navigation, sign_in

API = "/api/v1/orgs/current"


def call(page: Page, method: str, path: str, body: Any = None) -> Any:
    """The API answer to a request the page makes through the shell's client."""
    return page.evaluate(
        """async ([method, path, body]) => {
            const { api } = await import("@lasuite/shell");
            return api.request(method, path, body === null ? {} : { body });
        }""",
        [method, path, body],
    )


def open_admin(page: Page, section: str) -> None:
    """Go to an admin page the way a person does: account menu, then side menu."""
    page.get_by_role("button", name=ALICE.display_name).click()
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("navigation", name="Administration").get_by_role("link", name=section).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(section)


def status(page: Page):
    """The page's status that says something (a page may have several sections)."""
    return page.locator("main .lasuite-admin-status").filter(has_text=re.compile(r"\S"))


def toggle(page: Page, name: str) -> None:
    """Flip a DSFR toggle switch by its label, as a pointer does (the label covers the box)."""
    page.locator("label.fr-toggle__label", has_text=name).click()


def member_id(page: Page, email: str) -> str:
    members = call(page, "GET", f"{API}/members")
    return next(m["user_id"] for m in members if m["email"] == email)


@pytest.fixture
def alice(users: Users) -> Iterator[Page]:
    """Alice, owner of Ministère A, signed in; Carol's role, the guest grants and the
    hello plugin are put back as the seed had them after the test."""
    page = users.new().page
    sign_in(page, ALICE)
    carol = member_id(page, CAROL.email)
    yield page
    call(page, "PATCH", f"{API}/members/{carol}", {"role": "member"})
    call(page, "PUT", f"{API}/roles/guest/permissions/core.members.read", {"granted": False})
    call(page, "PUT", f"{API}/plugins/hello", {"enabled": True})


def test_alice_changes_carols_role(alice: Page) -> None:
    open_admin(alice, "Membres")
    role = alice.get_by_label("Rôle de Carol Petit")
    expect(role).to_have_value("member")

    role.select_option("admin")

    expect(status(alice)).to_have_text("Carol Petit a maintenant le rôle Administrateur.")
    carol = next(m for m in call(alice, "GET", f"{API}/members") if m["email"] == CAROL.email)
    assert carol["role"] == "admin"
    alice.reload()
    expect(alice.get_by_label("Rôle de Carol Petit")).to_have_value("admin")


def test_the_last_owner_sees_why_she_cannot_step_down(alice: Page) -> None:
    open_admin(alice, "Membres")

    alice.get_by_label("Rôle de Alice Martin").select_option("member")

    alert = alice.get_by_role("alert")
    expect(alert).to_contain_text("Une organisation garde au moins un propriétaire")
    expect(alert).to_be_focused()
    expect(alice.get_by_label("Rôle de Alice Martin")).to_have_value("owner")


def test_removing_a_member_asks_first_and_cancelling_keeps_them(alice: Page) -> None:
    open_admin(alice, "Membres")
    remove = alice.get_by_role("button", name="Retirer Carol Petit")

    remove.click()
    dialog = alice.get_by_role("dialog", name="Retirer Carol Petit de l'organisation ?")
    expect(dialog).to_be_visible()
    alice.keyboard.press("Escape")

    expect(dialog).to_have_count(0)
    expect(remove).to_be_focused()
    assert CAROL.email in [m["email"] for m in call(alice, "GET", f"{API}/members")]


def test_alice_invites_someone_and_sees_the_pending_invitation(alice: Page) -> None:
    open_admin(alice, "Invitations")

    alice.get_by_label("Adresse électronique").fill("dora@ministere-a.test")
    alice.get_by_label("Rôle", exact=True).select_option("admin")
    alice.get_by_role("button", name="Inviter").click()

    expect(alice.get_by_role("textbox", name="Lien d'invitation")).to_have_value(
        re.compile(r"/invitations/accept#token=\S+$")
    )
    row = alice.get_by_role("row", name=re.compile("dora@ministere-a.test"))
    expect(row).to_contain_text("Administrateur")
    alice.get_by_role("button", name="Révoquer dora@ministere-a.test").click()
    expect(status(alice)).to_have_text("L'invitation de dora@ministere-a.test est révoquée.")
    expect(row).to_have_count(0)
    assert call(alice, "GET", f"{API}/invitations") == []


@pytest.fixture
def people_added(alice: Page) -> Iterator[Page]:
    """Alice; the members and invitations a test adds are taken out after it."""
    before = {m["email"] for m in call(alice, "GET", f"{API}/members")}
    yield alice
    for member in call(alice, "GET", f"{API}/members"):
        if member["email"] not in before:
            call(alice, "DELETE", f"{API}/members/{member['user_id']}")
    for invitation in call(alice, "GET", f"{API}/invitations"):
        call(alice, "DELETE", f"{API}/invitations/{invitation['id']}")


def test_alice_makes_an_account_after_fixing_the_address(people_added: Page) -> None:
    alice = people_added
    open_admin(alice, "Membres")
    form = alice.locator("form", has=alice.get_by_role("button", name="Créer le compte"))

    form.get_by_label("Adresse électronique").fill("emile.roux.ministere-a.test")
    form.get_by_label("Nom affiché").fill("Émile Roux")
    form.get_by_role("button", name="Créer le compte").click()
    address = form.get_by_label("Adresse électronique")
    expect(address).to_be_focused()
    expect(address).to_have_attribute("aria-invalid", "true")
    expect(form).to_contain_text("Saisissez une adresse électronique")
    address.fill("emile.roux@ministere-a.test")
    form.get_by_role("button", name="Créer le compte").click()

    expect(status(alice)).to_contain_text("Le compte de emile.roux@ministere-a.test est créé")
    expect(alice.get_by_label("Rôle de Émile Roux")).to_have_value("member")


def test_alice_imports_a_csv_of_people_and_reads_why_lines_were_refused(
    people_added: Page,
) -> None:
    alice = people_added
    open_admin(alice, "Membres")
    csv = "courriel;nom;rôle\nfanny@ministere-a.test;Fanny Blanc;\nnot-an-address;Nobody;\n"
    csv += f"{CAROL.email};Carol Petit;\n"

    alice.get_by_label("Fichier CSV").set_input_files(
        files=[{"name": "agents.csv", "mimeType": "text/csv", "buffer": csv.encode()}]
    )
    alice.get_by_role("button", name="Importer").click()

    report = alice.locator("#lasuite-import-report")
    expect(report).to_be_focused()
    expect(report).to_contain_text(
        "Comptes créés : 1. Invitations envoyées : 0. Lignes refusées : 2."
    )
    refused = report.get_by_role("table", name="Lignes refusées")
    expect(refused.get_by_role("row", name=re.compile("not-an-address"))).to_contain_text(
        "Ce n'est pas une adresse électronique."
    )
    expect(refused.get_by_role("row", name=re.compile(CAROL.email))).to_contain_text(
        "Cette personne est déjà membre de l'organisation."
    )
    expect(alice.get_by_role("row", name=re.compile("Fanny Blanc"))).to_be_visible()


def test_alice_creates_a_team_and_adds_carol(alice: Page) -> None:
    open_admin(alice, "Équipes")

    alice.get_by_label("Nom de la nouvelle équipe").fill("Cellule e2e")
    alice.get_by_role("button", name="Créer l'équipe").click()
    team = alice.locator("section", has=alice.get_by_role("heading", name="Cellule e2e"))
    expect(team.get_by_role("heading", name="Cellule e2e")).to_be_focused()
    team.get_by_label("Ajouter à Cellule e2e").select_option(label="Carol Petit")
    team.get_by_role("button", name="Ajouter").click()

    expect(team.get_by_role("list", name="Membres de Cellule e2e")).to_contain_text("Carol Petit")
    saved = next(t for t in call(alice, "GET", f"{API}/teams") if t["name"] == "Cellule e2e")
    assert saved["member_ids"] == [member_id(alice, CAROL.email)]

    team.get_by_role("button", name="Supprimer Cellule e2e").click()
    alice.get_by_role("dialog").get_by_role("button", name="Supprimer").click()
    expect(status(alice)).to_have_text("Équipe « Cellule e2e » supprimée.")
    assert [t for t in call(alice, "GET", f"{API}/teams") if t["name"] == "Cellule e2e"] == []


def test_alice_grants_a_permission_and_the_api_reflects_it(alice: Page) -> None:
    open_admin(alice, "Rôles et droits")
    members = "Voir les membres de l'organisation"
    box = alice.get_by_role("checkbox", name=f"Invité : {members}")
    expect(box).not_to_be_checked()

    box.check()

    expect(status(alice)).to_have_text(f"Accordé au rôle Invité : {members}.")
    guest = next(r for r in call(alice, "GET", f"{API}/roles") if r["role"] == "guest")
    assert "core.members.read" in guest["permissions"]
    box.uncheck()
    expect(status(alice)).to_have_text(f"Retiré au rôle Invité : {members}.")
    guest = next(r for r in call(alice, "GET", f"{API}/roles") if r["role"] == "guest")
    assert "core.members.read" not in guest["permissions"]


def test_the_owners_right_to_change_grants_is_locked(alice: Page) -> None:
    open_admin(alice, "Rôles et droits")

    locked = alice.get_by_role(
        "checkbox", name="Propriétaire : Changer ce que peut faire chaque rôle de l'organisation"
    )

    expect(locked).to_be_checked()
    expect(locked).to_be_disabled()


def test_alice_disables_and_re_enables_a_plugin(alice: Page) -> None:
    open_admin(alice, "Modules")
    switch = alice.get_by_role("checkbox", name="Activer Bonjour pour l'organisation")
    expect(switch).to_be_checked()

    toggle(alice, "Activer Bonjour pour l'organisation")

    expect(status(alice)).to_have_text("Bonjour est désactivé.")
    expect(switch).not_to_be_checked()
    expect(navigation(alice).get_by_role("link", name="Bonjour")).to_have_count(0)
    hello = next(p for p in call(alice, "GET", f"{API}/plugins") if p["id"] == "hello")
    assert hello["enabled"] is False
    toggle(alice, "Activer Bonjour pour l'organisation")
    expect(status(alice)).to_have_text("Bonjour est activé.")
    expect(switch).to_be_checked()
    expect(navigation(alice).get_by_role("link", name="Bonjour")).to_be_visible()
    expect(switch).to_be_focused()


def settings_form(alice: Page) -> None:
    open_admin(alice, "Modules")
    alice.get_by_role("link", name="Paramètres Bonjour").click()
    expect(alice.get_by_role("heading", name="Paramètres de Bonjour")).to_be_visible()
    # Bonjour has its own settings element (tests/e2e/test_slots.py); these tests use
    # the generated form.
    alice.get_by_role("button", name="Formulaire générique").click()
    expect(alice.get_by_role("button", name="Formulaire du module")).to_be_visible()


def test_alice_edits_a_plugins_settings_through_the_generated_form(alice: Page) -> None:
    settings_form(alice)
    before = call(alice, "GET", f"{API}/plugins/hello/settings")

    alice.get_by_label(re.compile("^Greeting")).fill("Salut {name}")
    alice.get_by_label(re.compile("^Per Day")).fill("5")
    alice.get_by_label("Tone").select_option(label="casual")
    toggle(alice, "Loud")
    alice.get_by_label("Signatures").fill("La DSI\nLe cabinet")
    alice.get_by_role("button", name="Enregistrer").click()

    expect(status(alice)).to_have_text("Paramètres enregistrés.")
    saved = call(alice, "GET", f"{API}/plugins/hello/settings")
    assert saved["version"] == before["version"] + 1
    assert saved["values"] | {"warmth": 0} == {
        "greeting": "Salut {name}",
        "per_day": 5,
        "warmth": 0,
        "loud": True,
        "tone": "casual",
        "signatures": ["La DSI", "Le cabinet"],
    }


def test_the_settings_form_shows_its_own_and_the_servers_field_errors(alice: Page) -> None:
    settings_form(alice)
    version = call(alice, "GET", f"{API}/plugins/hello/settings")["version"]
    per_day = alice.get_by_label(re.compile("^Per Day"))
    greeting = alice.get_by_label(re.compile("^Greeting"))

    per_day.fill("11")
    alice.get_by_role("button", name="Enregistrer").click()
    expect(per_day).to_have_attribute("aria-invalid", "true")
    expect(per_day).to_be_focused()
    expect(alice.get_by_text("La valeur doit être au plus 10.")).to_be_visible()
    per_day.fill("4")
    greeting.fill("Salut")  # valid for the form; the plugin wants {name} in it
    alice.get_by_role("button", name="Enregistrer").click()

    expect(greeting).to_have_attribute("aria-invalid", "true")
    expect(greeting).to_have_accessible_description(re.compile("the greeting must contain {name}"))
    expect(per_day).to_have_attribute("aria-invalid", "false")
    assert call(alice, "GET", f"{API}/plugins/hello/settings")["version"] == version


def test_a_settings_change_made_meanwhile_is_a_conflict_to_reload(alice: Page) -> None:
    settings_form(alice)
    current = call(alice, "GET", f"{API}/plugins/hello/settings")
    elsewhere = current["values"] | {"greeting": "Changé ailleurs {name}"}
    call(
        alice,
        "PUT",
        f"{API}/plugins/hello/settings",
        {"values": elsewhere, "version": current["version"]},
    )

    alice.get_by_label(re.compile("^Greeting")).fill("Mon salut {name}")
    alice.get_by_role("button", name="Enregistrer").click()

    expect(alice.get_by_role("alert")).to_contain_text("rechargez-les")
    alice.get_by_role("button", name="Recharger les paramètres").click()
    expect(alice.get_by_label(re.compile("^Greeting"))).to_have_value("Changé ailleurs {name}")
    expect(status(alice)).to_have_text("Paramètres rechargés.")


def test_alice_filters_the_audit_log(alice: Page) -> None:
    call(alice, "POST", f"{API}/teams", {"name": "Audit e2e"})
    team = next(t for t in call(alice, "GET", f"{API}/teams") if t["name"] == "Audit e2e")
    call(alice, "DELETE", f"{API}/teams/{team['id']}")
    open_admin(alice, "Journal d'audit")

    alice.get_by_label("Auteur").select_option(label=ALICE.display_name)
    alice.get_by_label("Catégorie").select_option(label="Équipes")
    alice.get_by_role("button", name="Filtrer", exact=True).click()

    rows = alice.locator("#lasuite-audit-table tbody tr")
    created = rows.filter(has_text=f"{ALICE.display_name} a créé l'équipe « Audit e2e ».")
    expect(created).to_have_count(1)
    expect(rows.filter(has_text="a supprimé l'équipe « Audit e2e »")).to_have_count(1)
    expect(rows.filter(has_not_text="l'équipe")).to_have_count(0)
    expect(status(alice)).to_contain_text("entrées affichées")
    details = created.locator("details")
    expect(details.get_by_text("core.team.created")).to_be_hidden()
    details.locator("summary").click()
    expect(details.get_by_text("core.team.created")).to_be_visible()
    alice.get_by_label("Au", exact=True).fill("2020-01-01")
    alice.get_by_role("button", name="Filtrer", exact=True).click()
    expect(alice.get_by_text("Aucune entrée ne correspond.")).to_be_visible()


def test_a_documents_link_opened_reads_as_a_sentence_under_its_plugins_category(
    alice: Page,
) -> None:
    title = "Audit e2e public"
    document = call(alice, "POST", "/api/v1/docs/documents", {"title": title})
    call(alice, "PATCH", f"/api/v1/docs/documents/{document['id']}/link", {"link_reach": "public"})
    open_admin(alice, "Journal d'audit")

    alice.get_by_label("Catégorie").select_option(label="Documents : accès par lien")
    alice.get_by_role("button", name="Filtrer", exact=True).click()

    rows = alice.locator("#lasuite-audit-table tbody tr")
    sentence = f"{ALICE.display_name} a changé qui accède à « {title} » par son lien."
    expect(rows.filter(has_text=sentence)).to_have_count(1)
    expect(rows.filter(has_not_text="par son lien")).to_have_count(0)


def test_alice_renames_her_organization_but_only_staff_set_its_siret(alice: Page) -> None:
    open_admin(alice, "Organisation")
    siret = alice.get_by_label("SIRET de l'établissement")
    expect(siret).to_be_disabled()
    expect(alice.get_by_text("Seul le personnel de l'installation le définit")).to_be_visible()
    expect(alice.get_by_label("Identifiant")).to_have_value("ministere-a")
    name = alice.get_by_label("Nom de l'organisation")
    try:
        name.fill("Ministère A et associés")
        alice.get_by_role("button", name="Enregistrer").click()

        expect(status(alice)).to_have_text("Organisation enregistrée.")
        expect(alice.get_by_role("banner")).to_contain_text("Ministère A et associés")
    finally:
        call(alice, "PATCH", f"{API}", {"name": "Ministère A"})
    log = call(alice, "GET", f"{API}/audit?action=core.organization.*")
    assert log[0]["data"]["to"] == {"name": "Ministère A"}


def test_carol_has_no_administration_entry_and_is_refused_at_admin(users: Users) -> None:
    page = users.new().page
    sign_in(page, CAROL)

    page.get_by_role("button", name=CAROL.display_name).click()
    expect(page.get_by_role("link", name="Mon compte")).to_be_visible()
    expect(page.get_by_role("link", name="Administration")).to_have_count(0)
    page.goto("/admin/members")

    expect(page.get_by_role("heading", level=1)).to_have_text("Accès refusé")
    expect(page.get_by_role("alert")).to_contain_text("ne permet pas")
    refused = page.evaluate(
        """async () => {
            const { api } = await import("@lasuite/shell");
            try { await api.get("/api/v1/orgs/current/roles"); return 200; }
            catch (error) { return error.status; }
        }"""
    )
    assert refused == 403


def test_older_audit_entries_load_after_the_first_page(alice: Page) -> None:
    path = f"{API}/roles/guest/permissions/core.teams.read"
    for granted in [True, False] * 26:  # 52 entries; the page shows 50 at a time
        call(alice, "PUT", path, {"granted": granted})
    open_admin(alice, "Journal d'audit")
    alice.get_by_label("Catégorie").select_option(label="Droits des rôles")
    alice.get_by_role("button", name="Filtrer", exact=True).click()
    rows = alice.locator("#lasuite-audit-table tbody tr")
    expect(rows).to_have_count(50)

    total = len(call(alice, "GET", f"{API}/audit?action=core.grant.*&limit=500"))
    more = alice.get_by_role("button", name="Afficher les entrées plus anciennes")

    more.click()

    expect(rows).to_have_count(total)
    expect(status(alice)).to_have_text(f"{total - 50} entrées de plus.")
    expect(rows.nth(50).get_by_role("rowheader")).to_be_focused()
    expect(more).to_have_count(0)


def test_every_admin_page_fits_a_phone_its_tables_scrolling_in_their_own_box(
    alice: Page,
) -> None:
    alice.set_viewport_size({"width": 390, "height": 844})
    wide = {}
    for section in ("members", "invitations", "teams", "roles", "plugins", "audit", "organization"):
        alice.goto(f"/admin/{section}")
        expect(alice.get_by_role("heading", level=1)).to_be_visible()
        expect(alice.get_by_role("status").filter(has_text="Chargement")).to_have_count(0)
        wide[section] = alice.evaluate("document.documentElement.scrollWidth")

    assert wide == dict.fromkeys(wide, 390)


def test_modules_and_their_settings_read_in_the_readers_language(alice: Page) -> None:
    open_admin(alice, "Modules")
    chat = alice.locator('main [data-plugin="chat"]')
    expect(chat.get_by_role("heading")).to_have_text("Discussions")
    expect(chat).to_contain_text("Salons, messages directs et fils de discussion")
    alice.get_by_role("link", name="Paramètres Discussions").click()
    expect(alice.get_by_role("heading", name="Paramètres de Discussions")).to_be_visible()
    expect(alice.get_by_label("Conservation des messages (jours)")).to_be_visible()

    read_in(alice, "en")

    expect(alice.get_by_label("Message retention (days)")).to_be_visible()
    expect(alice.get_by_text("Delete messages older than this many days")).to_be_visible()
