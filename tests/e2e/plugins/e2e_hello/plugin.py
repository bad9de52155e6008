"""A plugin with a navigation entry, a home widget, a page, a create-menu item, API
routes, and settings with their own admin element."""

from __future__ import annotations

from typing import Literal

from litestar import get, post
from pydantic import BaseModel, Field, field_validator

from lasuite.plugins import CurrentActor, Fragment, Permission, Plugin, PluginContext

from .waves import add_waves

GREETINGS: dict[str, int] = {}


class HelloSettings(BaseModel):
    """One field of each kind the admin form generates."""

    greeting: str = Field(
        default="Bonjour {name}",
        min_length=1,
        max_length=40,
        description="Shown on the home page; {name} is the reader's name.",
    )
    per_day: int = Field(default=3, ge=1, le=10, description="Greetings per person and day.")
    warmth: float = Field(default=0.5, ge=0, le=1)
    loud: bool = False
    tone: Literal["formal", "casual"] = "formal"
    signatures: list[str] = Field(default_factory=list)

    @field_validator("greeting")
    @classmethod
    def names_the_reader(cls, value: str) -> str:
        # Checked on the server only: the form shows the API's message for the field.
        if "{name}" not in value:
            raise ValueError("the greeting must contain {name}")
        return value


@get("/greeting", permission="hello.greeting.read")
async def greeting(actor: CurrentActor) -> dict[str, str]:
    return {"name": actor.display_name}


@post("/greetings", permission="hello.greeting.read", status_code=200)
async def greet(actor: CurrentActor) -> dict[str, int]:
    key = str(actor.user_id)
    GREETINGS[key] = GREETINGS.get(key, 0) + 1
    return {"count": GREETINGS[key]}


def setup(ctx: PluginContext) -> None:
    ctx.add_permissions(
        Permission(
            name="hello.greeting.read",
            description="Be greeted",
            default_roles=("owner", "admin", "member", "guest"),
        )
    )
    ctx.add_routes(greeting, greet)
    ctx.add_settings(HelloSettings)
    ctx.add_fragments(
        Fragment(slot="nav", element="hello-nav", module="hello.js"),
        Fragment(slot="home.widget", element="hello-widget", module="hello.js"),
        Fragment(slot="app", element="hello-page", module="hello.js"),
        Fragment(slot="notification", element="hello-notification", module="hello.js"),
        Fragment(slot="create.menu", element="hello-create", module="hello.js"),
        Fragment(slot="settings.org", element="hello-settings", module="hello.js"),
    )
    add_waves(ctx)


plugin = Plugin(
    id="hello",
    name="Bonjour",
    description="Greets you; a test plugin with a UI.",
    requires_api=">=1.0,<2",
    setup=setup,
)
