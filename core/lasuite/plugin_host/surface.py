"""The plugin API's surface: every public name of :mod:`lasuite.plugins`, with its
signature, as lines a test compares with the recorded ``api-surface.txt``.

Within a major version the API only grows: a line of the record that is gone or
changed is a break, allowed only once ``API_VERSION``'s major has moved on — except a
callable that only gained keyword-only parameters with defaults, which every caller
still calls alike. A new line is recorded with the version it appeared in
(``lasuite plugins surface --write``).
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import msgspec

import lasuite.plugins as api
from lasuite.plugins._contract import API_VERSION

RECORD = Path(api.__file__).with_name("api-surface.txt")
"""The surface as released: ``<entry>  # since <version>`` lines, after a header."""

_HEADER = "# lasuite.plugins API surface, major {major}. Generated: lasuite plugins surface --write"


def entries(module: ModuleType = api) -> list[str]:
    """Every public name of ``module`` and of its classes, one line each, sorted."""
    lines: list[str] = []
    for name in sorted(module.__all__):
        lines.extend(_describe(name, getattr(module, name)))
    return sorted(lines)


def _describe(name: str, value: object) -> Iterator[str]:
    if isinstance(value, type):
        yield f"class {name}({', '.join(b.__name__ for b in value.__bases__)})"
        yield from _members(name, value)
    elif callable(value) and not typing.get_origin(value):
        yield f"def {name}{_signature(value)}"
    elif typing.get_origin(value) is typing.Annotated:
        base, *metadata = typing.get_args(value)
        kind = "constraints" if isinstance(metadata[0], msgspec.Meta) else "dependency"
        yield f"{name} = Annotated[{_type_name(base)}, {kind}]"
    elif name == "API_VERSION":
        yield f"{name}: str"
    else:
        yield f"{name} = {value!r}"


def _members(owner: str, cls: type) -> Iterator[str]:
    fields = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
    struct_fields = set(getattr(cls, "__struct_fields__", ()))
    for field in sorted(fields | struct_fields):
        if not field.startswith("_"):
            yield f"{owner}.{field}: {_annotation(cls, field)}"
    for member, value in sorted(vars(cls).items()):
        if member.startswith("_") or member in fields | struct_fields:
            continue
        if isinstance(value, property):
            yield f"{owner}.{member}: property -> {_return(value.fget)}"
        elif isinstance(value, (staticmethod, classmethod)):
            yield f"{owner}.{member}{_signature(value.__func__)}"
        elif inspect.isfunction(value):
            yield f"{owner}.{member}{_signature(value)}"
        elif member in getattr(cls, "__annotations__", {}):
            yield f"{owner}.{member}: {_annotation(cls, member)}"


def _annotation(cls: type, name: str) -> str:
    for klass in cls.__mro__:
        found = getattr(klass, "__annotations__", {}).get(name)
        if found is not None:
            return found if isinstance(found, str) else getattr(found, "__name__", repr(found))
    return "?"


def _return(fn: object) -> str:
    annotation = getattr(fn, "__annotations__", {}).get("return", "?")
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "?")


def _signature(fn: object) -> str:
    try:
        return str(inspect.signature(fn))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "(...)"


@dataclass(frozen=True, slots=True)
class Comparison:
    """How the API differs from its record."""

    broken: list[str]
    """Recorded lines that are gone or changed: a major version's change."""
    new: list[str]
    """Lines not recorded yet."""
    recorded_major: int


def recorded(path: Path = RECORD) -> tuple[int, dict[str, str]]:
    """The record's major version, and each entry with the version it appeared in."""
    major = 0
    lines: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if line.startswith("# lasuite.plugins API surface, major "):
            major = int(line.split("major ", 1)[1].split(".", 1)[0])
        elif line and not line.startswith("#"):
            entry, _, since = line.rpartition("  # since ")
            lines[entry] = since
    return major, lines


def compare(current: list[str], path: Path = RECORD) -> Comparison:
    major, lines = recorded(path)
    now = set(current)
    new = now - set(lines)
    gone = set(lines) - now
    return Comparison(
        broken=sorted(old for old in gone if not any(grown(old, line) for line in new)),
        new=sorted(new),
        recorded_major=major,
    )


def grown(old: str, new: str) -> bool:
    """Whether the callable of entry ``new`` is that of ``old`` with keyword-only
    parameters added, each with a default: ``f(a, *, b)`` → ``f(a, *, b, c=None)``."""
    before, after = _call(old), _call(new)
    if before is None or after is None or before[0] != after[0] or before[2] != after[2]:
        return False
    old_parameters, new_parameters = before[1], after[1]
    if new_parameters[: len(old_parameters)] != old_parameters:
        return False
    added = new_parameters[len(old_parameters) :]
    keyword_only = "*" in old_parameters or any(p.startswith("*") for p in old_parameters)
    if added and added[0] == "*" and not keyword_only:
        added, keyword_only = added[1:], True
    return bool(added) and keyword_only and all(" = " in p for p in added)


def _call(entry: str) -> tuple[str, list[str], str] | None:
    """An entry's name, top-level parameters and what follows them."""
    start = entry.find("(")
    if start < 0 or entry.startswith("class "):
        return None
    depth, parameters, piece = 0, [], ""
    for at in range(start + 1, len(entry)):
        char = entry[at]
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char == ")":
            if piece.strip():
                parameters.append(piece.strip())
            return entry[:start], parameters, entry[at + 1 :]
        elif char == "," and depth == 0:
            parameters.append(piece.strip())
            piece = ""
            continue
        piece += char
    return None


def write(current: list[str], path: Path = RECORD) -> None:
    """Record ``current``: entries already recorded keep their version, new ones get
    this one; a new major starts the record over."""
    major = int(API_VERSION.split(".", 1)[0])
    recorded_major, lines = recorded(path) if path.exists() else (major, {})
    if recorded_major != major:
        lines = {}
    version = ".".join(API_VERSION.split(".")[:2])
    text = [_HEADER.format(major=major)]
    text += [f"{entry}  # since {lines.get(entry, version)}" for entry in current]
    path.write_text("\n".join(text) + "\n")


def _type_name(value: object) -> str:
    """``Actor`` for a class, ``Actor | None`` for a union of classes."""
    if isinstance(value, types.UnionType):
        return " | ".join(_type_name(part) for part in typing.get_args(value))
    return "None" if value is type(None) else str(getattr(value, "__name__", value))
