"""A document's versions over HTTP: list, name one, read one as text, compare two (or one
with the document now), restore one."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

import msgspec
from litestar import get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from lasuite.plugins import CurrentActor, DbSession
from lasuite_docs import services, store, versions
from lasuite_docs.access import EDIT
from lasuite_docs.content import text_of
from lasuite_docs.models import DocumentVersion
from lasuite_docs.rooms import Rooms
from lasuite_docs.routes import DocumentOut


class VersionOut(msgspec.Struct):
    id: uuid.UUID
    seq: int
    """The last edit it holds."""
    name: str | None
    created_by: uuid.UUID | None
    """Who named it; None for an automatic version."""
    created_at: datetime

    @classmethod
    def of(cls, version: DocumentVersion) -> VersionOut:
        return cls(version.id, version.seq, version.name, version.created_by, version.created_at)


class VersionText(msgspec.Struct):
    version: VersionOut
    text: str
    """The document's text then, a line per paragraph, heading or list item."""


class Change(msgspec.Struct):
    op: Literal["equal", "delete", "insert"]
    line: str


class NameIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


@get("/documents/{document_id:uuid}/versions", permission="docs.document.read")
async def list_versions(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> list[VersionOut]:
    """The document's versions, the latest first (its readers)."""
    access = await services.document_for(db, actor, document_id)
    return [VersionOut.of(v) for v in await versions.listed(db, access.document)]


@post("/documents/{document_id:uuid}/versions", permission="docs.document.read")
async def name_version(
    document_id: FromPath[uuid.UUID],
    data: JSONBody[NameIn],
    db: DbSession,
    actor: CurrentActor,
    rooms: NamedDependency[Rooms],
) -> VersionOut:
    """Keep the document as it is now under a name (its editors)."""
    await rooms.settled(document_id)
    access = await services.document_for(db, actor, document_id, EDIT)
    return VersionOut.of(await versions.take(db, access.document, name=data.name, actor=actor))


@get("/documents/{document_id:uuid}/versions/{version_id:uuid}", permission="docs.document.read")
async def read_version(
    document_id: FromPath[uuid.UUID],
    version_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
) -> VersionText:
    """A version's text (its readers)."""
    access = await services.document_for(db, actor, document_id)
    version = await versions.one(db, access.document, version_id)
    return VersionText(VersionOut.of(version), text_of(versions.doc_of(version)))


@get(
    "/documents/{document_id:uuid}/versions/{version_id:uuid}/changes",
    permission="docs.document.read",
)
async def compare_versions(
    document_id: FromPath[uuid.UUID],
    version_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    rooms: NamedDependency[Rooms],
    to: FromQuery[uuid.UUID | None] = None,
) -> list[Change]:
    """What changed, line by line, from this version to ``to`` (another version; the
    document as it is now without it)."""
    await rooms.settled(document_id)
    access = await services.document_for(db, actor, document_id)
    before = text_of(versions.doc_of(await versions.one(db, access.document, version_id)))
    if to is None:
        now, _ = await store.load(db, access.document.id)
        after = text_of(now)
    else:
        after = text_of(versions.doc_of(await versions.one(db, access.document, to)))
    return [Change(op, line) for op, line in versions.difference(before, after)]  # type: ignore[arg-type]


@post(
    "/documents/{document_id:uuid}/versions/{version_id:uuid}/restore",
    permission="docs.document.read",
    status_code=200,
)
async def restore_version(
    document_id: FromPath[uuid.UUID],
    version_id: FromPath[uuid.UUID],
    actor: CurrentActor,
    rooms: NamedDependency[Rooms],
) -> DocumentOut:
    """Make the document's content the version's again, as a new edit that everyone with
    the document open sees at once (its editors). The content before stays in the
    document's history: a version of it is taken first."""
    await rooms.settled(document_id)
    async with rooms.database.transaction() as db:
        access = await services.document_for(db, actor, document_id, EDIT)
        version = await versions.one(db, access.document, version_id)
        await versions.take(db, access.document)
        seq, update = await versions.restore(db, access.document, version)
        shown = DocumentOut.seen(access)
    await versions.announce(rooms.place.relay, document_id, seq, update)
    return shown


VERSION_ROUTES = [list_versions, name_version, read_version, compare_versions, restore_version]
