"""The documents' tree: sub-pages, moving them, the trash and favourites.

A document trashed takes every page under it along (all get the same
``deleted_at``), and comes back with them; what stays in the trash for
:data:`TRASH_DAYS` is purged by a periodic job.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, JobRun, Problem
from lasuite_docs import document_files, store
from lasuite_docs.access import readable
from lasuite_docs.models import Document, DocumentAccess, Favorite

TRASH_DAYS = 30


class MoveIntoItself(Problem):
    code = "docs.move_into_itself"
    status = 409
    message = "A page cannot move under itself or one of its sub-pages."


class NotInTrash(Problem):
    code = "docs.not_in_trash"
    status = 409
    message = "This document is not in the trash."


PROBLEMS: tuple[type[Problem], ...] = (MoveIntoItself, NotInTrash)


def live(organization_id: uuid.UUID) -> list[ColumnElement[bool]]:
    """The conditions of a document of the organization that is not in the trash."""
    return [Document.organization_id == organization_id, Document.deleted_at.is_(None)]


def under(parent_id: uuid.UUID | None) -> ColumnElement[bool]:
    """The condition of a page right under ``parent_id`` (None: at the top level)."""
    return Document.parent_id.is_(None) if parent_id is None else Document.parent_id == parent_id


async def find(
    db: AsyncSession, organization_id: uuid.UUID, document_id: uuid.UUID
) -> Document | None:
    """The organization's document, in the trash or not."""
    return await db.scalar(
        select(Document).where(
            Document.organization_id == organization_id, Document.id == document_id
        )
    )


async def children(
    db: AsyncSession, actor: Actor, parent_id: uuid.UUID | None
) -> list[tuple[Document, bool]]:
    """The pages right under ``parent_id``, in order, each with whether it has pages under
    it. At the top level (None): the actor's top-level pages, and the pages shared with
    them whose parent they may not read."""
    organization_id = actor.organization_id
    reach = readable(actor)
    place = (
        or_(under(None), Document.parent_id.not_in(reach))
        if parent_id is None
        else under(parent_id)
    )
    counts = (
        select(Document.parent_id, func.count().label("count"))
        .where(*live(organization_id), Document.parent_id.is_not(None))
        .group_by(Document.parent_id)
        .subquery()
    )
    rows = await db.execute(
        select(Document, counts.c.count)
        .outerjoin(counts, counts.c.parent_id == Document.id)
        .where(*live(organization_id), Document.id.in_(reach), place)
        .order_by(Document.position, Document.created_at, Document.id)
    )
    return [(document, bool(count)) for document, count in rows]


async def next_position(
    db: AsyncSession, organization_id: uuid.UUID, parent_id: uuid.UUID | None
) -> int:
    last = await db.scalar(
        select(func.max(Document.position)).where(*live(organization_id), under(parent_id))
    )
    return 0 if last is None else last + 1


async def subtree(db: AsyncSession, root: Document) -> list[uuid.UUID]:
    """``root`` and every page under it, trashed or not, level by level."""
    found, level = [root.id], [root.id]
    while level:
        level = list(await db.scalars(select(Document.id).where(Document.parent_id.in_(level))))
        found += level
    return found


async def move(
    db: AsyncSession, document: Document, parent: Document | None, position: int
) -> None:
    """Put ``document`` under ``parent`` (None: the top level) at ``position`` among its
    new siblings, the later ones making room."""
    if parent is not None and parent.id in await subtree(db, document):
        raise MoveIntoItself()
    parent_id = parent.id if parent is not None else None
    await db.execute(
        update(Document)
        .where(
            *live(document.organization_id),
            under(parent_id),
            Document.position >= position,
            Document.id != document.id,
        )
        .values(position=Document.position + 1)
        .execution_options(synchronize_session=False)
    )
    document.parent_id = parent_id
    document.position = position
    await db.flush()


