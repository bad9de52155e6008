"""The documents' tree over HTTP: pages under a page, moving one, the trash, favourites."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import delete, get, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from lasuite.plugins import Audit, CurrentActor, DbSession, Events
from lasuite_docs import comments, services, tree
from lasuite_docs.access import EDIT, READ, SHARE, access_to
from lasuite_docs.events import DocumentRestored, DocumentTrashed
from lasuite_docs.rooms import Rooms
from lasuite_docs.routes import DocumentOut


class TreeNodeOut(msgspec.Struct):
    document: DocumentOut
    has_children: bool


class MoveIn(msgspec.Struct, forbid_unknown_fields=True):
    parent_id: uuid.UUID | None
    """The new parent; None for the top level."""
    position: Annotated[int, msgspec.Meta(ge=0)]
    """Its place among the new siblings, 0 first."""


@get("/tree", permission=READ)
async def list_children(
    db: DbSession, actor: CurrentActor, parent: FromQuery[uuid.UUID | None] = None
) -> list[TreeNodeOut]:
    """The pages right under ``parent``, in their order; without it, the caller's pages at
    the top level and the pages shared with them whose parent they may not read."""
    if parent is not None:
        await services.document_for(db, actor, parent)
    nodes = await tree.children(db, actor, parent)
    return [TreeNodeOut(DocumentOut.of(d), has_children) for d, has_children in nodes]


@post("/documents/{document_id:uuid}/move", permission=READ, status_code=200)
async def move_document(
    document_id: FromPath[uuid.UUID], data: JSONBody[MoveIn], db: DbSession, actor: CurrentActor
) -> DocumentOut:
    """Move the page (with the pages under it) under another one the caller may edit, or
    to the top level. Who has the page changes with its place: its administrators move it."""
    access = await services.document_for(db, actor, document_id, SHARE)
    parent = None
    if data.parent_id is not None:
        parent = (await services.document_for(db, actor, data.parent_id, EDIT)).document
    await tree.move(db, access.document, parent, data.position)
    return DocumentOut.seen(access)


class DuplicateIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] | None = None
    """The copy's title (the workspace words "Copy of …" in its reader's language);
    the original's by default."""


@post("/documents/{document_id:uuid}/duplicate", permission="docs.document.create")
async def duplicate_document(
    document_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
    data: JSONBody[DuplicateIn | None] = None,
) -> DocumentOut:
    """A copy of the page as it is now (without its sub-pages), right after it; the
    caller owns the copy. Under a parent, the caller must be able to edit the parent."""
    document = (await services.document_for(db, actor, document_id)).document
    if document.parent_id is not None:
        await services.document_for(db, actor, document.parent_id, EDIT)
    title = data.title if data is not None and data.title else document.title
    copy = await tree.duplicate(db, actor, document, title)
    await services.announce_created(db, events, copy)
    return DocumentOut.of(copy, "owner")


@delete("/documents/{document_id:uuid}", permission=READ)
async def trash_document(
    document_id: FromPath[uuid.UUID],
    actor: CurrentActor,
    events: Events,
    audit: Audit,
    rooms: NamedDependency[Rooms],
) -> None:
    """Move the document and the pages under it to the trash (purged after 30 days);
    its administrators may. Whoever has them open is told; the audit log keeps it."""
    async with rooms.database.transaction() as db:
        access = await services.document_for(db, actor, document_id, SHARE)
        await tree.trash(db, access.document)
        audit.record(
            db,
            "docs.document.trashed",
            target=str(document_id),
            data={"name": access.document.title},
        )
        trashed = await tree.subtree(db, access.document)
        await events.publish(
            db, DocumentTrashed(document_id=document_id), organization_id=actor.organization_id
        )
        await comments.topics_changed(db, events, access.document)
    await rooms.access_changed(trashed)


@get("/trash", permission=READ)
async def list_trash(db: DbSession, actor: CurrentActor) -> list[DocumentOut]:
    """What was trashed that the caller may bring back (each with the pages trashed along
    with it), the latest first."""
    trashed = await tree.in_trash(db, actor)
    mine = [await access_to(db, actor, document) for document in trashed]
    return [DocumentOut.seen(access) for access in mine if access.may(SHARE)]


@post("/documents/{document_id:uuid}/restore", permission=READ, status_code=200)
async def restore_document(
    document_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
    audit: Audit,
) -> DocumentOut:
    """Bring the document back from the trash, with the pages trashed with it."""
    access = await services.document_for(db, actor, document_id, SHARE, trashed=None)
    await tree.restore(db, access.document)
    audit.record(
        db,
        "docs.document.restored",
        target=str(document_id),
        data={"name": access.document.title},
    )
    await events.publish(
        db, DocumentRestored(document_id=document_id), organization_id=actor.organization_id
    )
    return DocumentOut.seen(access)


@put("/documents/{document_id:uuid}/favorite", permission=READ, status_code=204)
async def add_favorite(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> None:
    """Keep the document among the caller's favourites."""
    access = await services.document_for(db, actor, document_id)
    await tree.favorite(db, actor, access.document)


@delete("/documents/{document_id:uuid}/favorite", permission=READ)
async def remove_favorite(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> None:
    access = await services.document_for(db, actor, document_id)
    await tree.unfavorite(db, actor, access.document)


@get("/favorites", permission=READ)
async def list_favorites(db: DbSession, actor: CurrentActor) -> list[DocumentOut]:
    """The caller's favourite documents, by title."""
    return [DocumentOut.of(d) for d in await tree.favorites(db, actor)]


TREE_ROUTES = [
    list_children,
    move_document,
    duplicate_document,
    trash_document,
    list_trash,
    restore_document,
    add_favorite,
    remove_favorite,
    list_favorites,
]
