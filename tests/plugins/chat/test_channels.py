"""Chat channels through the HTTP API: kinds, who sees and joins them, roles, archive."""

from __future__ import annotations

from lasuite.testing import another_client
from tests.plugins.chat.chat_api import BASE, add_member, create_channel, post

TEAMS = "/api/v1/orgs/current/teams"


async def signed_in(lasuite_client, member):
    client = another_client(lasuite_client)
    await member.sign_in(client)
    return client


async def test_member_creates_and_lists_channels(lasuite_client, make_member):
    alice = await make_member(role="member")
    await alice.sign_in(lasuite_client)

    created = await lasuite_client.post(f"{BASE}/channels", json={"name": "général"})
    listed = await lasuite_client.get(f"{BASE}/channels")

    assert created.status_code == 201, created.text
    assert created.json()["role"] == "owner"
    assert [(c["name"], c["role"]) for c in listed.json()] == [("général", "owner")]


async def test_guest_cannot_create_channels(lasuite_client, make_member):
    guest = await make_member(role="guest")
    await guest.sign_in(lasuite_client)

    response = await lasuite_client.post(f"{BASE}/channels", json={"name": "x"})

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


async def test_channels_of_another_organization_are_invisible(lasuite_client, make_member):
    alice = await make_member(organization="org-a")
    bob = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "secret")

    await bob.sign_in(lasuite_client)
    listed = await lasuite_client.get(f"{BASE}/channels")
    browsed = await lasuite_client.get(f"{BASE}/channels/browse")
    fetched = await lasuite_client.get(f"{BASE}/channels/{channel['id']}")
    joined = await lasuite_client.post(f"{BASE}/channels/{channel['id']}/join")

    assert listed.json() == []
    assert browsed.json() == []
    assert fetched.status_code == 404
    assert joined.status_code == 404


async def test_duplicate_channel_name_is_a_conflict(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    await lasuite_client.post(f"{BASE}/channels", json={"name": "dup"})

    response = await lasuite_client.post(
        f"{BASE}/channels", json={"name": "dup", "kind": "private"}
    )

    assert response.status_code == 409
    assert response.json() == {
        "error": "chat.channel_name_taken",
        "detail": {"message": "A channel named dup already exists.", "name": "dup"},
    }


async def test_members_browse_join_and_leave_public_channels(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "ouvert", topic="Tout le monde")
    bob_client = await signed_in(lasuite_client, bob)

    browsed = (await bob_client.get(f"{BASE}/channels/browse")).json()
    readable = await bob_client.get(f"{BASE}/channels/{channel['id']}/messages")
    refused = await post(bob_client, channel["id"], "avant d'entrer")
    joined = await bob_client.post(f"{BASE}/channels/{channel['id']}/join")
    mine = (await bob_client.get(f"{BASE}/channels")).json()
    left = await bob_client.post(f"{BASE}/channels/{channel['id']}/leave")
    after = (await bob_client.get(f"{BASE}/channels")).json()

    assert [c["name"] for c in browsed] == ["ouvert"]
    assert readable.status_code == 200
    assert refused.status_code == 403
    assert joined.status_code == 200
    assert joined.json()["role"] == "member"
    assert [c["id"] for c in mine] == [channel["id"]]
    assert left.status_code == 204
    assert after == []


async def test_private_channels_are_hidden_from_non_members(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "cabinet", kind="private")
    bob_client = await signed_in(lasuite_client, bob)
    url = f"{BASE}/channels/{channel['id']}"

    statuses = [
        (await bob_client.get(url)).status_code,
        (await bob_client.get(f"{url}/messages")).status_code,
        (await bob_client.get(f"{url}/members")).status_code,
        (await bob_client.post(f"{url}/join")).status_code,
        (await post(bob_client, channel["id"], "bonjour")).status_code,
    ]
    browsed = (await bob_client.get(f"{BASE}/channels/browse")).json()

    assert statuses == [404, 404, 404, 404, 404]
    assert browsed == []


async def test_a_member_invites_someone_into_a_private_channel(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "cabinet", kind="private")

    added = await add_member(lasuite_client, channel["id"], bob.user_id)
    bob_client = await signed_in(lasuite_client, bob)
    fetched = await bob_client.get(f"{BASE}/channels/{channel['id']}")
    posted = await post(bob_client, channel["id"], "merci")

    assert added.status_code == 200, added.text
    assert added.json()["role"] == "member"
    assert fetched.json()["role"] == "member"
    assert posted.status_code == 201


async def test_someone_of_another_organization_cannot_be_added(lasuite_client, make_member):
    alice = await make_member(organization="org-a")
    stranger = await make_member(organization="org-b")
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "cabinet", kind="private")

    response = await add_member(lasuite_client, channel["id"], stranger.user_id)

    assert response.status_code == 404


