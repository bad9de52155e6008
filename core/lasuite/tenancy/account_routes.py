"""Administrators bring colleagues in: an account for one person, or for everyone a CSV
file lists, with a report of who was added, who was invited and who was refused why."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, Router, post
from litestar.params import JSONBody

from lasuite.identity.email_address import EmailAddress
from lasuite.plugins import CurrentActor, DbSession, EventBus, Events, Problem
from lasuite.settings import Settings
from lasuite.state import runtime_of
from lasuite.tenancy.members import Role
from lasuite.tenancy.new_accounts import Added, Outreach, Person, add_person
from lasuite.tenancy.people_csv import NotPeopleCsv, read_people

MAX_CSV_CHARACTERS = 1_000_000
TeamName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class AccountIn(msgspec.Struct, forbid_unknown_fields=True):
    email: EmailAddress
    display_name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    role: Role = "member"
    teams: Annotated[list[TeamName], msgspec.Meta(max_length=50)] = []


class AddedOut(msgspec.Struct):
    email: str
    outcome: Literal["created", "invited"]
    """``created``: a new account, e-mailed a link to choose its password; ``invited``:
    the address has an account already, whose holder is invited."""
    id: uuid.UUID
    """The new account's user id; the invitation's when invited."""


class ImportIn(msgspec.Struct, forbid_unknown_fields=True):
    csv: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_CSV_CHARACTERS)]
    """The file's text: a header line naming ``email``, ``name`` and optionally ``role``
    and ``teams`` (in English or French), then one person a line."""


class RefusedOut(msgspec.Struct):
    line: int
    email: str
    error: str
    """Why, as an error code (``core.already_member``, ``core.unknown_team``…)."""
    detail: str | dict[str, Any]


class ImportOut(msgspec.Struct):
    added: list[AddedOut]
    refused: list[RefusedOut]


class NotPeopleFile(Problem):
    code = "core.not_people_csv"
    status = 400
    message = "This file cannot be read as people: see what it lacks."


def _outreach(request: Request[Any, Any, Any], events: EventBus) -> Outreach:
    runtime = runtime_of(request.app.state)
    settings: Settings = runtime.settings
    return Outreach(settings.invitation_days, settings.base_url, runtime.jobs.queue, events)


def _out(added: Added) -> AddedOut:
    return AddedOut(added.email, added.outcome, added.id)


@post("/", permission="core.members.manage", rate_limited=True, status_code=201)
async def create_account(
    data: JSONBody[AccountIn],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> AddedOut:
    """Make an account for a colleague and add them to the organization with ``role`` and
    ``teams`` (they are e-mailed a link to choose their password); an address that has an
    account already is invited instead (only owners add owners)."""
    person = Person(data.email, data.display_name, data.role, data.teams)
    return _out(await add_person(db, actor, person, _outreach(request, events)))


@post("/import", permission="core.members.manage", rate_limited=True, status_code=200)
async def import_accounts(
    data: JSONBody[ImportIn],
    request: Request[Any, Any, Any],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> ImportOut:
    """Add everyone a CSV file lists, as one at a time would; each line refused is
    reported with its number and why, and the others are added."""
    try:
        lines = read_people(data.csv)
    except NotPeopleCsv as exc:
        raise NotPeopleFile(str(exc)) from exc
    outreach = _outreach(request, events)
    added: list[AddedOut] = []
    refused: list[RefusedOut] = []
    for line in lines:
        try:
            if line.problem is not None or line.person is None:
                raise line.problem or NotPeopleFile()
            async with db.begin_nested():
                added.append(_out(await add_person(db, actor, line.person, outreach)))
        except Problem as problem:
            refused.append(RefusedOut(line.number, line.email, problem.code, problem.detail))
    return ImportOut(added, refused)


accounts_router = Router(
    path="/api/v1/orgs/current/accounts",
    route_handlers=[create_account, import_accounts],
    tags=["members"],
)
