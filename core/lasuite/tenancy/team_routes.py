"""Teams of the caller's organization and who is in them."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Router, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody

from lasuite.plugins import CurrentActor, DbSession, Events
from lasuite.tenancy.teams import (
    add_team_member,
    create_team,
    delete_team,
    list_teams,
    publish_team_changed,
    remove_team_member,
    rename_team,
    team_member_ids,
)


class TeamIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class TeamOut(msgspec.Struct):
    id: uuid.UUID
    name: str
    member_ids: list[uuid.UUID]


@get("/", permission="core.teams.read")
async def list_organization_teams(db: DbSession, actor: CurrentActor) -> list[TeamOut]:
    """The organization's teams by name, with their members' user ids."""
    return [
        TeamOut(id=team.id, name=team.name, member_ids=members)
        for team, members in await list_teams(db, actor.organization_id)
    ]


@post("/", permission="core.teams.manage")
async def create_organization_team(
    data: JSONBody[TeamIn], db: DbSession, actor: CurrentActor
) -> TeamOut:
    team = await create_team(db, actor, name=data.name)
    return TeamOut(id=team.id, name=team.name, member_ids=[])


@patch("/{team_id:uuid}", permission="core.teams.manage")
async def rename_organization_team(
    team_id: FromPath[uuid.UUID], data: JSONBody[TeamIn], db: DbSession, actor: CurrentActor
) -> TeamOut:
    team = await rename_team(db, actor, team_id=team_id, name=data.name)
    return TeamOut(id=team.id, name=team.name, member_ids=await team_member_ids(db, team.id))


@delete("/{team_id:uuid}", permission="core.teams.manage")
async def delete_organization_team(
    team_id: FromPath[uuid.UUID], db: DbSession, actor: CurrentActor, events: Events
) -> None:
    """Delete the team: its members lose what was shared with it."""
    user_ids = await delete_team(db, actor, team_id=team_id)
    await publish_team_changed(db, events, actor.organization_id, team_id, user_ids)


@put("/{team_id:uuid}/members/{user_id:uuid}", permission="core.teams.manage", status_code=204)
async def add_to_team(
    team_id: FromPath[uuid.UUID],
    user_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> None:
    """Put a member of the organization in the team; anyone else is a 404."""
    if await add_team_member(db, actor, team_id=team_id, user_id=user_id):
        await publish_team_changed(db, events, actor.organization_id, team_id, [user_id])


@delete("/{team_id:uuid}/members/{user_id:uuid}", permission="core.teams.manage")
async def remove_from_team(
    team_id: FromPath[uuid.UUID],
    user_id: FromPath[uuid.UUID],
    db: DbSession,
    actor: CurrentActor,
    events: Events,
) -> None:
    await remove_team_member(db, actor, team_id=team_id, user_id=user_id)
    await publish_team_changed(db, events, actor.organization_id, team_id, [user_id])


teams_router = Router(
    path="/api/v1/orgs/current/teams",
    route_handlers=[
        list_organization_teams,
        create_organization_team,
        rename_organization_team,
        delete_organization_team,
        add_to_team,
        remove_from_team,
    ],
    tags=["teams"],
)
