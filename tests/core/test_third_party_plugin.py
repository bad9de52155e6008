"""A plugin from outside the workspace is discovered, migrated, mounted and listed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from lasuite.db.migrations import CORE_MIGRATIONS
from tests.core.distributions import install_distribution, run_lasuite, run_python

pytestmark = pytest.mark.processes


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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    install_distribution(
        site,
        name="lasuite-hello",
        version="0.3.0",
        entry_points={"hello": "hello_plugin.plugin:plugin"},
        files={
            "hello_plugin/__init__.py": "",
            "hello_plugin/plugin.py": PLUGIN,
            "hello_plugin/migrations/versions/hello0001_greetings.py": MIGRATION.format(
                core_head=core_head()
            ),
        },
    )
    return site


def test_plugins_list_shows_the_installed_plugin(site: Path, tmp_path: Path) -> None:
    result = run_lasuite(site, tmp_path / "var", "plugins", "list", "--json")

    hello = next(p for p in json.loads(result.stdout) if p["id"] == "hello")
    assert hello["status"] == "ok", hello["reason"]
    assert (hello["version"], hello["distribution"]) == ("0.3.0", "lasuite-hello")
    assert hello["requires_api"] == ">=1.0,<2"
    assert hello["permissions"] == ["hello.greeting.read"]


def test_db_upgrade_creates_the_plugin_table_and_check_is_clean(site: Path, tmp_path: Path) -> None:
    var = tmp_path / "var"

    upgraded = run_lasuite(site, var, "db", "upgrade")
    checked = run_lasuite(site, var, "db", "check")

    assert upgraded.returncode == 0, upgraded.stderr
    with sqlite3.connect(var / "lasuite.db") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        versions = {row[0] for row in db.execute("SELECT version_num FROM alembic_version")}
    assert "hello_greeting" in tables
    assert "hello0001" in versions
    assert checked.returncode == 0, checked.stderr


def test_routes_are_mounted_under_the_plugin_id_and_documented(site: Path, tmp_path: Path) -> None:
    var = tmp_path / "var"
    assert run_lasuite(site, var, "db", "upgrade").returncode == 0

    result = run_python(
        site,
        var,
        """
        import json
        from litestar.testing import TestClient
        from lasuite.app import create_app

        with TestClient(create_app()) as client:
            ping = client.get("/api/v1/hello/ping")
            schema = client.get("/api/docs/openapi.json").json()
        print(json.dumps({"status": ping.status_code, "body": ping.json(),
                          "paths": sorted(schema["paths"])}))
        """,
    )

    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 200
    assert outcome["body"] == {"greetings": 0}
    assert "/api/v1/hello/ping" in outcome["paths"]
