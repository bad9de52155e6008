"""Each broken plugin is refused with one line naming it, the problem and the fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lasuite.plugins import API_VERSION
from tests.core.distributions import install_distribution, run_lasuite

pytestmark = pytest.mark.processes


def plugin_source(plugin_id: str, *, requires_api: str = ">=1.0,<2", extra: str = "") -> str:
    return f'''
from lasuite.plugins import Plugin
{extra}

def setup(ctx):
    pass

plugin = Plugin(id="{plugin_id}", name="{plugin_id}", requires_api="{requires_api}",
                setup=setup{", depends={'ghost': '>=1'}" if plugin_id == "needy" else ""})
'''


TABLE_WITHOUT_MIGRATION = """
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from lasuite.plugins import Model, Plugin


class Thing(Model):
    __tablename__ = "nomig_thing"
    label: Mapped[str] = mapped_column(String(10))


def setup(ctx):
    ctx.add_models(Thing)

plugin = Plugin(id="nomig", name="No migrations", requires_api=">=1.0,<2", setup=setup)
"""

UNDECLARED_ROUTE = """
from litestar import get
from lasuite.plugins import Plugin

@get("/open")
async def wide_open() -> str:
    return "anyone"

def setup(ctx):
    ctx.add_routes(wide_open)

plugin = Plugin(id="leaky", name="Leaky", requires_api=">=1.0,<2", setup=setup)
"""

MISNAMED_DEPENDENCY = """
from litestar import post
from lasuite.plugins import CurrentActor, Notifications, Plugin

@post("/wave", permission="misnamed.wave.send")
async def wave(actor: CurrentActor, notifications: Notifications) -> None:
    pass

def setup(ctx):
    ctx.add_routes(wave)

plugin = Plugin(id="misnamed", name="Misnamed", requires_api=">=1.0,<2", setup=setup)
"""

SQUATTED_TABLE = """
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from lasuite.plugins import Model, Plugin


class Vote(Model):
    __tablename__ = "chat_vote"
    label: Mapped[str] = mapped_column(String(10))


