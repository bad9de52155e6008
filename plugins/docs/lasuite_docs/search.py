"""Docs in the workspace's unified search: documents whose title holds the words."""

from __future__ import annotations

from sqlalchemy import case, func, select

from lasuite.plugins import SearchContext, SearchQuery, SearchResult
from lasuite_docs.access import readable
from lasuite_docs.models import Document
from lasuite_docs.tree import live

READ = "docs.document.read"


async def search_documents(query: SearchQuery, context: SearchContext) -> list[SearchResult]:
    """Documents the actor may read (not in the trash) whose title contains ``query.text``
    (``%`` and ``_`` taken literally): the exact title first (score 3), then titles
    starting with it (2), then the others (1), the newest first within each."""
    actor = context.actor
    if not actor.can(READ):
        return []
    text = query.text
    score = case(
        (func.lower(Document.title) == text.lower(), 3.0),
        (Document.title.istartswith(text, autoescape=True), 2.0),
        else_=1.0,
    )
    rows = await context.db.execute(
        select(Document, score)
        .where(
            *live(actor.organization_id),
            Document.id.in_(readable(actor)),
            Document.title.icontains(text, autoescape=True),
        )
        .order_by(score.desc(), Document.created_at.desc(), Document.id)
        .limit(query.limit)
    )
    return [
        SearchResult(
            kind="document",
            id=str(document.id),
            title=document.title,
            excerpt="",
            url=f"/docs/{document.id}",
            updated_at=document.created_at,
            score=float(points),
        )
        for document, points in rows
    ]
