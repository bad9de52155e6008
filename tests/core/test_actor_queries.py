"""Loading the caller, which every authenticated request does: what it reads, and how
many statements it costs (so that its reads never multiply again)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from lasuite.identity.actors import load_actor
from lasuite.identity.models import User
from lasuite.state import runtime_of
from lasuite.tenancy.models import OrganizationPlugin, RoleGrant, Team, TeamMember

WORKSPACE = "/api/v1/workspace"


@pytest.fixture
def statements(lasuite_statements: list[str]) -> list[str]:
    return lasuite_statements


async def test_a_request_signed_in_by_session_sends_one_statement(
    lasuite_client, make_member, statements
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    statements.clear()

    response = await lasuite_client.get(WORKSPACE)

    assert response.status_code == 200
    assert len(statements) == 1, "\n\n".join(statements)


async def test_a_request_with_an_api_token_sends_two_statements(
    lasuite_client, make_member, statements
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = await lasuite_client.post(
        "/api/v1/auth/tokens", json={"name": "script", "scopes": ["core.*"]}
    )
    headers = {"Authorization": f"Bearer {created.json()['token']}"}
    lasuite_client.cookies.clear()
    # The first use also notes the token's last use.
    assert (await lasuite_client.get(WORKSPACE, headers=headers)).status_code == 200
    statements.clear()

    response = await lasuite_client.get(WORKSPACE, headers=headers)

    assert response.status_code == 200
    # The token, then the actor.
    assert len(statements) == 2, "\n\n".join(statements)


async def test_the_actor_has_its_roles_grants_its_orgs_plugins_and_its_teams(
    lasuite_app, make_member, lasuite_database
):
    alice = await make_member(role="member")
    await make_member(role="member", organization="org-b")
    catalogue = runtime_of(lasuite_app.state).permissions
    defaults = catalogue.granted_to("member")
    revoked = sorted(defaults)[0]
    added = sorted(set(catalogue.permissions) - defaults)[0]
    plugins = sorted(runtime_of(lasuite_app.state).registry.loaded_ids)
    async with lasuite_database.transaction() as db:
        ours = Team(organization_id=alice.organization_id, name="ours")
        theirs = Team(organization_id=alice.organization_id, name="theirs")
        db.add_all([ours, theirs])
        await db.flush()
        db.add(TeamMember(team_id=ours.id, user_id=alice.user_id))
        db.add_all(
            RoleGrant(organization_id=alice.organization_id, role=role, permission=p, granted=g)
            for role, p, g in [
                ("member", revoked, False),
                ("member", added, True),
                ("member", "gone.plugin.action", True),
                ("guest", sorted(catalogue.granted_to("owner"))[-1], True),
            ]
        )
        await db.execute(
            update(OrganizationPlugin)
            .where(
                OrganizationPlugin.organization_id == alice.organization_id,
                OrganizationPlugin.plugin_id == plugins[0],
            )
            .values(enabled=False)
        )

    async with lasuite_database.sessions() as db:
        actor = await load_actor(
            db, runtime_of(lasuite_app.state), alice.user_id, alice.organization_id
        )

    assert actor is not None
    assert (actor.email, actor.role) == (alice.email, "member")
    assert actor.permissions == (defaults - {revoked}) | {added}
    assert actor.enabled_plugins == frozenset(plugins[1:])
    assert actor.team_ids == {ours.id}


async def test_a_token_narrows_the_actor_to_its_scopes(lasuite_app, make_member, lasuite_database):
    alice = await make_member(role="owner")

    async with lasuite_database.sessions() as db:
        actor = await load_actor(
            db,
            runtime_of(lasuite_app.state),
            alice.user_id,
            alice.organization_id,
            scopes=frozenset({"core.workspace.read"}),
        )

    assert actor is not None
    assert actor.permissions == {"core.workspace.read"}


async def test_no_actor_for_an_inactive_user_or_another_organization(
    lasuite_app, make_member, lasuite_database
):
    alice = await make_member()
    bob = await make_member(organization="org-b")
    async with lasuite_database.sessions() as db:
        elsewhere = await load_actor(
            db, runtime_of(lasuite_app.state), alice.user_id, bob.organization_id
        )
    async with lasuite_database.transaction() as db:
        await db.execute(update(User).where(User.id == alice.user_id).values(is_active=False))
    async with lasuite_database.sessions() as db:
        inactive = await load_actor(
            db, runtime_of(lasuite_app.state), alice.user_id, alice.organization_id
        )

    assert (elsewhere, inactive) == (None, None)
