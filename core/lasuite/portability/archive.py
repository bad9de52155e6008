"""The archive's layout: a zip file with a manifest, one JSON Lines file per table, the
stored files' contents and the plugins' readable copies.

::

    manifest.json
    people.json                 the people the rows name: id, e-mail, display name
    tables/<table>.jsonl        one row per line, columns by name
    files/<file id>             the content of each stored file
    readable/<plugin id>/…      what the plugins wrote (documents as Markdown, …)
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

import msgspec

FORMAT = "lasuite-organization"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PEOPLE = "people.json"


class Person(msgspec.Struct, frozen=True):
    id: str
    email: str
    display_name: str
    locale: str | None = None
    colour: str | None = None


class TableEntry(msgspec.Struct, frozen=True):
    rows: int
    columns: list[str]


class OrganizationEntry(msgspec.Struct, frozen=True):
    id: str
    name: str
    slug: str
    siret: str | None = None


class Manifest(msgspec.Struct, frozen=True, kw_only=True):
    format: str = FORMAT
    version: int = FORMAT_VERSION
    exported_at: str
    lasuite: str
    plugin_api: str
    organization: OrganizationEntry
    plugins: dict[str, str]
    """The version of each plugin whose tables the archive holds."""
    tables: dict[str, TableEntry]
    people: int
    files: int
    missing_files: list[str] = msgspec.field(default_factory=list)
    """Stored files whose content the file store no longer had: their rows are kept."""
    readable: list[str] = msgspec.field(default_factory=list)
    left_out: dict[str, str] = msgspec.field(default_factory=dict)
    """Tables not exported, with why."""


class NotAnArchive(Exception):
    """The file is not an organization archive this release can read."""


def table_member(table: str) -> str:
    return f"tables/{table}.jsonl"


def file_member(file_id: str) -> str:
    return f"files/{file_id}"


class ArchiveWriter:
    """Writes the archive's members; :meth:`close` adds nothing, the manifest is
    written by whoever knows it, last."""

    def __init__(self, path: Path) -> None:
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self._encoder = msgspec.json.Encoder()

    def write(self, name: str, data: bytes | str) -> None:
        self._zip.writestr(_safe(name), data)

    def write_json(self, name: str, value: Any) -> None:
        self.write(name, self._encoder.encode(value))

    def open(self, name: str) -> IO[bytes]:
        """A member written as a stream (a table's rows, a file's content)."""
        return self._zip.open(_safe(name), "w", force_zip64=True)

    def write_lines(self, name: str, rows: Iterable[Any]) -> int:
        """Rows as JSON Lines; how many."""
        count = 0
        with self.open(name) as member:
            for row in rows:
                member.write(self._encoder.encode(row))
                member.write(b"\n")
                count += 1
        return count

    def close(self) -> None:
        self._zip.close()


class ArchiveReader:
    def __init__(self, path: Path) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, FileNotFoundError, IsADirectoryError) as exc:
            raise NotAnArchive(f"{path} is not an organization archive ({exc})") from exc
        self._names = set(self._zip.namelist())
        self.manifest = self._manifest(path)

    def _manifest(self, path: Path) -> Manifest:
        if MANIFEST not in self._names:
            raise NotAnArchive(f"{path} has no {MANIFEST}: not an organization archive")
        try:
            manifest = msgspec.json.decode(self._zip.read(MANIFEST), type=Manifest)
        except msgspec.ValidationError as exc:
            raise NotAnArchive(
                f"{path}: its manifest is not one this release reads ({exc})"
            ) from exc
        if manifest.format != FORMAT or manifest.version > FORMAT_VERSION:
            raise NotAnArchive(
                f"{path} is {manifest.format} version {manifest.version}; this release reads "
                f"{FORMAT} up to version {FORMAT_VERSION}"
            )
        return manifest

    def has(self, name: str) -> bool:
        return name in self._names

    def people(self) -> list[Person]:
        return msgspec.json.decode(self._zip.read(PEOPLE), type=list[Person])

    def lines(self, name: str) -> Iterator[dict[str, Any]]:
        decoder = msgspec.json.Decoder(dict[str, Any])
        with self._zip.open(name) as member:
            for line in member:
                if line.strip():
                    yield decoder.decode(line)

    def open(self, name: str) -> IO[bytes]:
        return self._zip.open(name)

    def close(self) -> None:
        self._zip.close()


def _safe(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(f"not a name inside the archive: {name!r}")
    return str(path)
