"""``lasuite plugins remove``: take a plugin off an installation, keeping or purging its data.

Kept, the data waits for the plugin to come back (see ``plugin_host.orphans``). Purged,
the plugin's tables go — through its own migrations down to ``<id>@base`` while it is
installed, by their ``<id>_`` names once it is not — and with them what the core keeps
for it: per-organization switches and settings, role grants of its permissions,
notifications and preferences of its kinds, its jobs and schedules, its stored files.
The audit log keeps its entries.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData, delete
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.engine import Database
from lasuite.db.migrations import alembic_config, downgrade
from lasuite.jobs.models import Job, JobSchedule
from lasuite.notifications.models import Notification, NotificationPreference
from lasuite.plugin_host import orphans
from lasuite.plugin_host.models import DisabledPlugin
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.storage.files import delete_contents
from lasuite.storage.models import StoredFile
from lasuite.storage.store import open_store
from lasuite.tenancy.models import OrganizationPlugin, RoleGrant


class NothingToRemove(Exception):
    """Neither an installed plugin nor the data of one has this id."""


@dataclass(frozen=True, slots=True)
class Removal:
    plugin_id: str
    installed: bool
    purged_tables: tuple[str, ...] = ()
    purged_files: int = 0


async def remove(settings: Settings, registry: Registry, plugin_id: str, *, purge: bool) -> Removal:
    """Disable ``plugin_id`` here (when installed) and, with ``purge``, delete its data."""
    database = Database(settings.database)
    try:
        # Uninstalled since the last migration, its revisions are parked only now.
        script = ScriptDirectory.from_config(alembic_config(settings.database, registry))
        async with database.engine.begin() as connection:
            await connection.run_sync(orphans.reconcile, script)
        left = next(
            (o for o in await orphans.left_behind(database) if o.plugin_id == plugin_id), None
        )
        installed = registry.get(plugin_id) is not None
        if not installed and left is None:
            raise NothingToRemove(
                f"plugin {plugin_id!r} is not installed and has no data on this installation"
            )
        if installed or purge:
            async with database.transaction() as session:
                await _disable(session, plugin_id, keep=installed)
        if not purge:
            return Removal(plugin_id, installed)
        tables = await _drop_tables(database, settings, registry, plugin_id, left)
        files = await _purge_core_rows(database, settings, plugin_id)
        return Removal(plugin_id, installed, tables, files)
    finally:
        await database.dispose()


async def _disable(session: AsyncSession, plugin_id: str, *, keep: bool) -> None:
    """An installed plugin stays disabled (it would otherwise come back on the next start);
    the switch of one no longer installed goes with it."""
    await session.execute(delete(DisabledPlugin).where(DisabledPlugin.plugin_id == plugin_id))
    if keep:
        session.add(DisabledPlugin(plugin_id=plugin_id))


async def _drop_tables(
    database: Database,
    settings: Settings,
    registry: Registry,
    plugin_id: str,
    left: orphans.Orphan | None,
) -> tuple[str, ...]:
    async with database.engine.connect() as connection:
        before = await connection.run_sync(lambda c: _named(c, plugin_id).sorted_tables)
    record = registry.get(plugin_id)
    if record is not None and record.migrations is not None and left is None:
        # Its own downgrades, in a thread: Alembic runs its own event loop.
        await asyncio.to_thread(downgrade, settings.database, registry, f"{plugin_id}@base")
    async with database.engine.begin() as connection:
        await connection.run_sync(lambda c: _named(c, plugin_id).drop_all(c))
        await connection.run_sync(orphans.forget, plugin_id)
    return tuple(table.name for table in before)


def _named(connection: Connection, plugin_id: str) -> MetaData:
    """The tables named ``<plugin_id>_…`` as they are in the database."""
    reflected = MetaData()
    reflected.reflect(connection, only=lambda name, _: name.startswith(f"{plugin_id}_"))
    return reflected


async def _purge_core_rows(database: Database, settings: Settings, plugin_id: str) -> int:
    namespaced = f"{plugin_id}.%"
    async with database.transaction() as session:
        keys = list(
            await session.scalars(
                delete(StoredFile)
                .where(StoredFile.plugin_id == plugin_id)
                .returning(StoredFile.storage_key)
            )
        )
        await session.execute(
            delete(OrganizationPlugin).where(OrganizationPlugin.plugin_id == plugin_id)
        )
        await session.execute(delete(RoleGrant).where(RoleGrant.permission.like(namespaced)))
        await session.execute(delete(Notification).where(Notification.kind.like(namespaced)))
        await session.execute(
            delete(NotificationPreference).where(NotificationPreference.kind.like(namespaced))
        )
        await session.execute(delete(JobSchedule).where(JobSchedule.actor.like(namespaced)))
        await session.execute(delete(Job).where(Job.actor.like(namespaced)))
    store = open_store(settings)
    try:
        await delete_contents(store, keys)
    finally:
        await store.close()
    return len(keys)
