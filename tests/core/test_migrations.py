"""One Alembic history for the core and every plugin, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import inspect

from lasuite.db.base import metadata
from lasuite.db.engine import Database
from lasuite.db.migrations import MigrationDrift, check, downgrade, migration_only, upgrade
from lasuite.plugin_host.registry import Registry
from tests.core.distributions import install_distribution, run_lasuite
from tests.core.hello_distribution import MIGRATION, PLUGIN, core_head


async def tables_of(url: str) -> set[str]:
    database = Database(url)
    try:
        async with database.engine.connect() as connection:
            names = await connection.run_sync(lambda c: inspect(c).get_table_names())
    finally:
        await database.dispose()
    return {n for n in names if n != "alembic_version" and not migration_only(metadata, n)}


def expected_tables(registry: Registry) -> set[str]:
    loaded = {r.id for r in registry.loaded} | {"core"}
    return {name for name in metadata.tables if name.split("_", 1)[0] in loaded}


async def test_upgrade_downgrade_and_upgrade_again(
    lasuite_database_url: str, lasuite_registry: Registry
) -> None:
    url = lasuite_database_url

    await asyncio.to_thread(upgrade, url, lasuite_registry)
    after_upgrade = await tables_of(url)
    await asyncio.to_thread(downgrade, url, lasuite_registry, "base")
    after_downgrade = await tables_of(url)
    await asyncio.to_thread(upgrade, url, lasuite_registry)
    after_second_upgrade = await tables_of(url)

    assert after_upgrade == expected_tables(lasuite_registry)
    assert {"core_user", "chat_channel", "docs_document", "visio_room"} <= after_upgrade
    assert after_downgrade == set()
    assert after_second_upgrade == after_upgrade


async def test_models_and_migrations_agree(
    lasuite_database_url: str, lasuite_registry: Registry
) -> None:
    await asyncio.to_thread(upgrade, lasuite_database_url, lasuite_registry)

    await asyncio.to_thread(check, lasuite_database_url, lasuite_registry)


async def test_one_plugin_branch_downgrades_alone(
    lasuite_database_url: str, lasuite_registry: Registry
) -> None:
    await asyncio.to_thread(upgrade, lasuite_database_url, lasuite_registry)

    await asyncio.to_thread(downgrade, lasuite_database_url, lasuite_registry, "chat@base")
    tables = await tables_of(lasuite_database_url)

    assert "chat_channel" not in tables
    assert {"core_user", "docs_document"} <= tables


async def test_check_fails_on_an_unmigrated_database(
    lasuite_database_url: str, lasuite_registry: Registry
) -> None:
    with pytest.raises(MigrationDrift):
        await asyncio.to_thread(check, lasuite_database_url, lasuite_registry)


def test_check_lists_the_difference_when_a_model_drifts(tmp_path: Path) -> None:
    site = tmp_path / "site"
    drifted = PLUGIN.replace(
        "    text: Mapped[str] = mapped_column(String(80))",
        "    text: Mapped[str] = mapped_column(String(80))\n"
        "    mood: Mapped[str] = mapped_column(String(20))",
    )
    install_distribution(
        site,
        name="lasuite-hello",
        version="0.3.0",
        entry_points={"hello": "hello_plugin.plugin:plugin"},
        files={
            "hello_plugin/__init__.py": "",
            "hello_plugin/plugin.py": drifted,
            "hello_plugin/migrations/versions/hello0001_greetings.py": MIGRATION.format(
                core_head=core_head()
            ),
        },
    )
    var = tmp_path / "var"
    assert run_lasuite(site, var, "db", "upgrade").returncode == 0

    result = run_lasuite(site, var, "db", "check")

    assert result.returncode == 1
    assert "models and migrations differ" in result.stderr
    assert "add_column" in result.stderr
    assert "hello_greeting" in result.stderr
    assert "mood" in result.stderr
