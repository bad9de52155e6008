"""``lasuite org export``: one organization's rows, people, files and readable copies,
read in one snapshot, into one archive."""

from __future__ import annotations

import uuid
from contextlib import suppress
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path, PurePosixPath

import msgspec
from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.db.engine import Database
from lasuite.identity.models import User
from lasuite.plugin_host.registry import Registry
from lasuite.plugins._contract import API_VERSION
from lasuite.portability.archive import (
    PEOPLE,
    ArchiveWriter,
    Manifest,
    OrganizationEntry,
    Person,
    TableEntry,
    file_member,
    table_member,
)
from lasuite.portability.tables import OrganizationTable, chunks, organization_tables, uuid_columns
from lasuite.settings import Settings
from lasuite.storage.models import StoredFile
from lasuite.storage.store import FileStore, MissingContent, open_store
from lasuite.tenancy.models import Organization


class ExportFailed(Exception):
    """What stopped an export, worded for the operator."""


async def export_organization(
    settings: Settings, registry: Registry, organization: str, path: Path
) -> Manifest:
    """Write the organization named ``organization`` (its slug or id) to ``path``."""
    database = Database(settings.database)
    store = open_store(settings)
    try:
        async with database.sessions() as db, db.begin():
            if database.engine.dialect.name == "postgresql":
                await db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            org = await _organization(db, organization)
            writer = ArchiveWriter(path)
            try:
                manifest = await _Export(db, store, registry, org, writer).run()
                writer.write_json("manifest.json", manifest)
            finally:
                writer.close()
    except BaseException:
        path.unlink(missing_ok=True)  # noqa: ASYNC240  (nothing else runs meanwhile)
        raise
    finally:
        await store.close()
        await database.dispose()
    return manifest


async def _organization(db: AsyncSession, named: str) -> Organization:
    condition = Organization.slug == named
    with suppress(ValueError):
        condition = condition | (Organization.id == uuid.UUID(named))
    org = await db.scalar(select(Organization).where(condition))
    if org is None:
        raise ExportFailed(f"no organization {named!r} here (give its slug or its id)")
    return org


class _Export:
    def __init__(
        self,
        db: AsyncSession,
        store: FileStore,
        registry: Registry,
        org: Organization,
        writer: ArchiveWriter,
    ) -> None:
        self.db, self.store, self.registry, self.org, self.writer = (
            db,
            store,
            registry,
            org,
            writer,
        )
        self.ids: set[uuid.UUID] = set()

    async def run(self) -> Manifest:
        selection = organization_tables(self.registry)
        tables = {t.name: await self._table(t) for t in selection.tables}
        people = await self._people()
        files, missing = await self._files()
        readable = await self._readable()
        owners = {t.owner for t in selection.tables if tables[t.name].rows} - {"core"}
        return Manifest(
            exported_at=datetime.now(UTC).isoformat(),
            lasuite=version("lasuite-core"),
            plugin_api=API_VERSION,
            organization=OrganizationEntry(
                id=str(self.org.id), name=self.org.name, slug=self.org.slug, siret=self.org.siret
            ),
            plugins={r.id: r.version for r in self.registry.loaded if r.id in owners},
            tables=tables,
            people=len(people),
            files=files,
            missing_files=missing,
            readable=readable,
            left_out=selection.left_out,
        )

    async def _table(self, exported: OrganizationTable) -> TableEntry:
        table: Table = exported.table
        ids_in = uuid_columns(table)
        encoder = msgspec.json.Encoder()
        rows = 0
        result = await self.db.stream(
            select(table).where(exported.rows_of(self.org.id)).order_by(*table.primary_key),
            execution_options={"yield_per": 1000},
        )
        with self.writer.open(table_member(table.name)) as member:
            async for row in result.mappings():
                self.ids.update(row[name] for name in ids_in if row[name] is not None)
                member.write(encoder.encode(dict(row)))
                member.write(b"\n")
                rows += 1
        return TableEntry(rows=rows, columns=[c.name for c in table.columns])

    async def _people(self) -> list[Person]:
        """Everyone the rows name (members, authors who left, people invited by)."""
        people: list[Person] = []
        for chunk in chunks(sorted(self.ids), 500):
            users = await self.db.execute(
                select(User.id, User.email, User.display_name, User.locale, User.colour).where(
                    User.id.in_(chunk)
                )
            )
            people.extend(Person(str(user.id), *user[1:]) for user in users)
        self.writer.write_json(PEOPLE, sorted(people, key=lambda p: p.email))
        return people

    async def _files(self) -> tuple[int, list[str]]:
        stored = await self.db.execute(
            select(StoredFile.id, StoredFile.storage_key)
            .where(StoredFile.organization_id == self.org.id)
            .order_by(StoredFile.id)
        )
        count, missing = 0, []
        for file_id, key in stored.all():
            try:
                chunks = await self.store.read(key)
            except MissingContent:
                missing.append(str(file_id))
                continue
            with self.writer.open(file_member(str(file_id))) as member:
                async for chunk in chunks:
                    member.write(chunk)
            count += 1
        return count, missing

    async def _readable(self) -> list[str]:
        written: list[str] = []
        for record in self.registry.loaded:
            for exporter in record.contributions.exporters:
                copies = _Copies(self.writer, record.id, written)
                try:
                    await exporter(self.db, self.org.id, copies)
                except Exception as exc:
                    raise ExportFailed(
                        f"plugin {record.id!r} could not write its readable copies: {exc!r}"
                    ) from exc
        return written


class _Copies:
    def __init__(self, writer: ArchiveWriter, plugin_id: str, written: list[str]) -> None:
        self._writer, self._folder, self._written = writer, f"readable/{plugin_id}", written

    def write(self, name: str, data: bytes | str) -> None:
        path = str(PurePosixPath(self._folder, name))
        if path in self._written:
            raise ValueError(f"{name!r} was written already")
        self._writer.write(path, data)
        self._written.append(path)
