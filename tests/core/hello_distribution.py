"""A third-party plugin, ``hello`` (a table, its migration, a route), as a distribution."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory

from lasuite.db.migrations import CORE_MIGRATIONS
from tests.core.distributions import install_distribution


def core_head() -> str:
    config = Config()
    config.set_main_option("script_location", str(CORE_MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


PLUGIN = """
from litestar import get
from sqlalchemy import String, func, select
from sqlalchemy.orm import Mapped, mapped_column

from lasuite.plugins import DbSession, Model, Permission, Plugin, PluginContext


class Greeting(Model):
    __tablename__ = "hello_greeting"
    text: Mapped[str] = mapped_column(String(80))


@get("/ping", public=True)
async def ping(db: DbSession) -> dict[str, int]:
    return {"greetings": await db.scalar(select(func.count()).select_from(Greeting))}


def setup(ctx: PluginContext) -> None:
    ctx.add_models(Greeting)
    ctx.add_permissions(Permission(name="hello.greeting.read", description="Read greetings",
                                   default_roles=("owner", "admin", "member")))
    ctx.add_routes(ping)


plugin = Plugin(id="hello", name="Hello", requires_api=">=1.0,<2", setup=setup)
"""

MIGRATION = """
import sqlalchemy as sa
from alembic import op

revision = "hello0001"
down_revision = None
branch_labels = ("hello",)
depends_on = "{core_head}"


def upgrade() -> None:
    op.create_table(
        "hello_greeting",
        sa.Column("text", sa.String(length=80), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hello_greeting")),
    )


def downgrade() -> None:
    op.drop_table("hello_greeting")
"""


def hello_files() -> dict[str, str]:
    """The package ``hello_plugin``: its module and its first migration."""
    return {
        "hello_plugin/__init__.py": "",
        "hello_plugin/plugin.py": PLUGIN,
        "hello_plugin/migrations/versions/hello0001_greetings.py": MIGRATION.format(
            core_head=core_head()
        ),
    }


def install_hello(site: Path) -> Path:
    """Install ``lasuite-hello`` 0.3.0 into ``site``; returns ``site``."""
    install_distribution(
        site,
        name="lasuite-hello",
        version="0.3.0",
        entry_points={"hello": "hello_plugin.plugin:plugin"},
        files=hello_files(),
    )
    return site
