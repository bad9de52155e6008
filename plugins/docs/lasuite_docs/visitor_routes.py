"""What a visitor reads of a page a public link reaches (signed out, or of another
organization): its title here, its content through the page's websocket, read-only."""

from __future__ import annotations

import uuid

import msgspec
from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from lasuite.plugins import Caller, DbSession
from lasuite_docs import services
from lasuite_docs.access import at_least, role_for


class SharedOut(msgspec.Struct):
    id: uuid.UUID
    title: str
    my_role: str
    """reader for a visitor; a member of the organization gets their own role."""


@get("/shared/{document_id:uuid}", public=True)
async def shared_document(
    document_id: FromPath[uuid.UUID], caller: Caller, db: DbSession
) -> SharedOut:
    """A page as whoever holds its link sees it: a 404 unless they may read it."""
    document = await services.find_document(db, document_id)
    role = None if document is None else await role_for(db, caller, document)
    if document is None or role is None or not at_least(role, "reader"):
        raise NotFoundException("No such document.")
    return SharedOut(document.id, document.title, role)


VISITOR_ROUTES = (shared_document,)
