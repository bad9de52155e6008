"""Accounts an administrator makes for colleagues, one at a time or from a CSV file.

Someone without an account gets one (their name, no password yet), becomes a member
with the role asked and joins the teams named; an e-mail welcomes them with a link to
choose their password (valid a week; after that "Mot de passe oublié ?" sends another).
Someone whose address already has an account, in another organization, is invited
instead: an account belongs to its holder, who accepts or not. Each person is refused on
their own, with a code saying why, and the others go ahead.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Literal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.identity.models import User
from lasuite.identity.welcome_email import WELCOME_JOB
from lasuite.jobs.queue import JobQueue
from lasuite.permissions.actor import Actor
from lasuite.problems import Problem
from lasuite.tenancy.invitations import check_not_invited, invite
from lasuite.tenancy.members import check_may_manage, publish_member_changed
from lasuite.tenancy.models import Team, TeamMember
from lasuite.tenancy.organizations import add_member
from lasuite.tenancy.teams import publish_team_changed

if TYPE_CHECKING:
    from lasuite.plugins import EventBus


class InvitingNotAllowed(Problem):
    code = "core.inviting_not_allowed"
    status = 403
    message = "This address has an account: inviting its holder needs core.invitations.manage."


class UnknownTeam(Problem):
    code = "core.unknown_team"
    status = 400
    message = "No team of the organization has this name."


INVITATIONS_MANAGE = "core.invitations.manage"


@dataclass(frozen=True, slots=True)
class Person:
    """Someone to bring into the organization."""

    email: str
    display_name: str
    role: str = "member"
    teams: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class Added:
    email: str
    outcome: Literal["created", "invited"]
    id: uuid.UUID
    """The new account's user id, or the invitation's id (the account is its holder's)."""


@dataclass(frozen=True, slots=True)
class Outreach:
    """How the people brought in, and the organization, are told: the invitations'
    validity and link, the job queue that e-mails, the live events."""

    invitation_days: int
    base_url: str
    queue: JobQueue
    events: EventBus


async def add_person(db: AsyncSession, actor: Actor, person: Person, outreach: Outreach) -> Added:
    """Make ``person`` an account and a member of the actor's organization, or invite them
    when their address has an account already; audited. Raises a :class:`Problem` (and
    changes nothing) when they cannot be added."""
    check_may_manage(actor, person.role)
    address = person.email.strip()
    teams = await _teams_named(db, actor.organization_id, person.teams)
    user_id = await db.scalar(select(User.id).where(func.lower(User.email) == address.lower()))
    if user_id is not None:
        return await _invite_holder(db, actor, address, person.role, outreach)
    await check_not_invited(db, actor.organization_id, address)
    user = User(email=address, display_name=person.display_name.strip())
    db.add(user)
    await db.flush()
    await add_member(db, organization_id=actor.organization_id, user_id=user.id, role=person.role)
    for team in teams:
        db.add(TeamMember(team_id=team.id, user_id=user.id))
    await db.flush()
    record_event(
        db,
        action="core.account.created",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=address,
        data={"role": person.role, "teams": [team.name for team in teams]},
    )
    await outreach.queue.enqueue(
        db, WELCOME_JOB, organization_id=actor.organization_id, user_id=str(user.id)
    )
    await publish_member_changed(db, outreach.events, actor.organization_id, user.id, person.role)
    for team in teams:
        await publish_team_changed(db, outreach.events, actor.organization_id, team.id, [user.id])
    return Added(address, "created", user.id)


async def _invite_holder(
    db: AsyncSession, actor: Actor, address: str, role: str, outreach: Outreach
) -> Added:
    """The address has an account: its holder is invited (the invitation's checks apply)."""
    if not actor.can(INVITATIONS_MANAGE):
        raise InvitingNotAllowed()
    issued = await invite(
        db,
        actor,
        email=address,
        role=role,
        valid_for=timedelta(days=outreach.invitation_days),
        base_url=outreach.base_url,
        queue=outreach.queue,
    )
    return Added(address, "invited", issued.invitation.id)


async def _teams_named(
    db: AsyncSession, organization_id: uuid.UUID, names: Sequence[str]
) -> list[Team]:
    wanted = {name.strip() for name in names if name.strip()}
    if not wanted:
        return []
    found = list(
        await db.scalars(
            select(Team).where(Team.organization_id == organization_id, Team.name.in_(wanted))
        )
    )
    missing = sorted(wanted - {team.name for team in found})
    if missing:
        raise UnknownTeam(team=missing[0])
    return found
