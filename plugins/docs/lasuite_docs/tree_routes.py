"""The documents' tree over HTTP: pages under a page, moving one, the trash, favourites."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import delete, get, post, put
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, JSONBody

from lasuite.plugins import CurrentActor, DbSession
from lasuite_docs import services, tree
from lasuite_docs.routes import DocumentOut

EDIT = "docs.document.edit"
READ = "docs.document.read"


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
    """The pages right under ``parent`` (the top level without it), in their order."""
    if parent is not None:
        await services.document_or_404(db, actor.organization_id, parent)
    nodes = await tree.children(db, actor.organization_id, parent)
    return [TreeNodeOut(DocumentOut.of(d), has_children) for d, has_children in nodes]


@post("/documents/{document_id:uuid}/move", permission=EDIT, status_code=200)
async def move_document(
    document_id: FromPath[uuid.UUID], data: JSONBody[MoveIn], db: DbSession, actor: CurrentActor
) -> DocumentOut:
    """Move the page (with the pages under it) under another one, or to the top level."""
    document = await services.document_or_404(db, actor.organization_id, document_id)
    parent = None
    if data.parent_id is not None:
        parent = await services.document_or_404(db, actor.organization_id, data.parent_id)
    await tree.move(db, document, parent, data.position)
    return DocumentOut.of(document)


class DuplicateIn(msgspec.Struct, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] | None = None
    """The copy's title (the workspace words "Copy of …" in its reader's language);
    the original's by default."""


@post("/documents/{document_id:uuid}/duplicate", permission="docs.document.create")
async def duplicate_document(
    document_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    data: JSONBody[DuplicateIn | None] = None,
) -> DocumentOut:
    """A copy of the page as it is now (without its sub-pages), right after it."""
    document = await services.document_or_404(db, actor.organization_id, document_id)
    title = data.title if data is not None and data.title else document.title
    return DocumentOut.of(await tree.duplicate(db, actor, document, title))


@delete("/documents/{document_id:uuid}", permission=EDIT)
async def trash_document(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> None:
    """Move the document and the pages under it to the trash (purged after 30 days)."""
    document = await services.document_or_404(db, actor.organization_id, document_id)
    await tree.trash(db, document)


@get("/trash", permission=EDIT)
async def list_trash(db: DbSession, actor: CurrentActor) -> list[DocumentOut]:
    """What was trashed (each with the pages trashed along with it), the latest first."""
    return [DocumentOut.of(d) for d in await tree.in_trash(db, actor.organization_id)]


@post("/documents/{document_id:uuid}/restore", permission=EDIT, status_code=200)
async def restore_document(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> DocumentOut:
    """Bring the document back from the trash, with the pages trashed with it."""
    document = await tree.find(db, actor.organization_id, document_id)
    if document is None:
        raise NotFoundException("No such document.")
    await tree.restore(db, document)
    return DocumentOut.of(document)


@put("/documents/{document_id:uuid}/favorite", permission=READ, status_code=204)
async def add_favorite(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> None:
    """Keep the document among the caller's favourites."""
    document = await services.document_or_404(db, actor.organization_id, document_id)
    await tree.favorite(db, actor, document)


@delete("/documents/{document_id:uuid}/favorite", permission=READ)
async def remove_favorite(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> None:
    document = await services.document_or_404(db, actor.organization_id, document_id)
    await tree.unfavorite(db, actor, document)


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
