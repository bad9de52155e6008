"""An organization exported from one installation and imported into another (another
database, another file store): its channels, messages and files, pages with their Yjs
state and their images, rooms and people come back under new ids, people matched by
e-mail address; what cannot be restored is refused before anything is written."""

from __future__ import annotations

import asyncio
import json
import traceback
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pycrdt
import pytest
from click.testing import CliRunner
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from lasuite.app import create_app
from lasuite.cli import main
from lasuite.db.engine import Database
from lasuite.identity.models import User
from lasuite.portability.archive import MANIFEST
from lasuite.portability.tables import organization_tables
from lasuite.settings import Settings
from lasuite.state import runtime_of
from lasuite.tenancy.models import Organization
from lasuite.testing import Member, MemberFactory, send_csrf_token
from lasuite.testing.databases import fresh_database
from lasuite_docs import store
from lasuite_docs.content import fragment_of, text_of
from lasuite_docs.html_content import schema_node
from tests.plugins.chat.chat_api import create_channel, history, post_ok, upload_ok
from tests.plugins.docs.images import png

DOCUMENTS = "/api/v1/docs/documents"
ROOMS = "/api/v1/visio/rooms"
PHOTO = png(5, 4)
IMAGE = png(7, 3)


def lasuite(settings: Settings, *args: str) -> Any:
    """``lasuite ARGS`` with ``settings`` as its environment (in a thread: it runs its own
    event loop)."""
    env = {"LASUITE_DATABASE_URL": settings.database, "LASUITE_VAR_DIR": str(settings.var_dir)}
    return asyncio.to_thread(CliRunner().invoke, main, list(args), env=env)


@pytest.fixture
async def target(tmp_path: Path, lasuite_registry, lasuite_migrated_templates):
    """Another installation: its own SQLite database and file store."""
    async with fresh_database("sqlite", "", tmp_path / "target", create=False) as url:
        (tmp_path / "target").mkdir(exist_ok=True)
        settings = Settings(var_dir=tmp_path / "target" / "var", database_url=url)
        await lasuite_migrated_templates.migrate(settings.database, lasuite_registry)
        yield settings


async def _page_with_image(client: Any, database: Database, title: str, parent=None) -> str:
    created = await client.post(DOCUMENTS, json={"title": title, "parent_id": parent})
    assert created.status_code == 201, created.text
    document = created.json()["id"]
    image = await client.post(
        f"{DOCUMENTS}/{document}/files",
        params={"filename": "carte.png", "kind": "image"},
        content=IMAGE,
    )
    assert image.status_code == 201, image.text
    doc: pycrdt.Doc[Any] = pycrdt.Doc()
    content = fragment_of(doc)
    with doc.transaction():
        paragraph = content.children.append(schema_node("paragraph"))
        paragraph.children.append(pycrdt.XmlText(f"Le texte de {title}"))
        content.children.append(
            schema_node("image", fileId=image.json()["id"], alt="Carte", src=None)
        )
    async with database.transaction() as db:
        await store.append(db, uuid.UUID(document), [doc.get_update()])
    return document


async def test_an_organization_comes_back_whole_in_another_installation(
    lasuite_client, lasuite_app, lasuite_database, make_member, target, lasuite_registry, tmp_path
):
    alice, bob = await make_member(role="owner"), await make_member(role="member")
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "projets")
    photo = await upload_ok(lasuite_client, channel["id"], PHOTO)
    root = await post_ok(
        lasuite_client, channel["id"], "Voici la photo", attachment_ids=[photo["id"]]
    )
    await post_ok(lasuite_client, channel["id"], "Merci !", thread_root_id=root["id"])
    parent = await _page_with_image(lasuite_client, lasuite_database, "Projet")
    child = await _page_with_image(lasuite_client, lasuite_database, "Compte rendu", parent)
    room = (await lasuite_client.post(ROOMS, json={"name": "Point hebdo"})).json()
    # Alice has an account on the other installation already, with another password.
    target_db = Database(target.database)
    there = await MemberFactory(target_db, lasuite_registry.loaded_ids)(organization="ailleurs")
    async with target_db.transaction() as db:
        (await db.get_one(User, there.user_id)).email = alice.email

    archive = tmp_path / "org-a.lasuite.zip"
    exported = await lasuite(
        source_settings(lasuite_app), "org", "export", "org-a", "-o", str(archive)
    )
    imported = await lasuite(target, "org", "import", str(archive))

    assert exported.exit_code == 0, failure(exported)
    assert imported.exit_code == 0, failure(imported)
    assert "1 people with an account here, 1 accounts made" in imported.output
    alice_there = Member(
        there.user_id, alice.email, there.password, uuid.UUID(int=0), "org-a", "owner"
    )
    async with AsyncTestClient(create_app(target, registry=lasuite_registry)) as client:
        await send_csrf_token(client)
        await alice_there.sign_in(client)
        channels = (await client.get("/api/v1/chat/channels")).json()
        restored_channel = next(c for c in channels if c["name"] == "projets")
        messages = await history(client, restored_channel["id"])
        (restored_root,) = [m for m in messages if m["text"] == "Voici la photo"]
        (attachment,) = restored_root["attachments"]
        photo_there = await client.get(attachment["url"])
        pages = {d["title"]: d for d in (await client.get(DOCUMENTS)).json()}
        members = (await client.get("/api/v1/orgs/current/members")).json()
        rooms = (await client.get(ROOMS)).json()
        page = pages["Compte rendu"]
        async with target_db.transaction() as db:
            doc, _ = await store.load(db, uuid.UUID(page["id"]))
            bob_there = await db.scalar(select(User).where(User.email == bob.email))
        image = next(n for n in fragment_of(doc).children if n.tag == "image")
        image_there = await client.get(
            f"{DOCUMENTS}/{page['id']}/files/{image.attributes['fileId']}"
        )
    await target_db.dispose()
    with zipfile.ZipFile(archive) as opened:
        readable = opened.read("readable/docs/pages/Projet/Compte rendu.md").decode()
        manifest = json.loads(opened.read(MANIFEST))

    assert restored_channel["id"] != channel["id"]
    assert restored_root["reply_count"] == 1
    assert photo_there.status_code == 200
    assert photo_there.content == PHOTO
    assert pages["Compte rendu"]["parent_id"] == pages["Projet"]["id"] != parent
    assert page["id"] != child
    assert "Le texte de Compte rendu" in text_of(doc)
    assert image_there.status_code == 200
    assert image_there.content == IMAGE
    assert {m["email"]: m["role"] for m in members} == {alice.email: "owner", bob.email: "member"}
    assert bob_there is not None
    assert bob_there.password_hash is None
    assert [r["name"] for r in rooms] == ["Point hebdo"]
    assert rooms[0]["slug"] == room["slug"]
    assert "Le texte de Compte rendu" in readable
    assert manifest["organization"]["slug"] == "org-a"
    assert manifest["tables"]["chat_message"]["rows"] == 2
    assert "core_api_token" in manifest["left_out"]


