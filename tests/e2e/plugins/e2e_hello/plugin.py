"""A plugin with a navigation entry, a home widget, a page and one API route."""

from __future__ import annotations

from litestar import get, post

from lasuite.plugins import CurrentActor, Fragment, Permission, Plugin, PluginContext

GREETINGS: dict[str, int] = {}


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
    ctx.add_fragments(
        Fragment(slot="nav", element="hello-nav", module="hello.js"),
        Fragment(slot="home.widget", element="hello-widget", module="hello.js"),
        Fragment(slot="app", element="hello-page", module="hello.js"),
    )


plugin = Plugin(
    id="hello",
    name="Bonjour",
    description="Greets you; a test plugin with a UI.",
    requires_api=">=1.0,<2",
    setup=setup,
)
