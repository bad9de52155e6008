"""A Markdown or DOCX file made into a new page: checked and stored when uploaded, read
by the job ``docs.import_document``, which creates the page (its uploader owns it) and
gives the page's address as the job's result."""

from __future__ import annotations

import asyncio
import io
import uuid
import zipfile
from pathlib import PurePath

from lasuite.plugins import JobRun, Problem
from lasuite_docs import tree
from lasuite_docs.formats import IMPORT_FORMATS, html_of_file
from lasuite_docs.html_content import content_update, leading_title
from lasuite_docs.pages import add_page

MAX_BYTES = 5 * 1024 * 1024
"""The largest file imported."""

DOCX_PART = "word/document.xml"
"""The part every DOCX file holds: its text."""


class UnknownImportFormat(Problem):
    code = "docs.unknown_import_format"
    status = 422
    message = f"Import one of: {', '.join(IMPORT_FORMATS)}."


class ImportTooLarge(Problem):
    code = "docs.import_too_large"
    status = 413
    message = f"A file imported is at most {MAX_BYTES // (1024 * 1024)} MiB."


class NotMarkdown(Problem):
    code = "docs.not_markdown"
    status = 415
    message = "This file is not Markdown: it is not UTF-8 text."


class NotDocx(Problem):
    code = "docs.not_docx"
    status = 415
    message = "This file is not a Word document (DOCX)."


PROBLEMS: tuple[type[Problem], ...] = (UnknownImportFormat, ImportTooLarge, NotMarkdown, NotDocx)


def check_upload(content: bytes, format: str) -> None:
    """Refuse what the converter would not read, before anything is stored."""
    if format not in IMPORT_FORMATS:
        raise UnknownImportFormat()
    if format == "markdown":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise NotMarkdown() from None
        if b"\x00" in content:
            raise NotMarkdown()
        return
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            archive.getinfo(DOCX_PART)
    except (zipfile.BadZipFile, KeyError):
        raise NotDocx() from None


def title_of(filename: str) -> str:
    """A page title from the uploaded file's name, without its extension."""
    return PurePath(filename.replace("\\", "/")).stem.strip()[:200] or "Import"


async def import_document(
    job: JobRun,
    *,
    file_id: str,
    format: str,
    owner_id: str,
    title: str,
    parent_id: str | None = None,
) -> str:
    """Make the uploaded file a new page (under ``parent_id`` when that page is still
    there, else at the top level), then delete the upload; returns the page's address."""
    content = await job.read_file(uuid.UUID(file_id))
    await job.report_progress(20)
    html = await asyncio.to_thread(html_of_file, content, format)
    heading, html = leading_title(html)
    await job.report_progress(70)
    async with job.transaction() as db:
        parent = (
            await tree.find(db, job.organization_id, uuid.UUID(parent_id)) if parent_id else None
        )
        document = await add_page(
            db,
            organization_id=job.organization_id,
            owner_id=uuid.UUID(owner_id),
            title=heading or title,
            parent_id=parent.id if parent is not None and parent.deleted_at is None else None,
            content=content_update(html),
        )
    await job.delete_files([uuid.UUID(file_id)])
    return f"/docs/{document.id}"
