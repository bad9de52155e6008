"""Docs in the workspace's unified search: the documents the user may read whose title or
text holds the words."""

from __future__ import annotations

from sqlalchemy import case, func, or_, select

from lasuite.plugins import SearchContext, SearchQuery, SearchResult
from lasuite_docs.access import readable
from lasuite_docs.models import Document
from lasuite_docs.tree import live

READ = "docs.document.read"
EXCERPT = 160
"""Characters of text shown around what matched."""


async def search_documents(query: SearchQuery, context: SearchContext) -> list[SearchResult]:
    """Documents the actor may read (not in the trash) whose title or text contains
    ``query.text`` (``%`` and ``_`` taken literally): the exact title first (score 3),
    then titles starting with it (2), other titles (1), then matches in the text only
    (0.5); the latest edited first within each."""
    actor = context.actor
    if not actor.can(READ):
        return []
    text = query.text
    in_title = Document.title.icontains(text, autoescape=True)
    score = case(
        (func.lower(Document.title) == text.lower(), 3.0),
        (Document.title.istartswith(text, autoescape=True), 2.0),
        (in_title, 1.0),
        else_=0.5,
    )
    rows = await context.db.execute(
        select(Document, score)
        .where(
            *live(actor.organization_id),
            Document.id.in_(readable(actor)),
            or_(in_title, Document.text.icontains(text, autoescape=True)),
        )
        .order_by(
            score.desc(),
            func.coalesce(Document.edited_at, Document.created_at).desc(),
            Document.id,
        )
        .limit(query.limit)
    )
    return [
        SearchResult(
            kind="document",
            id=str(document.id),
            title=document.title,
            excerpt=excerpt(document.text, text),
            url=f"/docs/{document.id}",
            updated_at=document.edited_at or document.created_at,
            score=float(points),
        )
        for document, points in rows
    ]


def excerpt(text: str, words: str) -> str:
    """The part of ``text`` around the first place ``words`` appear (its start when they
    do not), at most :data:`EXCERPT` characters, on one line."""
    flat = " ".join(text.split())
    at = flat.lower().find(words.lower())
    start = max(0, at - EXCERPT // 3) if at > 0 else 0
    cut = flat[start : start + EXCERPT]
    return ("…" if start else "") + cut + ("…" if start + EXCERPT < len(flat) else "")
