"""The organization's pages as Markdown in ``lasuite org export``'s archive, in folders
that follow the tree (``pages/Projet/Compte rendu.md``); templates under ``templates/``.
The archive's rows keep everything else (the Yjs state, versions, comments, access)."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import ReadableCopies
from lasuite_docs import store
from lasuite_docs.formats import exported
from lasuite_docs.html_of import FileLinks, html_of
from lasuite_docs.models import Document

UNTITLED = "Sans titre"
_NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f/\\<>:"|?*]')


class _Page(NamedTuple):
    id: uuid.UUID
    title: str
    parent_id: uuid.UUID | None
    is_template: bool


async def pages_as_markdown(
    db: AsyncSession, organization_id: uuid.UUID, copies: ReadableCopies
) -> None:
    rows = await db.execute(
        select(Document.id, Document.title, Document.parent_id, Document.is_template)
        .where(Document.organization_id == organization_id, Document.deleted_at.is_(None))
        .order_by(Document.created_at, Document.id)
    )
    pages = {row.id: _Page(*row) for row in rows}
    taken: set[str] = set()
    for page in pages.values():
        doc, _ = await store.load(db, page.id)
        markdown = await asyncio.to_thread(
            exported, page.title, html_of(doc, FileLinks(page.id)), "markdown"
        )
        copies.write(_unique(_path(page, pages), taken), markdown)


def _path(page: _Page, pages: dict[uuid.UUID, _Page]) -> str:
    names = [_name(page.title)]
    parent = pages.get(page.parent_id) if page.parent_id else None
    while parent is not None and len(names) < 32:
        names.append(_name(parent.title))
        parent = pages.get(parent.parent_id) if parent.parent_id else None
    return "/".join(["templates" if page.is_template else "pages", *reversed(names)])


def _name(title: str) -> str:
    return _NOT_IN_NAMES.sub("_", title).strip(" .")[:100] or UNTITLED


def _unique(path: str, taken: set[str]) -> str:
    name, n = f"{path}.md", 1
    while name in taken:
        n += 1
        name = f"{path} ({n}).md"
    taken.add(name)
    return name
