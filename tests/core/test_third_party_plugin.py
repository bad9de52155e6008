"""A plugin from outside the workspace is discovered, migrated, mounted and listed."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.core.distributions import run_lasuite, run_python
from tests.core.hello_distribution import install_hello

pytestmark = pytest.mark.processes


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_hello(tmp_path_factory.mktemp("site"))


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
