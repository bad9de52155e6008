"""Templates: pages offered as the start of new ones. A page's administrators make it a
template; whoever may read it sees it among the templates and starts a page with its
content (the new page is theirs alone, like any new page). A template open to the
organization by its link is everyone's."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import Actor, Problem
from lasuite_docs import services, store, tree
from lasuite_docs.access import readable
from lasuite_docs.models import Document


class NotATemplate(Problem):
    code = "docs.not_a_template"
    status = 409
    message = "This page is not a template."


PROBLEMS: tuple[type[Problem], ...] = (NotATemplate,)


async def listed(db: AsyncSession, actor: Actor) -> list[Document]:
    """The templates ``actor`` may read, by title."""
    return list(
        await db.scalars(
            select(Document)
            .where(
                *tree.live(actor.organization_id),
                Document.is_template,
                Document.id.in_(readable(actor)),
            )
            .order_by(Document.title, Document.id)
        )
    )


async def content_of(db: AsyncSession, actor: Actor, template_id: uuid.UUID) -> bytes:
    """The template's content as it is now, as one Yjs update (404 when ``actor`` may not
    read it; a page that is not a template is not one)."""
    access = await services.document_for(db, actor, template_id)
    if not access.document.is_template:
        raise NotATemplate()
    doc, _ = await store.load(db, access.document.id)
    update: bytes = doc.get_update()
    return update
