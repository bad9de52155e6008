"""Images and attachments of a page, kept in the core's file storage.

An editor uploads a file to a page; the editor's content names it by id (an ``image``
node, or an ``attachment`` node drawn as a card). Whoever may read the page downloads
it through the page (``/documents/<id>/files/<file id>``), a visitor of a public page
too; a page in the trash serves its files to its administrators only. A file stays with
its page as long as the page exists (taking the node out of the text keeps it: undo,
versions and copies still show it), and goes when the last page holding it is purged.

Duplicating a page or starting one from a template copies the references
(:class:`~lasuite_docs.models.DocumentFile` rows), not the files: both pages serve the
same stored file, each to its own readers.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, Collection
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, PluginFiles, Problem, StoredFile
from lasuite_docs.access import EDIT, Access
from lasuite_docs.models import DocumentFile

FileKind = Literal["image", "attachment"]

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
"""What an image shown in a page may be: SVG is not (a browser opening it runs its
scripts)."""

ATTACHMENT_TYPES = IMAGE_TYPES | frozenset(
    {
        "application/pdf",
        "text/plain",
        "text/csv",
        "text/markdown",
        "application/zip",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
    }
)
"""What an attachment may be, judged from its first bytes (HTML and SVG are not)."""

ALLOWED: dict[str, frozenset[str]] = {"image": IMAGE_TYPES, "attachment": ATTACHMENT_TYPES}


class EditorsOnly(Problem):
    code = "docs.files_editors_only"
    status = 403
    message = "Only the page's editors add files to it."


class NoSuchFile(Problem):
    code = "docs.no_such_file"
    status = 404
    message = "No such file in this page."


PROBLEMS: tuple[type[Problem], ...] = (EditorsOnly, NoSuchFile)


async def upload(
    db: AsyncSession,
    actor: Actor,
    files: PluginFiles,
    access: Access,
    stream: AsyncIterable[bytes],
    *,
    filename: str,
    kind: FileKind,
) -> StoredFile:
    """Store ``stream`` as an image or an attachment of the page (its editors only); the
    core refuses a type outside :data:`ALLOWED` (415) and a file past its limit (413)."""
    if not access.may(EDIT):
        raise EditorsOnly()
    stored = await files.save(stream, filename=filename, allowed_types=ALLOWED[kind], actor=actor)
    db.add(
        DocumentFile(
            document_id=access.document.id, file_id=stored.id, kind=kind, uploaded_by=actor.user_id
        )
    )
    await db.flush()
    return stored


async def file_of(db: AsyncSession, document_id: uuid.UUID, file_id: uuid.UUID) -> DocumentFile:
    """The page's file ``file_id`` (another page's is a 404, even of the same organization)."""
    held = await db.scalar(
        select(DocumentFile).where(
            DocumentFile.document_id == document_id, DocumentFile.file_id == file_id
        )
    )
    if held is None:
        raise NoSuchFile()
    return held


async def stored_files(db: AsyncSession, document_id: uuid.UUID) -> dict[uuid.UUID, StoredFile]:
    """The page's stored files by id."""
    rows = await db.scalars(
        select(StoredFile)
        .join(DocumentFile, DocumentFile.file_id == StoredFile.id)
        .where(DocumentFile.document_id == document_id)
    )
    return {stored.id: stored for stored in rows}


async def share(db: AsyncSession, *, source_id: uuid.UUID, target_id: uuid.UUID) -> None:
    """Give the page ``target_id`` the files of ``source_id`` (its copy, or a page started
    from it as a template): the same stored files, referenced by both."""
    held = await db.scalars(select(DocumentFile).where(DocumentFile.document_id == source_id))
    for row in list(held):
        db.add(
            DocumentFile(
                document_id=target_id,
                file_id=row.file_id,
                kind=row.kind,
                uploaded_by=row.uploaded_by,
            )
        )
    await db.flush()


async def held_by(db: AsyncSession, document_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """The stored files these pages hold."""
    if not document_ids:
        return set()
    return set(
        await db.scalars(
            select(DocumentFile.file_id).where(DocumentFile.document_id.in_(document_ids))
        )
    )


async def unheld(db: AsyncSession, file_ids: Collection[uuid.UUID]) -> list[uuid.UUID]:
    """Those of ``file_ids`` no page holds any more (to delete)."""
    if not file_ids:
        return []
    still = set(
        await db.scalars(select(DocumentFile.file_id).where(DocumentFile.file_id.in_(file_ids)))
    )
    return [file_id for file_id in file_ids if file_id not in still]
