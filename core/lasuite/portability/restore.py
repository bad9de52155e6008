"""``lasuite org import``: an archive of ``lasuite org export`` made an organization of
this installation, in one transaction (refused as a whole, or restored as a whole).

Every row gets a new id (:mod:`lasuite.portability.ids`); people are matched by e-mail
address, and those who have no account here get one without a password (they choose
it through "Mot de passe oublié ?", or sign in with the identity provider)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from lasuite.db.engine import Database
from lasuite.identity.colours import PALETTE
from lasuite.identity.locales import chosen_locale
from lasuite.identity.models import User
from lasuite.plugin_host.registry import Registry
from lasuite.portability.archive import (
    ArchiveReader,
    Manifest,
    Person,
    file_member,
    table_member,
)
from lasuite.portability.ids import Renumbering
from lasuite.portability.tables import (
    OrganizationTable,
    chunks,
    organization_tables,
    readers,
)
from lasuite.settings import Settings
from lasuite.storage.store import READ_CHUNK_BYTES, FileStore, open_store
from lasuite.tenancy.models import Organization

BATCH = 500


class RestoreRefused(Exception):
    """Why the archive cannot be restored here; nothing was written."""


@dataclass(slots=True)
class Restored:
    organization_id: uuid.UUID
    slug: str
    people_matched: int = 0
    people_created: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0


async def restore_organization(
    settings: Settings,
    registry: Registry,
    path: Path,
    *,
    slug: str | None = None,
    without: Iterable[str] = (),
) -> Restored:
    """Restore the archive at ``path`` as a new organization (``slug``: another slug
    than the archive's; ``without``: plugins whose data is left out)."""
    reader = ArchiveReader(path)
    try:
        plan = _plan(reader.manifest, organization_tables(registry).tables, set(without))
        database = Database(settings.database)
        store = open_store(settings)
        written: list[str] = []
        try:
            async with database.transaction() as db:
                return await _restore(db, store, reader, plan, slug, written)
        except BaseException:
            for key in written:
                await store.delete(key)
            raise
        finally:
            await store.close()
            await database.dispose()
    finally:
        reader.close()


def _plan(
    manifest: Manifest, here: list[OrganizationTable], without: set[str]
) -> list[OrganizationTable]:
    """The tables to fill, parents first; refused when the archive's do not fit."""
    known = {t.name: t for t in here}
    wanted = {name: entry for name, entry in manifest.tables.items() if _owner(name) not in without}
    problems: list[str] = []
    absent = sorted({_owner(name) for name in wanted if name not in known})
    installed = {t.owner for t in here}
    for plugin_id in absent:
        if plugin_id in installed:
            tables = sorted(n for n in wanted if n not in known and _owner(n) == plugin_id)
            problems.append(
                f"plugin {plugin_id!r} here has no table {', '.join(tables)}: the archive "
                f"comes from another release ({manifest.plugins.get(plugin_id, '?')})"
            )
        else:
            problems.append(
                f"plugin {plugin_id!r} is not installed here: install it, "
                f"or leave its data out with --without {plugin_id}"
            )
    for name, entry in wanted.items():
        table = known.get(name)
        if table is None:
            continue
        extra = sorted(set(entry.columns) - set(table.table.c.keys()))
        if extra:
            problems.append(
                f"table {name}: columns {', '.join(extra)} are not known to this release; "
                "restore into the release that exported it, or a later one"
            )
        needed = [
            c.name
            for c in table.table.columns
            if c.name not in entry.columns
            and not c.nullable
            and c.default is None
            and c.server_default is None
        ]
        if needed:
            problems.append(f"table {name}: the archive has no value for {', '.join(needed)}")
    if problems:
        raise RestoreRefused("\n".join(problems))
    return [t for t in here if t.name in wanted]


def _owner(table: str) -> str:
    return table.split("_", 1)[0]


async def _restore(
    db: AsyncSession,
    store: FileStore,
    reader: ArchiveReader,
    plan: list[OrganizationTable],
    slug: str | None,
    written: list[str],
) -> Restored:
    manifest = reader.manifest
    org = await _organization(db, manifest, slug)
    restored = Restored(org.id, org.slug)
    fixed = {uuid.UUID(manifest.organization.id): org.id}
    fixed |= await _people(db, reader.people(), restored)
    known = set(fixed)
    for table in plan:
        known.update(uuid.UUID(row["id"]) for row in reader.lines(table_member(table.name)))
    ids = Renumbering(known, fixed)
    connection = await db.connection()
    for table in plan:
        restored.rows[table.name] = await _fill(connection, reader, table, ids)
    if any(t.name == "core_file" for t in plan):
        restored.files = await _files(store, reader, ids, written)
    return restored


async def _organization(db: AsyncSession, manifest: Manifest, slug: str | None) -> Organization:
    entry = manifest.organization
    slug = slug or entry.slug
    if await db.scalar(select(Organization.id).where(Organization.slug == slug)) is not None:
        raise RestoreRefused(
            f"an organization here has the slug {slug!r} already: give another with --slug"
        )
    siret = entry.siret
    if siret and await db.scalar(select(Organization.id).where(Organization.siret == siret)):
        siret = None  # the SIRET names one organization; the one here keeps it
    org = Organization(name=entry.name, slug=slug, siret=siret)
    db.add(org)
    await db.flush()
    return org


async def _people(
    db: AsyncSession, people: list[Person], restored: Restored
) -> dict[uuid.UUID, uuid.UUID]:
    """The account each person of the archive has here, made when they have none."""
    accounts: dict[str, uuid.UUID] = {}
    for chunk in chunks({p.email.lower() for p in people}, BATCH):
        found = await db.execute(
            select(func.lower(User.email), User.id).where(func.lower(User.email).in_(chunk))
        )
        accounts.update((email, account) for email, account in found)
    mapping: dict[uuid.UUID, uuid.UUID] = {}
    for person in people:
        account = accounts.get(person.email.lower())
        if account is None:
            account = accounts[person.email.lower()] = uuid.uuid4()
            db.add(
                User(
                    id=account,
                    email=person.email,
                    display_name=person.display_name,
                    locale=chosen_locale(person.locale),
                    colour=person.colour if person.colour in PALETTE else None,
                )
            )
            restored.people_created += 1
        else:
            restored.people_matched += 1
        mapping[uuid.UUID(person.id)] = account
    await db.flush()  # the accounts made, in one batch, before the rows naming them
    return mapping


async def _fill(
    connection: AsyncConnection,
    reader: ArchiveReader,
    exported: OrganizationTable,
    ids: Renumbering,
) -> int:
    table: Table = exported.table
    read = readers(table)
    later = exported.self_references()
    pointers: list[dict[str, Any]] = []
    count = 0
    for batch in chunks(reader.lines(table_member(table.name)), BATCH):
        values = [{name: read[name](value, ids) for name, value in row.items()} for row in batch]
        for row in values:
            # A row may point at one restored after it (a page moved under a newer one).
            pointing = {name: row.pop(name) for name in later}
            if any(v is not None for v in pointing.values()):
                pointers.append({"_id": row["id"], **{f"_{k}": v for k, v in pointing.items()}})
            row.update(dict.fromkeys(later))
        try:
            await connection.execute(insert(table), values)
        except IntegrityError as exc:
            # A value this installation holds once (a room's link, an invitation's
            # token) is taken: the organization is here already, or was copied from it.
            raise RestoreRefused(
                f"table {table.name}: a row conflicts with one of this installation ({exc.orig})"
            ) from exc
        count += len(values)
    if pointers:
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({name: bindparam(f"_{name}") for name in later})
        )
        for batch in chunks(pointers, BATCH):
            await connection.execute(statement, batch)
    return count


async def _files(
    store: FileStore, reader: ArchiveReader, ids: Renumbering, written: list[str]
) -> int:
    count = 0
    for row in reader.lines(table_member("core_file")):
        member = file_member(row["id"])
        if not reader.has(member):
            continue
        key = ids.text(row["storage_key"])
        with reader.open(member) as content:
            await store.write(key, _chunks(content))
        written.append(key)
        count += 1
    return count


async def _chunks(content: IO[bytes]) -> AsyncIterator[bytes]:
    while chunk := content.read(READ_CHUNK_BYTES):
        yield chunk