async def test_an_archive_is_restored_once_under_a_slug_and_again_under_another(
    lasuite_client, lasuite_app, make_member, target, tmp_path
):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)
    archive = tmp_path / "org-a.lasuite.zip"
    await lasuite(source_settings(lasuite_app), "org", "export", "org-a", "-o", str(archive))

    first = await lasuite(target, "org", "import", str(archive))
    again = await lasuite(target, "org", "import", str(archive))
    other = await lasuite(target, "org", "import", str(archive), "--slug", "org-a-copie")
    # A meeting room's link is unique on an installation: a copy of the organization
    # with one cannot be restored beside the organization itself.
    await lasuite_client.post(ROOMS, json={"name": "Point hebdo"})
    await lasuite(source_settings(lasuite_app), "org", "export", "org-a", "-o", str(archive))
    with_a_room = await lasuite(target, "org", "import", str(archive), "--slug", "org-a-2")
    once_more = await lasuite(target, "org", "import", str(archive), "--slug", "org-a-3")
    database = Database(target.database)
    async with database.engine.connect() as connection:
        slugs = set((await connection.execute(select(Organization.slug))).scalars())
    await database.dispose()

    assert first.exit_code == 0, failure(first)
    assert again.exit_code == 1
    assert "has the slug 'org-a' already: give another with --slug" in again.output
    assert other.exit_code == 0, failure(other)
    assert "restored organization 'org-a-copie'" in other.output
    assert with_a_room.exit_code == 0, failure(with_a_room)
    assert once_more.exit_code == 1
    assert "table visio_room: a row conflicts with one of this installation" in once_more.output
    assert slugs == {"org-a", "org-a-copie", "org-a-2"}


async def test_an_archive_this_installation_cannot_hold_is_refused_whole(
    lasuite_app, make_member, target, tmp_path
):
    await make_member(role="owner")
    archive = tmp_path / "org-a.lasuite.zip"
    await lasuite(source_settings(lasuite_app), "org", "export", "org-a", "-o", str(archive))
    manifest = _manifest(archive)
    manifest["tables"]["polls_vote"] = {"rows": 0, "columns": ["id"]}
    manifest["tables"]["chat_channel"]["columns"].append("colour")
    changed = tmp_path / "changed.zip"
    _rewrite(archive, changed, manifest)

    refused = await lasuite(target, "org", "import", str(changed))
    not_an_archive = await lasuite(target, "org", "import", str(tmp_path / "org-a.lasuite.zip.txt"))
    (tmp_path / "notes.zip").write_bytes(b"not a zip")
    not_a_zip = await lasuite(target, "org", "import", str(tmp_path / "notes.zip"))
    database = Database(target.database)
    async with database.engine.connect() as connection:
        organizations = await connection.scalar(select(func.count()).select_from(Organization))
    await database.dispose()

    assert refused.exit_code == 1
    assert "plugin 'polls' is not installed here" in refused.output
    assert "--without polls" in refused.output
    assert "table chat_channel: columns colour are not known to this release" in refused.output
    assert not_an_archive.exit_code == 2  # click: no such file
    assert not_a_zip.exit_code == 1
    assert "not an organization archive" in not_a_zip.output
    assert organizations == 0


def failure(result: Any) -> str:
    """What a command printed, and the traceback of what it raised."""
    raised = result.exception
    trace = "".join(traceback.format_exception(raised)) if raised else ""
    return f"{result.output}{trace}"


def source_settings(app) -> Settings:
    return runtime_of(app.state).settings


def _manifest(archive: Path) -> dict[str, Any]:
    with zipfile.ZipFile(archive) as opened:
        return json.loads(opened.read(MANIFEST))


def _rewrite(archive: Path, to: Path, manifest: dict[str, Any]) -> None:
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(to, "w") as copy:
        for item in source.infolist():
            data = json.dumps(manifest) if item.filename == MANIFEST else source.read(item)
            copy.writestr(item, data)


def test_every_table_of_a_plugin_is_exported_or_said_to_be_left_out(lasuite_registry):
    selection = organization_tables(lasuite_registry)
    exported = {t.name for t in selection.tables}
    tables = {
        str(model.__tablename__)
        for record in lasuite_registry.loaded
        for model in record.contributions.models
    }

    # A new table with neither organization_id nor a foreign key to the organization's
    # rows would be lost by an export: it must be added here knowingly, with why.
    assert tables - exported == {"visio_received_webhook"}
    assert selection.left_out["visio_received_webhook"] == (
        "its rows are not tied to an organization"
    )
