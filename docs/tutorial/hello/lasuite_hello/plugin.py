from __future__ import annotations

import uuid

from litestar import get, post
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.plugins import CurrentActor, DbSession, Model, Permission, Plugin, PluginContext


class Greeting(Model):
    __tablename__ = "hello_greeting"  # tables are named <id>_…

    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("core_organization.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(200))


@get("/greetings", permission="hello.greeting.read")
async def list_greetings(db: DbSession, actor: CurrentActor) -> list[str]:
    # Every query names the caller's organization: the tables are shared by all of them.
    greetings = select(Greeting.text).where(Greeting.organization_id == actor.organization_id)
    return list(await db.scalars(greetings.order_by(Greeting.created_at)))


@post("/greetings", permission="hello.greeting.create")
async def greet(db: DbSession, actor: CurrentActor) -> dict[str, str]:
    greeting = Greeting(organization_id=actor.organization_id, text=f"Hello, {actor.display_name}")
    db.add(greeting)
    return {"text": greeting.text}


def setup(ctx: PluginContext) -> None:
    ctx.add_models(Greeting)
    ctx.add_permissions(
        Permission(
            name="hello.greeting.read",
            description="Read greetings",
            default_roles=("owner", "admin", "member", "guest"),
        ),
        Permission(
            name="hello.greeting.create",
            description="Greet",
            default_roles=("owner", "admin", "member"),
        ),
    )
    ctx.add_routes(list_greetings, greet)


plugin = Plugin(
    id="hello", name="Hello", description="Says hello.", requires_api=">=1.0,<2", setup=setup
)
