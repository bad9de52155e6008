"""Alembic environment shared by the core and every installed plugin."""

import asyncio

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.types import TypeDecorator

import lasuite.db.tables  # noqa: F401  (complete the metadata)
from lasuite.db.base import metadata
from lasuite.db.migrations import migration_only
from lasuite.plugin_host import orphans

config = context.config
registry = config.attributes["registry"]
only_plugin = config.attributes.get("only_plugin")


def include_object(obj, name, type_, reflected, compare_to):
    """Compare only the tables of the core and of loaded plugins (or of one plugin),
    leaving out what the models declare as made by migrations only."""
    if reflected and compare_to is None and migration_only(metadata, name):
        return False
    if type_ != "table":
        return True
    owner = registry.owner_of_table(name)
    if owner is None and not name.startswith("core_"):
        return False  # a table of a plugin no longer installed (see plugin_host.orphans)
    if only_plugin is not None:
        return (owner.id if owner else "core") == only_plugin
    return owner is None or owner.status == "ok"


def render_item(type_, obj, autogen_context):
    """Render our column types as the plain SQLAlchemy types they store as."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = create_async_engine(config.attributes["url"], poolclass=pool.NullPool)
    branches = {r.id: r.migrations for r in registry if r.migrations is not None}
    async with engine.begin() as connection:
        await connection.run_sync(orphans.reconcile, context.script)
    async with engine.connect() as connection:
        await connection.run_sync(do_run_migrations)
    async with engine.begin() as connection:
        await connection.run_sync(orphans.record, context.script, branches)
    await engine.dispose()


asyncio.run(run_async_migrations())
