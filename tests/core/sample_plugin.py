"""A plugin used by the core's tests: settings, fragments, a dependency, hooks, a policy."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from importlib.metadata import EntryPoint

from litestar import get
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.plugins import (
    CurrentActor,
    Fragment,
    Permission,
    Plugin,
    PluginContext,
    authorize,
)

HOOK_CALLS: list[tuple[str, uuid.UUID]] = []


class SampleSettings(BaseModel):
    greeting: str = Field(default="Bonjour", max_length=40)
    max_items: int = Field(default=10, ge=1, le=100)


@dataclass
class Note:
    organization_id: uuid.UUID
    owner_id: uuid.UUID


def note_policy(actor, action, note: Note) -> bool | None:
    if action == "sample.note.edit":
        return note.owner_id == actor.user_id
    return None


@get("/hello", permission="sample.greeting.read")
async def hello(actor: CurrentActor) -> dict[str, str]:
    return {"hello": actor.display_name}


@get("/notes/mine", permission="sample.greeting.read")
async def edit_own_note(actor: CurrentActor) -> dict[str, bool]:
    authorize(actor, "sample.note.edit", Note(actor.organization_id, actor.user_id))
    return {"edited": True}


@get("/notes/other", permission="sample.greeting.read")
async def edit_other_note(actor: CurrentActor) -> dict[str, bool]:
    authorize(actor, "sample.note.edit", Note(actor.organization_id, uuid.uuid4()))
    return {"edited": True}


@get("/notes/foreign", permission="sample.greeting.read")
async def read_foreign_note(actor: CurrentActor) -> dict[str, bool]:
    authorize(actor, "sample.greeting.read", Note(uuid.uuid4(), actor.user_id))
    return {"read": True}


async def enabled(db: AsyncSession, organization_id: uuid.UUID) -> None:
    HOOK_CALLS.append(("enable", organization_id))


async def disabled(db: AsyncSession, organization_id: uuid.UUID) -> None:
    HOOK_CALLS.append(("disable", organization_id))


def setup(ctx: PluginContext) -> None:
    ctx.add_permissions(
        Permission(
            name="sample.greeting.read",
            description="Be greeted",
            default_roles=("owner", "admin", "member"),
        ),
        Permission(name="sample.note.edit", description="Edit notes", default_roles=("owner",)),
    )
    ctx.add_routes(hello, edit_own_note, edit_other_note, read_foreign_note)
    ctx.add_settings(SampleSettings)
    ctx.add_fragments(
        Fragment(slot="nav", element="sample-nav", module="sample.js"),
        Fragment(slot="home.widget", element="sample-widget", module="widgets/today.js"),
    )
    ctx.add_policy(Note, policy=note_policy)
    ctx.on_enable(enabled)
    ctx.on_disable(disabled)


plugin = Plugin(
    id="sample",
    name="Sample",
    requires_api=">=1.0,<2",
    depends={"chat": ""},
    setup=setup,
)

ENTRY_POINT = EntryPoint(
    name="sample", value="tests.core.sample_plugin:plugin", group="lasuite.plugins"
)