async def test_guests_see_only_the_channels_they_were_added_to(lasuite_client, make_member):
    alice, guest = await make_member(), await make_member(role="guest")
    await alice.sign_in(lasuite_client)
    public = await create_channel(lasuite_client, "public")
    invited = await create_channel(lasuite_client, "avec invité")
    await add_member(lasuite_client, invited["id"], guest.user_id)
    guest_client = await signed_in(lasuite_client, guest)

    browsed = (await guest_client.get(f"{BASE}/channels/browse")).json()
    mine = (await guest_client.get(f"{BASE}/channels")).json()
    public_read = await guest_client.get(f"{BASE}/channels/{public['id']}/messages")
    public_join = await guest_client.post(f"{BASE}/channels/{public['id']}/join")
    invited_post = await post(guest_client, invited["id"], "bonjour")

    assert browsed == []
    assert [c["name"] for c in mine] == ["avec invité"]
    assert public_read.status_code == 404
    assert public_join.status_code == 404
    assert invited_post.status_code == 201


async def test_guests_write_only_to_the_people_of_their_channels(lasuite_client, make_member):
    alice, bob, guest = await make_member(), await make_member(), await make_member(role="guest")
    await alice.sign_in(lasuite_client)
    invited = await create_channel(lasuite_client, "avec invité")
    await add_member(lasuite_client, invited["id"], guest.user_id)
    guest_client = await signed_in(lasuite_client, guest)

    contacts = (await guest_client.get(f"{BASE}/contacts")).json()
    to_alice = await guest_client.post(
        f"{BASE}/conversations", json={"user_ids": [str(alice.user_id)]}
    )
    to_bob = await guest_client.post(f"{BASE}/conversations", json={"user_ids": [str(bob.user_id)]})
    bob_client = await signed_in(lasuite_client, bob)
    from_bob = await bob_client.post(
        f"{BASE}/conversations", json={"user_ids": [str(guest.user_id)]}
    )
    back_to_bob = await guest_client.post(
        f"{BASE}/conversations", json={"user_ids": [str(bob.user_id)]}
    )

    assert [c["user_id"] for c in contacts] == [str(alice.user_id)]
    assert to_alice.status_code == 201
    assert (to_bob.status_code, to_bob.json()["error"]) == (403, "chat.not_sharing_a_channel")
    assert from_bob.status_code == 201  # members write to anyone, guests included
    assert (back_to_bob.status_code, back_to_bob.json()["id"]) == (200, from_bob.json()["id"])


async def test_a_private_channel_shared_with_a_team_is_open_to_its_members(
    lasuite_client, make_member
):
    owner, carol, dave = await make_member(role="owner"), await make_member(), await make_member()
    await owner.sign_in(lasuite_client)
    team = (await lasuite_client.post(TEAMS, json={"name": "juristes"})).json()
    await lasuite_client.put(f"{TEAMS}/{team['id']}/members/{carol.user_id}")
    channel = await create_channel(lasuite_client, "avis", kind="private")
    shared = await lasuite_client.patch(
        f"{BASE}/channels/{channel['id']}", json={"team_ids": [team["id"]]}
    )
    carol_client = await signed_in(lasuite_client, carol)
    dave_client = await signed_in(lasuite_client, dave)

    carol_browse = (await carol_client.get(f"{BASE}/channels/browse")).json()
    carol_join = await carol_client.post(f"{BASE}/channels/{channel['id']}/join")
    dave_read = await dave_client.get(f"{BASE}/channels/{channel['id']}/messages")

    assert shared.json()["team_ids"] == [team["id"]]
    assert [c["name"] for c in carol_browse] == ["avis"]
    assert carol_join.status_code == 200
    assert dave_read.status_code == 404


