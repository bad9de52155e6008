"""Teams: named groups of an organization's members that plugins can share with."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import TYPE_CHECKING

from litestar.exceptions import NotFoundException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from lasuite.audit.log import record_event
from lasuite.permissions.actor import Actor
from lasuite.problems import Problem
from lasuite.realtime.core_events import TeamChanged
from lasuite.realtime.topics import org_topic
from lasuite.tenancy.members import is_member
from lasuite.tenancy.models import Team, TeamMember

if TYPE_CHECKING:
    from lasuite.plugins import EventBus


class TeamNameTaken(Problem):
    code = "core.team_name_taken"
    status = 409
    message = "A team with this name already exists."


async def list_teams(
    db: AsyncSession, organization_id: uuid.UUID
) -> list[tuple[Team, list[uuid.UUID]]]:
    """The organization's teams by name, each with its members' user ids."""
    teams = (
        await db.scalars(
            select(Team).where(Team.organization_id == organization_id).order_by(Team.name)
        )
    ).all()
    members: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    rows = await db.execute(
        select(TeamMember.team_id, TeamMember.user_id)
        .join(Team, Team.id == TeamMember.team_id)
        .where(Team.organization_id == organization_id)
        .order_by(TeamMember.created_at, TeamMember.id)
    )
    for team_id, user_id in rows:
        members[team_id].append(user_id)
    return [(team, members[team.id]) for team in teams]


async def team_member_ids(db: AsyncSession, team_id: uuid.UUID) -> list[uuid.UUID]:
    found = await db.scalars(
        select(TeamMember.user_id)
        .where(TeamMember.team_id == team_id)
        .order_by(TeamMember.created_at, TeamMember.id)
    )
    return list(found)


async def create_team(db: AsyncSession, actor: Actor, *, name: str) -> Team:
    await _check_name_free(db, actor.organization_id, name)
    team = Team(organization_id=actor.organization_id, name=name)
    db.add(team)
    await db.flush()
    record_event(
        db,
        action="core.team.created",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=str(team.id),
        data={"name": name},
    )
    return team


async def rename_team(db: AsyncSession, actor: Actor, *, team_id: uuid.UUID, name: str) -> Team:
    team = await team_of(db, actor, team_id)
    if team.name != name:
        await _check_name_free(db, actor.organization_id, name)
        team.name = name
        await db.flush()
    return team


async def delete_team(db: AsyncSession, actor: Actor, *, team_id: uuid.UUID) -> list[uuid.UUID]:
    """Delete the team; returns who was in it (they lose what was shared with it)."""
    team = await team_of(db, actor, team_id)
    members = await team_member_ids(db, team.id)
    await db.delete(team)
    record_event(
        db,
        action="core.team.deleted",
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=str(team.id),
        data={"name": team.name},
    )
    await db.flush()
    return members


async def add_team_member(
    db: AsyncSession, actor: Actor, *, team_id: uuid.UUID, user_id: uuid.UUID
) -> bool:
    """Put a member of the organization in the team; False if they were in it."""
    team = await team_of(db, actor, team_id)
    if not await is_member(db, actor.organization_id, user_id):
        raise NotFoundException("No such member.")
    if await _team_member(db, team.id, user_id) is not None:
        return False
    db.add(TeamMember(team_id=team.id, user_id=user_id))
    await db.flush()
    _record_team_change(db, actor, "core.team.member_added", team, user_id)
    return True


async def publish_team_changed(
    db: AsyncSession,
    events: EventBus,
    organization_id: uuid.UUID,
    team_id: uuid.UUID,
    user_ids: list[uuid.UUID],
) -> None:
    """Tell the organization (and its plugins) that these people joined or left the team."""
    if user_ids:
        await events.publish(
            db,
            TeamChanged(team_id=team_id, user_ids=user_ids),
            organization_id=organization_id,
            topics=[org_topic(organization_id)],
        )


async def remove_team_member(
    db: AsyncSession, actor: Actor, *, team_id: uuid.UUID, user_id: uuid.UUID
) -> None:
    team = await team_of(db, actor, team_id)
    entry = await _team_member(db, team.id, user_id)
    if entry is None:
        raise NotFoundException("No such member in this team.")
    await db.delete(entry)
    await db.flush()
    _record_team_change(db, actor, "core.team.member_removed", team, user_id)


async def team_of(db: AsyncSession, actor: Actor, team_id: uuid.UUID) -> Team:
    """The team ``team_id`` of the actor's organization (404 for any other)."""
    team = await db.scalar(
        select(Team).where(Team.id == team_id, Team.organization_id == actor.organization_id)
    )
    if team is None:
        raise NotFoundException("No such team.")
    return team


async def _team_member(
    db: AsyncSession, team_id: uuid.UUID, user_id: uuid.UUID
) -> TeamMember | None:
    entry: TeamMember | None = await db.scalar(
        select(TeamMember).where(TeamMember.team_id == team_id, TeamMember.user_id == user_id)
    )
    return entry


async def _check_name_free(db: AsyncSession, organization_id: uuid.UUID, name: str) -> None:
    taken = await db.scalar(
        select(Team.id).where(Team.organization_id == organization_id, Team.name == name)
    )
    if taken is not None:
        raise TeamNameTaken(name=name)


def _record_team_change(
    db: AsyncSession, actor: Actor, action: str, team: Team, user_id: uuid.UUID
) -> None:
    # Team membership can open shared resources, so it is audited like a role.
    record_event(
        db,
        action=action,
        organization_id=actor.organization_id,
        actor_id=actor.user_id,
        target=str(team.id),
        data={"user_id": str(user_id)},
    )
