"""The checks every plugin should pass, as a test class to inherit.

Example, in a plugin's tests::

    from lasuite.testing import PluginContract

    class TestContract(PluginContract):
        plugin_id = "polls"

pytest then runs, for that plugin: its routes answer 404 in an organization that has it
switched off; its migrations have one head and match its models (on each test
database); every one of its tables belongs to an organization (or says it is the
installation's own).
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import pytest
from alembic.script import ScriptDirectory
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import Table

from lasuite.db.base import metadata
from lasuite.db.migrations import alembic_config, check, upgrade
from lasuite.plugin_host.registry import PluginRecord, Registry
from lasuite.testing.members import MemberFactory


class PluginContract:
    """Inherit it in a test module and set ``plugin_id``."""

    plugin_id: ClassVar[str] = ""

    def _record(self, registry: Registry) -> PluginRecord:
        record = registry.get(self.plugin_id)
        assert record is not None, f"plugin {self.plugin_id!r} is not installed"
        assert record.status == "ok", record.reason
        return record

    async def test_its_routes_answer_404_where_it_is_switched_off(
        self,
        lasuite_app: Litestar,
        lasuite_client: AsyncTestClient[Litestar],
        make_member: MemberFactory,
    ) -> None:
        owner = await make_member(role="owner")
        await owner.sign_in(lasuite_client)
        switched = await lasuite_client.put(
            f"/api/v1/orgs/current/plugins/{self.plugin_id}", json={"enabled": False}
        )
        assert switched.status_code == 200, switched.text
        paths = _plain_get_paths(lasuite_app, self.plugin_id)
        if not paths:
            pytest.skip(f"plugin {self.plugin_id!r} has no GET route without parameters")
        answers = {path: (await lasuite_client.get(path)).status_code for path in paths}
        assert answers == dict.fromkeys(paths, 404)

    async def test_its_migrations_have_one_head_and_match_its_models(
        self, lasuite_registry: Registry, lasuite_database_url: str
    ) -> None:
        record = self._record(lasuite_registry)
        if not record.contributions.models:
            return
        config = alembic_config(lasuite_database_url, lasuite_registry)
        script = ScriptDirectory.from_config(config)
        heads = [head for head in script.get_heads() if self.plugin_id in _labels(script, head)]
        assert len(heads) == 1, f"branch {self.plugin_id!r} has the heads {heads}"
        # Alembic runs an event loop of its own: in a thread.
        await asyncio.to_thread(upgrade, lasuite_database_url, lasuite_registry)
        await asyncio.to_thread(check, lasuite_database_url, lasuite_registry)

    def test_its_tables_belong_to_an_organization(self, lasuite_registry: Registry) -> None:
        self._record(lasuite_registry)
        tables = [t for t in metadata.tables.values() if t.name.startswith(f"{self.plugin_id}_")]
        orphaned = [
            t.name
            for t in tables
            if not t.info.get("installation_wide") and not _reaches_an_organization(t, set())
        ]
        assert orphaned == [], (
            "every table of a plugin holds one organization's data: give these an "
            "organization_id column, or a foreign key to a table of the plugin that has one "
            "(a table of the installation's own, such as a record of received webhooks, says "
            "so with __table_args__ = ({'info': {'installation_wide': True}},))"
        )


def _plain_get_paths(app: Litestar, plugin_id: str) -> list[str]:
    """The plugin's GET routes that take no path parameter."""
    prefix = f"/api/v1/{plugin_id}/"
    return sorted(
        route.path
        for route in app.routes
        if route.path.startswith(prefix)
        and "{" not in route.path
        and "GET" in getattr(route, "methods", ())
    )


def _labels(script: ScriptDirectory, revision: str) -> set[str]:
    return {
        label for rev in script.iterate_revisions(revision, "base") for label in rev.branch_labels
    }


def _reaches_an_organization(table: Table, seen: set[str]) -> bool:
    if "organization_id" in table.columns:
        return True
    seen.add(table.name)
    referred: list[Any] = [fk.column.table for fk in table.foreign_keys]
    return any(
        isinstance(other, Table)
        and other.name not in seen
        and other.name.split("_", 1)[0] == table.name.split("_", 1)[0]
        and _reaches_an_organization(other, seen)
        for other in referred
    )
