"""Access requests over HTTP: ask for a role on a page one reached by its link, and the
page's administrators list, accept or refuse them."""

from __future__ import annotations

import uuid
from datetime import datetime

import msgspec
from litestar import delete, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import (
    Actor,
    CurrentActor,
    DbSession,
    Events,
    Notifications,
    display_names,
)
from lasuite_docs import access_requests, services, tree
from lasuite_docs.access import READ, SHARE, LinkRole, Role
from lasuite_docs.access_routes import AccessOut, OwnersOnly, announce_access
from lasuite_docs.models import AccessRequest, Document
from lasuite_docs.rooms import Rooms


class RequestIn(msgspec.Struct, forbid_unknown_fields=True):
    role: LinkRole


class AcceptIn(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    role: Role | None = None
    """The role given: the one asked for without it."""


class RequestOut(msgspec.Struct):
    id: uuid.UUID
    document_id: uuid.UUID
    user_id: uuid.UUID
    name: str
    role: str
    created_at: datetime


REQUESTS = "/documents/{document_id:uuid}/access-requests"
REQUEST = REQUESTS + "/{request_id:uuid}"


async def _reached(db: AsyncSession, actor: Actor, document_id: uuid.UUID) -> Document:
    """The organization's page (not in the trash), whether the actor may open it or not:
    they hold its link."""
    document = await services.get_document(db, actor.organization_id, document_id)
    if document is None:
        raise NotFoundException("No such document.")
    return document


async def _shown(db: AsyncSession, requests: list[AccessRequest]) -> list[RequestOut]:
    """The requests with their requesters' names (read in one query)."""
    names = await display_names(db, {r.user_id for r in requests})
    return [
        RequestOut(r.id, r.document_id, r.user_id, names.get(r.user_id, ""), r.role, r.created_at)
        for r in requests
    ]


@post(REQUESTS, permission=READ)
async def ask_for_access(
    document_id: FromPath[uuid.UUID],
    data: JSONBody[RequestIn],
    db: DbSession,
    actor: CurrentActor,
    notifier: Notifications,
) -> RequestOut:
    """Ask the page's administrators for a role on it (anyone of the organization who has
    its link); asking again changes the role asked. They are told once per role asked."""
    document = await _reached(db, actor, document_id)
    request, news = await access_requests.ask(db, actor, document, data.role)
    if news:
        await access_requests.tell_administrators(db, notifier, actor, document, data.role)
    (shown,) = await _shown(db, [request])
    return shown


@get(REQUESTS, permission=READ)
async def list_access_requests(
    document_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor
) -> list[RequestOut]:
    """Who asks for a role on the page, oldest first (its administrators)."""
    access = await services.document_for(db, actor, document_id, SHARE)
    return await _shown(db, await access_requests.pending(db, access.document))


@post(REQUEST + "/accept", permission=READ, status_code=200)
async def accept_access_request(
    document_id: FromPath[uuid.UUID],
    request_id: FromPath[uuid.UUID],
    data: JSONBody[AcceptIn],
    actor: CurrentActor,
    events: Events,
    notifier: Notifications,
    rooms: NamedDependency[Rooms],
) -> AccessOut:
    """Give the requester the role they asked for, or ``role`` (the page's administrators;
    owners for the owner role). Their open pages follow at once."""
    async with rooms.database.transaction() as db:
        access = await services.document_for(db, actor, document_id, SHARE)
        request = await access_requests.one(db, access.document, request_id)
        role = data.role or request.role
        if role == "owner" and access.role != "owner":
            raise OwnersOnly()
        requester = request.user_id
        granted = await access_requests.grant(db, access.document, request, role)
        subtree = await tree.subtree(db, access.document)
        await announce_access(db, events, access, requester)
        await access_requests.tell_requester(db, notifier, actor, access.document, requester)
        name = (await display_names(db, [requester])).get(requester, "")
        shown = AccessOut(granted.id, granted.role, requester, None, name, document_id)
    await rooms.access_changed(subtree)
    return shown


@delete(REQUEST, permission=READ)
async def refuse_access_request(
    document_id: FromPath[uuid.UUID],
    request_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
) -> None:
    """Refuse a request (the page's administrators), or take back one's own."""
    document = await _reached(db, actor, document_id)
    request = await access_requests.one(db, document, request_id)
    if request.user_id != actor.user_id:
        await services.document_for(db, actor, document_id, SHARE)
    await db.delete(request)


ACCESS_REQUEST_ROUTES = [
    ask_for_access,
    list_access_requests,
    accept_access_request,
    refuse_access_request,
]
