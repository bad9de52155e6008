"""Upgrading an installation: a database made by the previous release's migrations, with
an organization's data in it, is upgraded to this code's migration heads; then the app
serves that data and its new features work on it.

The data is written as the previous release's schema holds it (tables reflected from the
database, not this code's models). When a release is made, PREVIOUS_RELEASE takes its
heads (`lasuite db check`'s revisions) and the rows below follow its schema."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from alembic import command
from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncConnection

from lasuite.app import create_app
from lasuite.db.base import utcnow
from lasuite.db.engine import Database
from lasuite.db.migrations import alembic_config
from lasuite.identity.passwords import hash_password
from lasuite.identity.secret_hashes import hash_secret
from lasuite.settings import Settings
from lasuite.testing import send_csrf_token

PREVIOUS_RELEASE = {
    "core": "15b5d91a0eed",
    "chat": "e7c41a9d2b58",
    "docs": "1b4aec424c11",
    "visio": "9ad12068532a",
}
"""Each branch's head in release 0.1.0 (commit 83a3b93)."""

PASSWORD = "the passphrase of the previous release"
ORG, OWNER, PAGE, CHANNEL, ROOM = (uuid.uuid4() for _ in range(5))


async def test_a_database_of_the_previous_release_is_upgraded_and_its_data_served(
    tmp_path, lasuite_database_url, lasuite_registry
):
    settings = Settings(var_dir=tmp_path / "var", database_url=lasuite_database_url)
    config = alembic_config(settings.database, lasuite_registry)
    for revision in PREVIOUS_RELEASE.values():
        await asyncio.to_thread(command.upgrade, config, revision)
    database = Database(settings.database)
    try:
        async with database.engine.begin() as connection:
            await _write_previous_release_data(connection)
    finally:
        await database.dispose()

    await asyncio.to_thread(command.upgrade, config, "heads")

    app = create_app(settings, registry=lasuite_registry)
    async with AsyncTestClient(app) as client:
        await send_csrf_token(client)
        ready = await client.get("/readyz")
        signed_in = await client.post(
            "/api/v1/auth/login", json={"email": "owner@release.test", "password": PASSWORD}
        )
        page = await client.get(f"/api/v1/docs/documents/{PAGE}")
        messages = await client.get(f"/api/v1/chat/channels/{CHANNEL}/messages")
        rooms = await client.get("/api/v1/visio/rooms")
        invitations = await client.get("/api/v1/orgs/current/invitations")
        # A feature of this release on the previous release's data.
        shared = await client.post(
            f"/api/v1/docs/documents/{PAGE}/invitations",
            json={"email": "partner@elsewhere.test", "role": "reader"},
        )

    assert ready.status_code == 200, ready.text
    assert signed_in.status_code == 200, signed_in.text
    assert (page.status_code, page.json()["title"], page.json()["my_role"]) == (
        200,
        "Budget de la release précédente",
        "owner",
    )
    assert [m["text"] for m in messages.json()] == ["Écrit avant la mise à jour"]
    assert [r["slug"] for r in rooms.json()] == ["abc-defg-hij"]
    assert [i["email"] for i in invitations.json()] == ["pending@release.test"]
    assert shared.status_code == 200, shared.text


async def _write_previous_release_data(connection: AsyncConnection) -> None:
    now = utcnow()
    await _insert(connection, "core_organization", id=ORG, name="Ministère R", slug="min-r")
    await _insert(
        connection,
        "core_user",
        id=OWNER,
        email="owner@release.test",
        display_name="Owner of R",
        password_hash=await hash_password(PASSWORD),
        is_active=True,
        is_staff=False,
    )
    await _insert(connection, "core_membership", organization_id=ORG, user_id=OWNER, role="owner")
    for plugin in ("chat", "docs", "visio"):
        await _insert(
            connection,
            "core_organization_plugin",
            organization_id=ORG,
            plugin_id=plugin,
            enabled=True,
            settings={},
            settings_version=1,
        )
    await _insert(
        connection,
        "core_invitation",
        organization_id=ORG,
        email="pending@release.test",
        role="member",
        token_hash=hash_secret("a token of the previous release"),
        invited_by=OWNER,
        expires_at=now + timedelta(days=7),
    )
    await _insert(
        connection,
        "docs_document",
        id=PAGE,
        organization_id=ORG,
        title="Budget de la release précédente",
        created_by=OWNER,
    )
    await _insert(connection, "docs_access", document_id=PAGE, user_id=OWNER, role="owner")
    await _insert(
        connection,
        "chat_channel",
        id=CHANNEL,
        organization_id=ORG,
        name="general",
        topic="",
        created_by=OWNER,
        last_seq=1,
    )
    await _insert(
        connection,
        "chat_channel_member",
        channel_id=CHANNEL,
        user_id=OWNER,
        role="owner",
        last_read_seq=1,
        mention_count=0,
    )
    await _insert(
        connection,
        "chat_message",
        organization_id=ORG,
        channel_id=CHANNEL,
        author_id=OWNER,
        seq=1,
        text="Écrit avant la mise à jour",
        html="<p>Écrit avant la mise à jour</p>",
    )
    await _insert(
        connection,
        "visio_room",
        id=ROOM,
        organization_id=ORG,
        slug="abc-defg-hij",
        name="Comité",
        access_level="trusted",
        created_by=OWNER,
    )


async def _insert(connection: AsyncConnection, table_name: str, /, **values: Any) -> None:
    """One row of ``table_name`` as the database's own schema has it (reflected), with an id
    and a creation time; ids are written the way SQLAlchemy's ``Uuid`` stores them."""
    table = await connection.run_sync(
        lambda sync: sa.Table(table_name, sa.MetaData(), autoload_with=sync)
    )
    row = {"id": uuid.uuid4(), "created_at": utcnow(), **values}
    unknown = set(row) - set(table.columns.keys())
    assert not unknown, f"{table_name} has no column {unknown} in the previous release"
    columns = [
        sa.column(key, sa.Uuid() if isinstance(value, uuid.UUID) else _type_of(table, key))
        for key, value in row.items()
    ]
    await connection.execute(sa.insert(sa.table(table_name, *columns)).values(**row))


def _type_of(table: sa.Table, key: str) -> Any:
    kind = table.columns[key].type
    if isinstance(kind, sa.DateTime):
        return sa.DateTime(timezone=True)
    if isinstance(kind, sa.JSON) or type(kind).__name__ in ("JSON", "JSONB"):
        return sa.JSON()
    return kind
