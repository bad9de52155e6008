"""A plugin used by the docs tests: it writes meeting notes through the docs plugin's
``DocsPages`` service and records the docs events it hears."""

from __future__ import annotations

import uuid
from importlib.metadata import EntryPoint

import msgspec
from litestar import post
from litestar.params import JSONBody

from lasuite.plugins import (
    CurrentActor,
    DbSession,
    Event,
    EventContext,
    Events,
    Permission,
    Plugin,
    PluginContext,
)
from lasuite_docs.api import DocsPages

HEARD: list[tuple[str, uuid.UUID]] = []
"""(event name, document id) of every docs event heard, in order."""

NAMES = (
    "docs.document.created",
    "docs.document.renamed",
    "docs.document.trashed",
    "docs.document.restored",
    "docs.document.access_changed",
)


class NotesIn(msgspec.Struct):
    title: str
    paragraphs: list[str]


def setup(ctx: PluginContext) -> None:
    pages = ctx.require(DocsPages)  # type: ignore[type-abstract]

    @post("/notes", permission="notes.page.write", status_code=201)
    async def write_notes(
        data: JSONBody[NotesIn], db: DbSession, actor: CurrentActor, events: Events
    ) -> dict[str, str]:
        page_id = await pages.create_page(
            db,
            events,
            organization_id=actor.organization_id,
            owner_id=actor.user_id,
            title=data.title,
            paragraphs=data.paragraphs,
        )
        return {"id": str(page_id)}

    async def hear(event: Event, context: EventContext) -> None:
        HEARD.append((event.name, event.document_id))  # type: ignore[attr-defined]

    ctx.add_permissions(
        Permission(name="notes.page.write", description="Write notes", default_roles=("member",))
    )
    ctx.add_routes(write_notes)
    for name in NAMES:
        ctx.on_event(name, handler=hear)


notes = Plugin(id="notes", name="Notes", requires_api=">=1.0,<2", depends={"docs": ""}, setup=setup)
ENTRY_POINT = EntryPoint(
    name="notes", value="tests.plugins.docs.notes_plugin:notes", group="lasuite.plugins"
)
