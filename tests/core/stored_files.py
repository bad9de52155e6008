"""Files stored directly through the storage service, for tests that need one to exist."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

from lasuite.db.engine import Database
from lasuite.permissions.actor import Actor
from lasuite.settings import Settings
from lasuite.storage.files import PluginFiles
from lasuite.storage.store import open_store
from lasuite.testing import Member

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def png(size: int) -> bytes:
    """A PNG header padded to ``size`` bytes: sniffed as image/png."""
    return PNG + bytes(i % 251 for i in range(size - len(PNG)))


async def chunks_of(data: bytes, size: int = 4096) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


def actor_of(member: Member) -> Actor:
    return Actor(
        user_id=member.user_id,
        email=member.email,
        display_name=member.email,
        organization_id=member.organization_id,
        role=member.role,
        permissions=frozenset(),
    )


async def store_file(
    settings: Settings, member: Member, *, plugin_id: str, content: bytes = PNG
) -> uuid.UUID:
    """A file of ``plugin_id`` owned by ``member``, saved outside any request."""
    database = Database(settings.database)
    store = open_store(settings)
    try:
        async with database.transaction() as db:
            files = PluginFiles(
                db=db, store=store, plugin_id=plugin_id, max_bytes=settings.max_upload_bytes
            )
            stored = await files.save(
                chunks_of(content),
                filename="seed.png",
                allowed_types={"*/*"},
                actor=actor_of(member),
            )
        return stored.id
    finally:
        await store.close()
        await database.dispose()
