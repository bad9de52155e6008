"""Which tables hold an organization's data, how to select its rows in each, and how a
row's values are read back from the archive.

A table belongs to the organization when it has an ``organization_id`` column, or a
foreign key to a table that does (a channel's members, a document's comments): its
rows are those that point at the organization's rows. The core's tables are exported
when they are the organization's own data; its secrets and its machinery are not.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import msgspec
from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    DateTime,
    Integer,
    LargeBinary,
    Table,
    or_,
    select,
)
from sqlalchemy import Uuid as UuidType

from lasuite.db.base import Model
from lasuite.plugin_host.registry import Registry
from lasuite.portability.ids import Renumbering

CORE_TABLES = (
    "core_membership",
    "core_team",
    "core_team_member",
    "core_role_grant",
    "core_organization_plugin",
    "core_invitation",
    "core_audit_event",
    "core_notification",
    "core_file",
)
CORE_LEFT_OUT = {
    "core_api_token": "API tokens are secrets: people make new ones",
    "core_signed_in_session": "sessions are sign-ins on this installation",
    "core_job": "jobs are the installation's own work in progress",
    "core_job_schedule": "schedules are made again by the plugins",
    "core_notification_email": "pending e-mails belong to the jobs",
}
PEOPLE = "core_user"
ORGANIZATIONS = "core_organization"

T = TypeVar("T")
Scope = Callable[[uuid.UUID], ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class OrganizationTable:
    table: Table
    owner: str
    """``core`` or the id of the plugin whose table it is."""
    rows_of: Scope
    """The condition that selects one organization's rows."""

    @property
    def name(self) -> str:
        return self.table.name

    def self_references(self) -> list[str]:
        """Columns pointing at this same table (a page's parent): restored afterwards."""
        return [fk.parent.name for fk in self.table.foreign_keys if fk.column.table is self.table]


@dataclass(frozen=True, slots=True)
class Selection:
    tables: list[OrganizationTable]
    left_out: dict[str, str]


def organization_tables(registry: Registry) -> Selection:
    """The tables of the core and of ``registry``'s loaded plugins that hold an
    organization's rows, parents before children."""
    owners = dict.fromkeys(CORE_TABLES, "core")
    for record in registry.loaded:
        for model in record.contributions.models:
            owners[str(model.__tablename__)] = record.id
    scopes: dict[str, Scope] = {}
    tables: list[OrganizationTable] = []
    left_out = dict(CORE_LEFT_OUT)
    for table in Model.metadata.sorted_tables:
        owner = owners.get(table.name)
        if owner is None:
            continue
        scope = _scope(table, scopes)
        if scope is None:
            left_out[table.name] = "its rows are not tied to an organization"
            continue
        scopes[table.name] = scope
        tables.append(OrganizationTable(table, owner, scope))
    return Selection(tables, left_out)


def _scope(table: Table, scopes: dict[str, Scope]) -> Scope | None:
    if "organization_id" in table.c:
        column = table.c.organization_id
        return lambda organization_id: column == organization_id
    parents = [
        (fk.parent, fk.column, scopes[fk.column.table.name])
        for fk in table.foreign_keys
        if fk.column.table is not table and fk.column.table.name in scopes
    ]
    if not parents:
        return None

    def rows_of(organization_id: uuid.UUID) -> ColumnElement[bool]:
        # A row belongs to the organization when any of its parents does: a team's
        # access to a page is found through the page or the team alike.
        return or_(
            *(
                child.in_(select(parent).where(scope(organization_id)))
                for child, parent, scope in parents
            )
        )

    return rows_of


Reader = Callable[[Any, Renumbering], Any]


def readers(table: Table) -> dict[str, Reader]:
    """For each column, how a value of the archive becomes the value to insert."""
    return {column.name: _reader(column.type) for column in table.columns}


def _reader(column_type: Any) -> Reader:
    kind = _kind(column_type)
    if isinstance(kind, UuidType):
        return lambda value, ids: None if value is None else ids.id(uuid.UUID(value))
    if isinstance(kind, DateTime):
        return lambda value, _ids: None if value is None else datetime.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return lambda value, ids: None if value is None else ids.data(msgspec.convert(value, bytes))
    if isinstance(kind, JSON):
        return lambda value, ids: ids.json(value)
    if isinstance(kind, Integer | Boolean):
        return lambda value, _ids: value
    return lambda value, ids: None if value is None else ids.text(value)


def uuid_columns(table: Table) -> list[str]:
    return [c.name for c in table.columns if isinstance(_kind(c.type), UuidType)]


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _kind(column_type: Any) -> Any:
    """A decorated type's underlying type (a UTC timestamp is a ``DateTime``)."""
    return getattr(column_type, "impl", column_type)