plugin = Plugin(id="squatter", name="Squatter", requires_api=">=1.0,<2", setup=lambda ctx: None)
"""

CASES = {
    "importerror": (
        "import of 'importerror_plugin.plugin:plugin' failed at importerror_plugin/plugin.py:3: "
        "ModuleNotFoundError",
        "install what lasuite-importerror needs",
    ),
    "future": (
        f"requires plugin API >=2.0,<3 but this core provides {API_VERSION}",
        f"install a version of lasuite-future made for plugin API {API_VERSION}",
    ),
    "needy": ("depends on plugin 'ghost', which is not installed", "install the plugin 'ghost'"),
    "twin": ("id 'twin' is claimed by several distributions", "uninstall all but one of them"),
    "nomig": (
        "declares tables but ships no migration branch labelled 'nomig'",
        "add an Alembic revision with branch_labels=('nomig',)",
    ),
    "leaky": (
        "route /api/v1/leaky/open (wide_open) declares no permission",
        "add permission='leaky.<resource>.<action>' or public=True",
    ),
    "squatter": (
        "its code declares the table(s) chat_vote outside its namespace",
        "name its tables 'squatter_…'",
    ),
    "typo": (
        "import of 'typo_plugin.plugin:plugin' failed at typo_plugin/plugin.py:3: SyntaxError",
        "fix the error in its code",
    ),
    "misnamed": (
        "route /api/v1/misnamed/wave (wave): parameter 'notifications: Notifications' "
        "names no dependency",
        "name it 'notifier: Notifications'",
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")

    def install(plugin_id: str, source: str, dist: str | None = None) -> None:
        package = f"{(dist or plugin_id).replace('-', '_')}_plugin"
        install_distribution(
            site,
            name=f"lasuite-{dist or plugin_id}",
            version="1.0.0",
            entry_points={plugin_id: f"{package}.plugin:plugin"},
            files={f"{package}/__init__.py": "", f"{package}/plugin.py": source},
        )

    install("importerror", plugin_source("importerror", extra="import not_installed_anywhere"))
    install("future", plugin_source("future", requires_api=">=2.0,<3"))
    install("needy", plugin_source("needy"))
    install("twin", plugin_source("twin"))
    install("twin", plugin_source("twin"), dist="twin-fork")
    install("nomig", TABLE_WITHOUT_MIGRATION)
    install("leaky", UNDECLARED_ROUTE)
    install("misnamed", MISNAMED_DEPENDENCY)
    install("squatter", SQUATTED_TABLE)
    install("typo", plugin_source("typo", extra="def broken(:"))
    return site


@pytest.fixture(scope="module")
def listed(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    result = run_lasuite(site, tmp_path_factory.mktemp("var"), "plugins", "list", "--json")
    assert result.returncode == 0, result.stderr
    records: dict[str, list[dict[str, str]]] = {}
    for record in json.loads(result.stdout):
        records.setdefault(record["id"], []).append(record)
    return records


@pytest.mark.parametrize("plugin_id", sorted(CASES))
def test_plugins_list_shows_the_broken_plugin_with_problem_and_fix(
    listed: dict[str, list[dict[str, str]]], plugin_id: str
) -> None:
    problem, fix = CASES[plugin_id]

    for record in listed[plugin_id]:
        assert record["status"] == "broken"
        assert record["reason"].startswith(f"plugin '{plugin_id}' (lasuite-")
        assert problem in record["reason"]
        assert f"— fix: {fix}" in record["reason"]


def test_the_check_fails_on_a_broken_plugin_and_passes_without_one(
    site: Path, tmp_path: Path
) -> None:
    broken = run_lasuite(site, tmp_path / "broken", "plugins", "list", "--check")
    healthy = run_lasuite(
        tmp_path / "empty-site", tmp_path / "healthy", "plugins", "list", "--check"
    )

    assert broken.returncode == 1, broken.stderr
    assert "leaky" in broken.stdout
    assert healthy.returncode == 0, healthy.stderr
    assert "broken" not in healthy.stdout


def test_both_distributions_claiming_one_id_are_refused(
    listed: dict[str, list[dict[str, str]]],
) -> None:
    assert sorted(r["distribution"] for r in listed["twin"]) == [
        "lasuite-twin",
        "lasuite-twin-fork",
    ]


def test_healthy_plugins_still_load_beside_broken_ones(
    listed: dict[str, list[dict[str, str]]],
) -> None:
    # chat too, whose namespace the squatter took a table in
    assert listed["chat"][0]["status"] == "ok"


def test_run_refuses_to_start_with_one_line_per_broken_plugin(site: Path, tmp_path: Path) -> None:
    result = run_lasuite(site, tmp_path / "var", "run", "--port", "1")

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "lasuite cannot start, a plugin is broken:"
    for plugin_id, (problem, _) in CASES.items():
        assert any(line.startswith(f"plugin '{plugin_id}'") and problem in line for line in lines)


def test_db_commands_still_work_with_broken_plugins(site: Path, tmp_path: Path) -> None:
    upgraded = run_lasuite(site, tmp_path / "var", "db", "upgrade")

    assert upgraded.returncode == 0, upgraded.stderr


def test_a_disabled_broken_plugin_no_longer_blocks(site: Path, tmp_path: Path) -> None:
    var = tmp_path / "var"
    assert run_lasuite(site, var, "db", "upgrade").returncode == 0

    disabled = run_lasuite(site, var, "plugins", "disable", "importerror")
    listed = json.loads(run_lasuite(site, var, "plugins", "list", "--json").stdout)

    assert disabled.returncode == 0, disabled.stderr
    record = next(r for r in listed if r["id"] == "importerror")
    assert record["status"] == "disabled"
