"""The data of plugins no longer installed.

A plugin's migrations leave its revision in Alembic's version table. Once the plugin is
uninstalled, no code knows that revision and Alembic refuses every command. So each
migration run records which plugin every revision belongs to (``core_plugin_revision``);
before the next run, applied revisions no code knows are *parked* there, out of Alembic's
way, and put back as soon as their plugin is installed again. The plugin's tables stay
untouched until ``lasuite plugins remove ID --purge``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.script.revision import Revision
from sqlalchemy import (
    Column,
    Connection,
    MetaData,
    String,
    Table,
    delete,
    insert,
    inspect,
    select,
    update,
)

from lasuite.db.engine import Database
from lasuite.plugin_host.models import PluginRevision

# Alembic's own table, described apart from the models' metadata (Alembic creates it).
versions = Table("alembic_version", MetaData(), Column("version_num", String(32)))
recorded = PluginRevision


class UnknownRevision(Exception):
    """The database holds a revision that neither this code nor the record knows."""


@dataclass(frozen=True, slots=True)
class Orphan:
    """A plugin whose data is kept while no installed code can use it."""

    plugin_id: str
    tables: tuple[str, ...]

    @property
    def advice(self) -> str:
        tables = ", ".join(self.tables) or "no table left"
        return (
            f"plugin {self.plugin_id!r} is not installed; its data is kept ({tables}): "
            f"install it again to use it, or delete it with "
            f"`lasuite plugins remove {self.plugin_id} --purge`"
        )


def _tables(connection: Connection) -> list[str]:
    return inspect(connection).get_table_names()


def _ready(connection: Connection) -> bool:
    return {versions.name, recorded.__tablename__} <= set(_tables(connection))


def reconcile(connection: Connection, script: ScriptDirectory) -> None:
    """Park applied revisions of plugins gone; put back those whose plugin is back."""
    if not _ready(connection):
        return
    known = {rev.revision for rev in script.walk_revisions()}
    rows = connection.execute(select(recorded.revision, recorded.plugin_id, recorded.needs))
    owners = {revision: (plugin_id, needs.split()) for revision, plugin_id, needs in rows}
    applied = set(connection.execute(select(versions.c.version_num)).scalars())
    gone = sorted(applied - known)
    for revision in gone:
        if revision not in owners:
            raise UnknownRevision(
                f"the database was migrated to revision {revision!r}, which neither the core "
                "nor an installed plugin knows: install the plugin (or the version of "
                "lasuite) that made it"
            )
    covered = _below(script, applied & known)
    for revision in gone:
        connection.execute(delete(versions).where(versions.c.version_num == revision))
        _mark(connection, revision, parked=True)
        # Alembic lists only the latest revisions: what the parked one came after (the
        # core's revision it depends on, say) must now be listed by itself.
        for need in _known_needs(revision, owners, known):
            if need not in covered:
                connection.execute(insert(versions).values(version_num=need))
                covered |= _below(script, {need})
    labels = {label for rev in script.walk_revisions() for label in rev.branch_labels}
    for revision, plugin_id in _parked(connection):
        if revision in known:
            below = _below(script, {revision}) - {revision}
            connection.execute(delete(versions).where(versions.c.version_num.in_(below)))
            connection.execute(insert(versions).values(version_num=revision))
            _mark(connection, revision, parked=False)
        elif plugin_id in labels:
            raise UnknownRevision(
                f"plugin {plugin_id!r} was migrated to revision {revision!r}, which its "
                "installed version does not know: install that version of it or a newer one"
            )


def _below(script: ScriptDirectory, revisions: set[str]) -> set[str]:
    """``revisions`` and every revision they come after."""
    walked = script.revision_map.iterate_revisions(tuple(revisions), "base", inclusive=True)
    return {rev.revision for rev in walked}


def _known_needs(
    revision: str, owners: dict[str, tuple[str, list[str]]], known: set[str]
) -> set[str]:
    """The revisions this code knows that ``revision`` comes after, through any number of
    revisions it does not know (the gone plugin's earlier ones)."""
    found: set[str] = set()
    todo, seen = list(owners[revision][1]), {revision}
    while todo:
        need = todo.pop()
        if need in seen:
            continue
        seen.add(need)
        if need in known:
            found.add(need)
        elif need in owners:
            todo.extend(owners[need][1])
    return found


def record(connection: Connection, script: ScriptDirectory, branches: dict[str, Path]) -> None:
    """Remember which plugin each revision of ``branches`` (id -> versions dir) is of, and
    what it comes after."""
    if not _ready(connection):
        return
    known = set(connection.execute(select(recorded.revision)).scalars())
    for rev in script.walk_revisions():
        owner = next((i for i, d in branches.items() if Path(rev.path).parent == d), None)
        if owner is None or rev.revision in known:
            continue
        down = rev.down_revision
        needs = [down] if isinstance(down, str) else list(down or ())
        if rev.dependencies:
            needs += [
                d.revision
                for d in script.revision_map.get_revisions(rev.dependencies)
                if isinstance(d, Revision)
            ]
        connection.execute(
            insert(recorded).values(revision=rev.revision, plugin_id=owner, needs=" ".join(needs))
        )


def forget(connection: Connection, plugin_id: str) -> None:
    """Drop the record of a plugin's revisions (its data was purged)."""
    connection.execute(delete(recorded).where(recorded.plugin_id == plugin_id))


def orphans(connection: Connection) -> list[Orphan]:
    """Plugins whose revisions are parked, each with the tables it left."""
    if not _ready(connection):
        return []
    tables = _tables(connection)
    plugin_ids = sorted({plugin_id for _, plugin_id in _parked(connection)})
    return [Orphan(p, tuple(t for t in tables if t.startswith(f"{p}_"))) for p in plugin_ids]


async def left_behind(database: Database) -> list[Orphan]:
    """The plugins whose data this installation keeps without their code."""
    async with database.engine.connect() as connection:
        return await connection.run_sync(orphans)


def _parked(connection: Connection) -> Iterable[tuple[str, str]]:
    query = select(recorded.revision, recorded.plugin_id).where(recorded.parked)
    return [(revision, plugin_id) for revision, plugin_id in connection.execute(query)]


def _mark(connection: Connection, revision: str, *, parked: bool) -> None:
    connection.execute(update(recorded).where(recorded.revision == revision).values(parked=parked))
