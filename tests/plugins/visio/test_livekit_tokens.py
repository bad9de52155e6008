"""With a LiveKit server configured, a join returns where to connect and a token whose
grants, decoded with livekit-api's own ``TokenVerifier``, follow the room role and the
room's settings."""

from __future__ import annotations

import jwt
import pytest
from livekit.api import TokenVerifier

from tests.plugins.visio.conftest import KEY, SECRET

ROOMS = "/api/v1/visio/rooms"
ALL_SOURCES = ["camera", "microphone", "screen_share", "screen_share_audio"]


@pytest.fixture
def livekit(fake_livekit):
    """LiveKit configured for the app (read when the app starts): the fake's URL."""
    return fake_livekit.url


async def _sign_out(client) -> None:
    client.cookies.clear()
    await client.get("/api/v1/auth/providers")


async def _people(client, make_member, access_level: str, **settings) -> tuple[str, dict]:
    """A room with its owner, an administrator, a room member and an organization member
    without a room role; each one's join answer (or refusal), and a guest's."""
    owner, admin, member, colleague = [await make_member() for _ in range(4)]
    await owner.sign_in(client)
    slug = (
        await client.post(ROOMS, json={"name": "Comité", "access_level": access_level, **settings})
    ).json()["slug"]
    for who, role in ((admin, "administrator"), (member, "member")):
        granted = await client.post(
            f"{ROOMS}/{slug}/grants", json={"user_id": str(who.user_id), "role": role}
        )
        assert granted.status_code == 200, granted.text
    answers = {}
    for name, who in (("owner", owner), ("administrator", admin), ("member", member)):
        await who.sign_in(client)
        answers[name] = await client.post(f"{ROOMS}/{slug}/join", json={})
    await colleague.sign_in(client)
    answers["colleague"] = await client.post(f"{ROOMS}/{slug}/join", json={})
    await _sign_out(client)
    answers["guest"] = await client.post(f"{ROOMS}/{slug}/join", json={"name": "Camille"})
    return slug, answers


def _grants(answer) -> tuple[str, object]:
    joined = answer.json()
    assert joined["livekit"]["url"].startswith("ws://127.0.0.1:")  # the browsers' URL
    claims = TokenVerifier(KEY, SECRET).verify(joined["livekit"]["token"])
    return joined["you"]["id"], claims


@pytest.mark.parametrize("access_level", ["public", "trusted", "restricted"])
async def test_each_role_gets_grants_for_that_room_only(
    livekit, lasuite_client, make_member, access_level
):
    slug, answers = await _people(lasuite_client, make_member, access_level)

    for role in ("owner", "administrator", "member"):
        participant_id, claims = _grants(answers[role])
        video = claims.video
        assert (video.room, video.room_join) == (slug, True), role
        assert video.room_admin is (role in ("owner", "administrator")), role
        assert video.can_update_own_metadata is False, role
        assert sorted(video.can_publish_sources) == sorted(ALL_SOURCES), role
        assert claims.attributes["role"] == role
        assert claims.attributes["colour"].startswith("#")
        # The page matches LiveKit's participants with the meeting's by this.
        assert claims.attributes["participant"] == participant_id

    colleague, guest = answers["colleague"], answers["guest"]
    if access_level == "restricted":
        assert (colleague.status_code, guest.status_code) == (403, 401)
        return
    _, claims = _grants(colleague)
    assert (claims.video.room, claims.video.room_admin) == (slug, False)
    assert claims.attributes["role"] == "member"
    if access_level == "trusted":
        assert (guest.json()["status"], guest.json()["livekit"]) == ("waiting", None)
        return
    guest_id, claims = _grants(guest)
    assert claims.identity == f"guest-{guest_id}"
    assert (claims.name, claims.attributes["role"]) == ("Camille", "guest")
    assert claims.video.room_admin is False


async def test_the_room_settings_narrow_what_each_role_publishes(
    livekit, lasuite_client, make_member
):
    _, answers = await _people(
        lasuite_client,
        make_member,
        "public",
        camera="members",
        microphone="everyone",
        screen="administrators",
    )

    sources = {role: _grants(answers[role])[1].video.can_publish_sources for role in answers}

    assert sorted(sources["administrator"]) == sorted(ALL_SOURCES)
    assert sorted(sources["member"]) == ["camera", "microphone"]
    assert sorted(sources["colleague"]) == ["camera", "microphone"]
    assert sources["guest"] == ["microphone"]


async def test_a_signed_in_persons_identity_is_their_user_id_and_the_token_is_short_lived(
    livekit, lasuite_client, make_member
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    slug = (await lasuite_client.post(ROOMS, json={"name": "Comité"})).json()["slug"]

    answer = await lasuite_client.post(f"{ROOMS}/{slug}/join", json={})
    _, claims = _grants(answer)
    lifetime = jwt.decode(answer.json()["livekit"]["token"], SECRET, algorithms=["HS256"])

    assert claims.identity == str(alice.user_id)
    assert 0 < lifetime["exp"] - lifetime["nbf"] <= 600
