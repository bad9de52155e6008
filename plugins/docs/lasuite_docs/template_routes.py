"""Templates over HTTP: the templates one may start a page from, and making a page one.
A page starts from a template with ``POST /documents {"template_id": …}``."""

from __future__ import annotations

import uuid

import msgspec
from litestar import get, put
from litestar.params import FromPath, JSONBody

from lasuite.plugins import CurrentActor, DbSession
from lasuite_docs import services, templates
from lasuite_docs.access import READ, SHARE
from lasuite_docs.routes import DocumentOut


class TemplateIn(msgspec.Struct, forbid_unknown_fields=True):
    is_template: bool


@get("/templates", permission=READ)
async def list_templates(db: DbSession, actor: CurrentActor) -> list[DocumentOut]:
    """The templates the caller may start a page from, by title."""
    return [DocumentOut.of(d) for d in await templates.listed(db, actor)]


@put("/documents/{document_id:uuid}/template", permission=READ, status_code=200)
async def set_template(
    document_id: FromPath[uuid.UUID], data: JSONBody[TemplateIn], db: DbSession, actor: CurrentActor
) -> DocumentOut:
    """Offer the page as a template to whoever may read it, or stop (its administrators)."""
    access = await services.document_for(db, actor, document_id, SHARE)
    access.document.is_template = data.is_template
    await db.flush()
    return DocumentOut.seen(access)


TEMPLATE_ROUTES = [list_templates, set_template]
