"""The hourly job ``chat.delete_unused_files`` deletes the files no message shows any
more (deleted messages, messages gone, uploads never posted after a day), rows and
contents, in its own organization only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, update

from lasuite.db.engine import Database
from lasuite.plugins import StoredFile
from lasuite.state import runtime_of
from lasuite.testing import run_periodic_job
from lasuite_chat.models import Message
from tests.core.stored_files import png
from tests.plugins.chat.chat_api import BASE, create_channel, post_ok, upload_ok


async def backdate_upload(lasuite_database: Database, uploaded: dict, days: int) -> None:
    async with lasuite_database.transaction() as db:
        await db.execute(
            update(StoredFile)
            .where(StoredFile.id == uuid.UUID(uploaded["id"]))
            .values(created_at=datetime.now(UTC) - timedelta(days=days))
        )


async def test_files_no_message_shows_go_and_the_others_stay(
    lasuite_app, lasuite_client, make_member, lasuite_database
):
    carol = await make_member(organization="org-b")
    await carol.sign_in(lasuite_client)
    their_channel = await create_channel(lasuite_client, "ailleurs")
    theirs = await upload_ok(lasuite_client, their_channel["id"], png(100), "leur.png")
    await backdate_upload(lasuite_database, theirs, days=3)

    alice = await make_member(organization="org-a")
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "projet")
    shown = await upload_ok(lasuite_client, channel["id"], png(100), "montré.png")
    await post_ok(lasuite_client, channel["id"], "voici", attachment_ids=[shown["id"]])
    of_deleted = await upload_ok(lasuite_client, channel["id"], png(100), "retiré.png")
    deleted = await post_ok(
        lasuite_client, channel["id"], "oups", attachment_ids=[of_deleted["id"]]
    )
    removed = await lasuite_client.delete(
        f"{BASE}/channels/{channel['id']}/messages/{deleted['id']}"
    )
    assert removed.status_code in (200, 204), removed.text
    of_gone = await upload_ok(lasuite_client, channel["id"], png(100), "purgé.png")
    gone = await post_ok(lasuite_client, channel["id"], "ancien", attachment_ids=[of_gone["id"]])
    async with lasuite_database.transaction() as db:  # as retention deletes a message
        await db.execute(delete(Message).where(Message.id == uuid.UUID(gone["id"])))
    abandoned = await upload_ok(lasuite_client, channel["id"], png(100), "oublié.png")
    await backdate_upload(lasuite_database, abandoned, days=2)
    pending = await upload_ok(lasuite_client, channel["id"], png(100), "en cours.png")
    keys = await storage_keys(lasuite_database)

    await run_periodic_job(lasuite_app, lasuite_client, "chat.delete_unused_files")

    left = await storage_keys(lasuite_database)
    assert set(left) == {shown["id"], pending["id"], theirs["id"]}
    files = runtime_of(lasuite_app.state).settings.var_dir / "files"
    for file_id, key in keys.items():
        assert (files / key).exists() == (file_id in left), key
    downloaded = await lasuite_client.get(shown["url"])
    assert downloaded.status_code == 200


async def storage_keys(lasuite_database: Database) -> dict[str, str]:
    """Every chat file's storage key, by id."""
    async with lasuite_database.sessions() as db:
        rows = await db.execute(
            select(StoredFile.id, StoredFile.storage_key).where(StoredFile.plugin_id == "chat")
        )
    return {str(file_id): key for file_id, key in rows}