async def test_a_direct_conversation_is_opened_once_per_pair(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    bob_client = await signed_in(lasuite_client, bob)

    first = await lasuite_client.post(
        f"{BASE}/conversations", json={"user_ids": [str(bob.user_id)]}
    )
    again = await lasuite_client.post(
        f"{BASE}/conversations", json={"user_ids": [str(bob.user_id)]}
    )
    from_bob = await bob_client.post(
        f"{BASE}/conversations", json={"user_ids": [str(alice.user_id)]}
    )

    assert first.status_code == 201, first.text
    assert first.json()["kind"] == "direct"
    assert first.json()["name"] is None
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    assert (from_bob.status_code, from_bob.json()["id"]) == (200, first.json()["id"])


async def test_a_direct_conversation_is_closed_to_anyone_else(lasuite_client, make_member):
    alice, bob, eve = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    direct = (
        await lasuite_client.post(f"{BASE}/conversations", json={"user_ids": [str(bob.user_id)]})
    ).json()
    eve_client = await signed_in(lasuite_client, eve)

    read = await eve_client.get(f"{BASE}/channels/{direct['id']}/messages")
    joined = await eve_client.post(f"{BASE}/channels/{direct['id']}/join")
    added = await add_member(lasuite_client, direct["id"], eve.user_id)

    assert read.status_code == 404
    assert joined.status_code == 404
    assert added.status_code == 409


async def test_group_conversations_have_three_to_eight_people(lasuite_client, make_member):
    alice = await make_member()
    others = [await make_member() for _ in range(8)]
    await alice.sign_in(lasuite_client)

    group = await lasuite_client.post(
        f"{BASE}/conversations", json={"user_ids": [str(m.user_id) for m in others[:7]]}
    )
    too_many = await lasuite_client.post(
        f"{BASE}/conversations", json={"user_ids": [str(m.user_id) for m in others]}
    )
    members = await lasuite_client.get(f"{BASE}/channels/{group.json()['id']}/members")

    assert group.status_code == 201
    assert group.json()["kind"] == "group"
    assert len(members.json()) == 8
    assert too_many.status_code == 400


async def test_an_archived_channel_is_read_only_until_unarchived(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "projet")
    await post(lasuite_client, channel["id"], "dernier message")

    archived = await lasuite_client.post(f"{BASE}/channels/{channel['id']}/archive")
    refused = await post(lasuite_client, channel["id"], "encore")
    readable = await lasuite_client.get(f"{BASE}/channels/{channel['id']}/messages")
    reopened = await lasuite_client.post(f"{BASE}/channels/{channel['id']}/unarchive")
    accepted = await post(lasuite_client, channel["id"], "encore")

    assert archived.json()["archived"] is True
    assert refused.status_code == 409
    assert refused.json() == {
        "error": "chat.channel_archived",
        "detail": "This channel is archived.",
    }
    assert [m["text"] for m in readable.json()] == ["dernier message"]
    assert reopened.json()["archived"] is False
    assert accepted.status_code == 201


async def test_only_owners_archive_and_set_roles(lasuite_client, make_member):
    alice, bob, carol = await make_member(), await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "projet")
    await add_member(lasuite_client, channel["id"], bob.user_id)
    await add_member(lasuite_client, channel["id"], carol.user_id)
    bob_client = await signed_in(lasuite_client, bob)
    members_url = f"{BASE}/channels/{channel['id']}/members"

    by_member = [
        (await bob_client.post(f"{BASE}/channels/{channel['id']}/archive")).status_code,
        (
            await bob_client.patch(f"{members_url}/{carol.user_id}", json={"role": "moderator"})
        ).status_code,
        (
            await bob_client.patch(f"{BASE}/channels/{channel['id']}", json={"topic": "t"})
        ).status_code,
    ]
    promoted = await lasuite_client.patch(
        f"{members_url}/{bob.user_id}", json={"role": "moderator"}
    )
    by_moderator = [
        (
            await bob_client.patch(f"{BASE}/channels/{channel['id']}", json={"topic": "t"})
        ).status_code,
        (await bob_client.delete(f"{members_url}/{carol.user_id}")).status_code,
        (await bob_client.delete(f"{members_url}/{alice.user_id}")).status_code,
    ]
    roles = {m["user_id"]: m["role"] for m in (await lasuite_client.get(members_url)).json()}

    assert by_member == [403, 403, 403]
    assert promoted.json()["role"] == "moderator"
    assert by_moderator == [200, 204, 403]
    assert roles == {str(alice.user_id): "owner", str(bob.user_id): "moderator"}


async def test_the_last_owner_cannot_leave_a_channel_with_members(lasuite_client, make_member):
    alice, bob = await make_member(), await make_member()
    await alice.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "projet")
    await add_member(lasuite_client, channel["id"], bob.user_id)

    refused = await lasuite_client.post(f"{BASE}/channels/{channel['id']}/leave")
    await lasuite_client.patch(
        f"{BASE}/channels/{channel['id']}/members/{bob.user_id}", json={"role": "owner"}
    )
    allowed = await lasuite_client.post(f"{BASE}/channels/{channel['id']}/leave")

    assert refused.status_code == 409
    assert allowed.status_code == 204


async def test_archiving_and_reopening_a_channel_are_in_the_audit_log(lasuite_client, make_member):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)
    channel = await create_channel(lasuite_client, "projet")

    await lasuite_client.post(f"{BASE}/channels/{channel['id']}/archive")
    await lasuite_client.post(f"{BASE}/channels/{channel['id']}/archive")  # no change
    await lasuite_client.post(f"{BASE}/channels/{channel['id']}/unarchive")
    log = await lasuite_client.get("/api/v1/orgs/current/audit", params={"action": "chat.*"})

    assert [(e["action"], e["actor_id"], e["target"], e["data"]) for e in log.json()] == [
        ("chat.channel.unarchived", str(owner.user_id), channel["id"], {"name": "projet"}),
        ("chat.channel.archived", str(owner.user_id), channel["id"], {"name": "projet"}),
    ]
