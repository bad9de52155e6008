"""A CSV file of people to bring into an organization, read into :class:`Person` rows.

The first line names the columns, in English or French, in any order: ``email``
(``e-mail``, ``courriel``, ``adresse``), ``name`` (``nom``), ``role`` (``rôle``),
``teams`` (``équipes``). Values are separated by commas or semicolons (what a
spreadsheet in French writes); several teams in one cell by ``|`` (or by commas in a
file separated by semicolons). An empty role is ``member``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import get_args

from lasuite.problems import Problem
from lasuite.tenancy.members import Role
from lasuite.tenancy.new_accounts import Person

MAX_PEOPLE = 1000
ROLES: tuple[str, ...] = get_args(Role)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")

COLUMNS = {
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "courriel": "email",
    "adresse": "email",
    "name": "name",
    "nom": "name",
    "display_name": "name",
    "role": "role",
    "rôle": "role",
    "teams": "teams",
    "équipes": "teams",
    "equipes": "teams",
}


class InvalidEmail(Problem):
    code = "core.invalid_email"
    status = 400
    message = "This is not an e-mail address."


class NameMissing(Problem):
    code = "core.name_missing"
    status = 400
    message = "The person's name is missing (or over 200 characters)."


class UnknownRole(Problem):
    code = "core.unknown_role"
    status = 400
    message = "The role is none of owner, admin, member and guest."


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the file (numbered from 1, the header's) and what it asks, or why not."""

    number: int
    email: str
    person: Person | None
    problem: Problem | None = None


class NotPeopleCsv(ValueError):
    """The file cannot be read as people: no ``email`` and ``name`` columns, or too long."""


def read_people(text: str) -> list[Line]:
    """The file's people, one :class:`Line` each (blank lines skipped)."""
    header, _, _ = text.lstrip("\ufeff").partition("\n")
    delimiter = ";" if header.count(";") > header.count(",") else ","
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    names = [COLUMNS.get(cell.strip().lower(), "") for cell in next(rows, [])]
    if "email" not in names or "name" not in names:
        raise NotPeopleCsv("the first line names no 'email' and 'name' columns")
    lines: list[Line] = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(lines) == MAX_PEOPLE:
            raise NotPeopleCsv(f"more than {MAX_PEOPLE} people in one file")
        cells = {name: cell.strip() for name, cell in zip(names, row, strict=False) if name}
        lines.append(_line(number, cells, delimiter))
    return lines


def _line(number: int, cells: dict[str, str], delimiter: str) -> Line:
    email, name = cells.get("email", ""), cells.get("name", "")
    role = cells.get("role", "").lower() or "member"
    if not EMAIL.match(email) or len(email) > 320:
        return Line(number, email, None, InvalidEmail())
    if not name or len(name) > 200:
        return Line(number, email, None, NameMissing())
    if role not in ROLES:
        return Line(number, email, None, UnknownRole(roles=list(ROLES)))
    separators = "[|,]" if delimiter == ";" else "[|]"
    teams = [team.strip() for team in re.split(separators, cells.get("teams", "")) if team.strip()]
    return Line(number, email, Person(email, name, role, teams))