async def duplicate(db: AsyncSession, actor: Actor, document: Document, title: str) -> Document:
    """A copy of the page (its content as it is now, not its sub-pages), placed right
    after it."""
    doc, _ = await store.load(db, document.id)
    copy = Document(
        organization_id=document.organization_id,
        title=title,
        created_by=actor.user_id,
        parent_id=document.parent_id,
        content=doc.get_update(),
    )
    db.add(copy)
    await db.flush()
    db.add(DocumentAccess(document_id=copy.id, user_id=actor.user_id, role="owner"))
    await document_files.share(db, source_id=document.id, target_id=copy.id)
    await move(db, copy, await _parent(db, document), document.position + 1)
    return copy


async def _parent(db: AsyncSession, document: Document) -> Document | None:
    return None if document.parent_id is None else await db.get(Document, document.parent_id)


async def trash(db: AsyncSession, document: Document) -> None:
    """Move the document and every page under it to the trash."""
    await db.execute(
        update(Document)
        .where(Document.id.in_(await subtree(db, document)), Document.deleted_at.is_(None))
        .values(deleted_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    await db.refresh(document)


async def restore(db: AsyncSession, document: Document) -> None:
    """Bring the document back with the pages trashed with it; at the top level when
    its parent is in the trash."""
    if document.deleted_at is None:
        raise NotInTrash()
    if document.parent_id is not None:
        parent = await db.get(Document, document.parent_id)
        if parent is None or parent.deleted_at is not None:
            document.parent_id = None
            document.position = await next_position(db, document.organization_id, None)
    await db.execute(
        update(Document)
        .where(
            Document.id.in_(await subtree(db, document)),
            Document.deleted_at == document.deleted_at,
        )
        .values(deleted_at=None)
        .execution_options(synchronize_session=False)
    )
    await db.refresh(document)


async def in_trash(db: AsyncSession, actor: Actor) -> list[Document]:
    """What was trashed of what the actor may read: each trashed page whose parent is not
    trashed with it, the latest first."""
    documents = await db.scalars(
        select(Document)
        .where(
            Document.organization_id == actor.organization_id,
            Document.deleted_at.is_not(None),
            Document.id.in_(readable(actor)),
        )
        .order_by(Document.deleted_at.desc(), Document.id)
    )
    trashed = list(documents)
    by_id = {d.id: d for d in trashed}
    return [
        d
        for d in trashed
        if d.parent_id not in by_id or by_id[d.parent_id].deleted_at != d.deleted_at
    ]


async def purge_trash(job: JobRun) -> int:
    """Delete what has been in the organization's trash for :data:`TRASH_DAYS` days, with
    the pages under it and the files no other page holds; returns how many documents
    went."""
    before = datetime.now(UTC) - timedelta(days=TRASH_DAYS)
    async with job.transaction() as db:
        expired = list(
            await db.scalars(
                select(Document.id).where(
                    Document.organization_id == job.organization_id, Document.deleted_at < before
                )
            )
        )
        held = await document_files.held_by(db, expired)
        gone = list(
            await db.scalars(
                delete(Document).where(Document.id.in_(expired)).returning(Document.id)
            )
        )
        orphans = await document_files.unheld(db, held)
    # Once the pages are gone: a file deleted before would be lost if their purge failed.
    await job.delete_files(orphans)
    return len(gone)


async def favorite(db: AsyncSession, actor: Actor, document: Document) -> None:
    try:
        async with db.begin_nested():
            db.add(Favorite(document_id=document.id, user_id=actor.user_id))
    except IntegrityError:
        pass  # already a favourite


async def unfavorite(db: AsyncSession, actor: Actor, document: Document) -> None:
    await db.execute(
        delete(Favorite).where(
            Favorite.document_id == document.id, Favorite.user_id == actor.user_id
        )
    )


async def favorites(db: AsyncSession, actor: Actor) -> list[Document]:
    """The actor's favourite documents in their organization, not in the trash."""
    documents = await db.scalars(
        select(Document)
        .join(Favorite, Favorite.document_id == Document.id)
        .where(
            Favorite.user_id == actor.user_id,
            *live(actor.organization_id),
            Document.id.in_(readable(actor)),
        )
        .order_by(Document.title, Document.id)
    )
    return list(documents)
