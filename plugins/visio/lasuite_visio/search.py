"""Visio in the workspace's unified search: rooms whose name or link holds the words."""

from __future__ import annotations

from sqlalchemy import case, func, or_, select

from lasuite.plugins import SearchContext, SearchQuery, SearchResult
from lasuite_visio.models import Room

READ = "visio.room.read"


async def search_rooms(query: SearchQuery, context: SearchContext) -> list[SearchResult]:
    """Rooms of the actor's organization whose name or slug contains ``query.text``
    (``%`` and ``_`` taken literally): the exact name or slug first (score 3), then
    names starting with it (2), then the others (1), the newest first within each."""
    actor = context.actor
    if not actor.can(READ):
        return []
    text = query.text
    score = case(
        (or_(func.lower(Room.name) == text.lower(), Room.slug == text.lower()), 3.0),
        (Room.name.istartswith(text, autoescape=True), 2.0),
        else_=1.0,
    )
    rows = await context.db.execute(
        select(Room, score)
        .where(
            Room.organization_id == actor.organization_id,
            or_(
                Room.name.icontains(text, autoescape=True),
                Room.slug.icontains(text, autoescape=True),
            ),
        )
        .order_by(score.desc(), Room.created_at.desc(), Room.id)
        .limit(query.limit)
    )
    return [
        SearchResult(
            kind="room",
            id=str(room.id),
            title=room.name,
            excerpt=room.slug,
            url=f"/visio/{room.slug}",
            updated_at=room.created_at,
            score=float(points),
        )
        for room, points in rows
    ]
