"""Who enters a meeting, who waits in the lobby, who is refused: by access level, room
role, organization and sign-in."""

from __future__ import annotations

import pytest

from lasuite.plugins import colour_of

ROOMS = "/api/v1/visio/rooms"
PLUGIN = "/api/v1/orgs/current/plugins/visio"
SETTINGS = f"{PLUGIN}/settings"
TEAMS = "/api/v1/orgs/current/teams"


async def _room(client, **fields) -> str:
    response = await client.post(ROOMS, json={"name": "Point hebdo", **fields})
    assert response.status_code == 201, response.text
    return response.json()["slug"]


async def _sign_out(client) -> None:
    """Forget the session; a safe request gets the CSRF cookie a browser would have."""
    client.cookies.clear()
    await client.get("/api/v1/auth/providers")


async def _join(client, slug: str, **body):
    return await client.post(f"{ROOMS}/{slug}/join", json=body)


async def test_anyone_with_the_link_enters_a_public_room_under_a_name(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    slug = await _room(lasuite_client, access_level="public")
    await _sign_out(lasuite_client)

    response = await _join(lasuite_client, slug, name="Camille (préfecture)")

    assert response.status_code == 200, response.text
    joined = response.json()
    assert (joined["status"], joined["mode"]) == ("admitted", "mesh")
    assert (joined["you"]["name"], joined["you"]["role"]) == ("Camille (préfecture)", "guest")
    assert joined["ticket"]
    assert joined["livekit"] is None


async def test_in_a_trusted_room_members_enter_and_people_not_signed_in_wait(
    lasuite_client, make_member
):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    slug = await _room(lasuite_client)
    owner = (await _join(lasuite_client, slug)).json()
    await bob.sign_in(lasuite_client)
    member = (await _join(lasuite_client, slug)).json()
    await _sign_out(lasuite_client)
    guest = (await _join(lasuite_client, slug, name="Invité")).json()

    assert (owner["status"], owner["you"]["role"]) == ("admitted", "owner")
    assert (member["status"], member["you"]["role"]) == ("admitted", "member")
    assert (guest["status"], guest["you"]["role"]) == ("waiting", "guest")


async def test_a_member_of_another_organization_waits_in_a_trusted_room(
    lasuite_client, make_member
):
    alice = await make_member(organization="org-a")
    outsider = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    slug = await _room(lasuite_client)
    await outsider.sign_in(lasuite_client)

    joined = (await _join(lasuite_client, slug)).json()

    assert (joined["status"], joined["you"]["role"]) == ("waiting", "guest")
    assert joined["you"]["name"] == outsider.email.split("@")[0]


async def test_a_restricted_room_takes_only_holders_of_a_room_role(lasuite_client, make_member):
    alice, bob, carol = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    slug = await _room(lasuite_client, access_level="restricted")
    granted = await lasuite_client.post(
        f"{ROOMS}/{slug}/grants", json={"user_id": str(carol.user_id), "role": "member"}
    )
    assert granted.status_code == 200, granted.text

    await bob.sign_in(lasuite_client)
    refused = await _join(lasuite_client, slug)
    await carol.sign_in(lasuite_client)
    admitted = await _join(lasuite_client, slug)
    await _sign_out(lasuite_client)
    anonymous = await _join(lasuite_client, slug, name="Quelqu'un")

    assert (refused.status_code, refused.json()["error"]) == (403, "visio.room_restricted")
    assert admitted.json()["status"] == "admitted"
    assert (anonymous.status_code, anonymous.json()["error"]) == (401, "visio.sign_in_to_join")


async def test_someone_not_signed_in_must_give_a_name(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    slug = await _room(lasuite_client, access_level="public")
    await _sign_out(lasuite_client)

    response = await _join(lasuite_client, slug, name="   ")

    assert (response.status_code, response.json()["error"]) == (400, "visio.name_needed")


async def test_an_organization_can_keep_people_not_signed_in_out(lasuite_client, make_member):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    slug = await _room(lasuite_client, access_level="public")
    current = (await lasuite_client.get(SETTINGS)).json()
    changed = await lasuite_client.put(
        SETTINGS,
        json={
            "values": {**current["values"], "allow_guests": False},
            "version": current["version"],
        },
    )
    assert changed.status_code == 200, changed.text
    await _sign_out(lasuite_client)

    response = await _join(lasuite_client, slug, name="Camille")

    assert (response.status_code, response.json()["error"]) == (401, "visio.sign_in_to_join")


async def test_an_unknown_link_finds_no_meeting(lasuite_client):
    response = await _join(lasuite_client, "abc-defg-hij", name="Camille")

    assert (response.status_code, response.json()["error"]) == (404, "visio.room_not_found")


async def _switch_visio(client, enabled: bool) -> None:
    response = await client.put(PLUGIN, json={"enabled": enabled})
    assert response.status_code == 200, response.text


async def test_a_room_of_an_organization_without_visio_is_found_by_nobody(
    lasuite_client, make_member
):
    admin = await make_member(organization="org-a", role="admin")
    outsider = await make_member(organization="org-b")
    await admin.sign_in(lasuite_client)
    slug = await _room(lasuite_client, access_level="public")
    await _switch_visio(lasuite_client, False)

    as_member = await _join(lasuite_client, slug)
    await outsider.sign_in(lasuite_client)
    as_outsider = await _join(lasuite_client, slug)
    await _sign_out(lasuite_client)
    as_guest = await _join(lasuite_client, slug, name="Camille")

    # The route guard answers its members (visio is off for them); the room's answer
    # is the same to people of other organizations and to people not signed in.
    assert (as_member.status_code, as_member.json()["error"]) == (404, "not_found")
    for response in (as_outsider, as_guest):
        assert (response.status_code, response.json()["error"]) == (404, "visio.room_not_found")


async def test_a_ticket_resumes_the_same_participant(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    slug = await _room(lasuite_client, access_level="public")
    await _sign_out(lasuite_client)
    first = (await _join(lasuite_client, slug, name="Camille")).json()

    again = (await _join(lasuite_client, slug, ticket=first["ticket"])).json()

    assert again["you"]["id"] == first["you"]["id"]
    assert again["ticket"] == first["ticket"]


async def test_a_ticket_of_another_room_starts_afresh(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    one = await _room(lasuite_client, access_level="public")
    two = await _room(lasuite_client, access_level="public")
    await _sign_out(lasuite_client)
    first = (await _join(lasuite_client, one, name="Camille")).json()

    other = (await _join(lasuite_client, two, name="Camille", ticket=first["ticket"])).json()

    assert other["you"]["id"] != first["you"]["id"]


@pytest.mark.parametrize("field", ["access_level", "camera", "microphone", "screen"])
async def test_only_hosts_change_a_room(lasuite_client, make_member, field):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    slug = await _room(lasuite_client)
    value = "public" if field == "access_level" else "administrators"
    await bob.sign_in(lasuite_client)

    refused = await lasuite_client.patch(f"{ROOMS}/{slug}", json={field: value})
    await alice.sign_in(lasuite_client)
    changed = await lasuite_client.patch(f"{ROOMS}/{slug}", json={field: value})

    assert refused.status_code == 403
    assert (changed.status_code, changed.json()[field]) == (200, value)


async def test_a_room_keeps_an_owner(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    slug = await _room(lasuite_client)
    [owner] = (await lasuite_client.get(f"{ROOMS}/{slug}/grants")).json()

    demoted = await lasuite_client.post(
        f"{ROOMS}/{slug}/grants", json={"user_id": owner["user_id"], "role": "member"}
    )
    removed = await lasuite_client.delete(f"{ROOMS}/{slug}/grants/{owner['id']}")

    assert (demoted.status_code, demoted.json()["error"]) == (409, "visio.owner_stays")
    assert (removed.status_code, removed.json()["error"]) == (409, "visio.owner_stays")


async def test_a_team_holds_a_room_role_for_its_members(lasuite_client, make_member):
    admin, bob = await make_member(role="admin"), await make_member()
    await admin.sign_in(lasuite_client)
    team = (await lasuite_client.post(TEAMS, json={"name": "Cabinet"})).json()["id"]
    await lasuite_client.put(f"{TEAMS}/{team}/members/{bob.user_id}")
    slug = await _room(lasuite_client, access_level="restricted")
    granted = await lasuite_client.post(
        f"{ROOMS}/{slug}/grants", json={"team_id": team, "role": "administrator"}
    )
    assert granted.status_code == 200, granted.text
    await bob.sign_in(lasuite_client)

    joined = (await _join(lasuite_client, slug)).json()

    assert (joined["status"], joined["you"]["role"]) == ("admitted", "administrator")


async def test_a_participant_comes_in_with_the_colour_of_their_account(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    await lasuite_client.patch("/api/v1/auth/me", json={"colour": "#6e445a"})
    slug = await _room(lasuite_client, access_level="public")
    as_alice = await _join(lasuite_client, slug)
    await bob.sign_in(lasuite_client)
    bobs_own = (await lasuite_client.get("/api/v1/auth/me")).json()["colour"]
    as_bob = await _join(lasuite_client, slug)

    assert as_alice.json()["you"]["colour"] == "#6e445a"
    assert as_bob.json()["you"]["colour"] == bobs_own == colour_of(bob.user_id)
