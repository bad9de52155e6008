"""Personal API tokens: shown once, stored hashed, narrowed by scopes, expiring, revocable."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from lasuite.identity.models import ApiToken
from lasuite.identity.tokens import usable_token

TOKENS = "/api/v1/auth/tokens"
ME = "/api/v1/auth/me"
TOKEN_FORMAT = re.compile(r"^lst_([0-9a-f]{8})_[A-Za-z0-9_-]{40,}$")


async def create_token(client, **body) -> dict:
    response = await client.post(TOKENS, json={"name": "script", "scopes": ["core.*"], **body})
    assert response.status_code == 201, response.text
    created: dict = response.json()
    return created


def bearer(created: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {created['token']}"}


async def test_the_secret_is_shown_once_and_only_its_hash_is_stored(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    created = await create_token(lasuite_client, name="backup script")
    listed = (await lasuite_client.get(TOKENS)).json()

    match = TOKEN_FORMAT.match(created["token"])
    assert match is not None, created["token"]
    assert match[1] == created["prefix"]
    assert [t["name"] for t in listed] == ["backup script"]
    assert "token" not in listed[0]
    async with lasuite_database.sessions() as db:
        stored = await db.scalar(select(ApiToken).where(ApiToken.id == uuid.UUID(created["id"])))
    assert stored is not None
    assert stored.token_hash == hashlib.sha256(created["token"].encode()).hexdigest()


async def test_a_token_acts_as_its_owner_in_its_organization(lasuite_client, make_member):
    alice = await make_member(role="admin")
    await alice.sign_in(lasuite_client)
    created = await create_token(lasuite_client)
    lasuite_client.cookies.clear()

    me = await lasuite_client.get(ME, headers=bearer(created))

    assert me.status_code == 200, me.text
    assert me.json()["email"] == alice.email
    assert me.json()["organization_id"] == str(alice.organization_id)
    assert me.json()["role"] == "admin"


async def test_scopes_narrow_what_a_token_may_do(lasuite_client, make_member):
    alice = await make_member(role="admin")
    await alice.sign_in(lasuite_client)
    profile_only = await create_token(lasuite_client, scopes=["core.profile.read"])
    plugins_only = await create_token(lasuite_client, scopes=["core.plugins.*"])
    lasuite_client.cookies.clear()

    me = await lasuite_client.get(ME, headers=bearer(profile_only))
    plugins = await lasuite_client.get("/api/v1/plugins", headers=bearer(profile_only))
    me_with_plugins_scope = await lasuite_client.get(ME, headers=bearer(plugins_only))
    plugins_with_pattern = await lasuite_client.get("/api/v1/plugins", headers=bearer(plugins_only))

    assert me.status_code == 200
    assert sorted(me.json()["permissions"]) == ["core.profile.read"]
    assert plugins.status_code == 403
    assert me_with_plugins_scope.status_code == 403
    assert plugins_with_pattern.status_code == 200


async def test_scopes_never_grant_more_than_the_owners_role(lasuite_client, make_member):
    guest = await make_member(role="guest")
    await guest.sign_in(lasuite_client)
    created = await create_token(lasuite_client, scopes=["core.plugins.read"])
    lasuite_client.cookies.clear()

    response = await lasuite_client.get("/api/v1/plugins", headers=bearer(created))

    assert response.status_code == 403


async def test_each_scope_must_match_a_known_permission(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    unknown = await lasuite_client.post(
        TOKENS, json={"name": "x", "scopes": ["core.profile.read", "nothing.here"]}
    )
    unknown_pattern = await lasuite_client.post(TOKENS, json={"name": "x", "scopes": ["nope.*"]})
    everything = await lasuite_client.post(TOKENS, json={"name": "x", "scopes": ["*"]})
    none = await lasuite_client.post(TOKENS, json={"name": "x", "scopes": []})

    assert unknown.status_code == 400
    assert unknown.json()["error"] == "invalid_input"
    assert "nothing.here" in str(unknown.json()["detail"])
    assert "core.profile.read" not in str(unknown.json()["detail"]["fields"])
    assert unknown_pattern.status_code == 400
    assert everything.status_code == 400
    assert none.status_code == 400


async def test_expiry_is_between_one_and_365_days_and_90_by_default(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    before = datetime.now(UTC)

    default = await create_token(lasuite_client)
    year = await create_token(lasuite_client, expires_in_days=365)
    zero = await lasuite_client.post(
        TOKENS, json={"name": "x", "scopes": ["core.*"], "expires_in_days": 0}
    )
    too_long = await lasuite_client.post(
        TOKENS, json={"name": "x", "scopes": ["core.*"], "expires_in_days": 366}
    )

    default_expiry = datetime.fromisoformat(default["expires_at"])
    year_expiry = datetime.fromisoformat(year["expires_at"])
    assert timedelta(days=90) <= default_expiry - before < timedelta(days=90, minutes=5)
    assert timedelta(days=365) <= year_expiry - before < timedelta(days=365, minutes=5)
    assert zero.status_code == 400
    assert too_long.status_code == 400


async def test_an_expired_token_is_refused(lasuite_client, make_member, lasuite_database):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = await create_token(lasuite_client)
    async with lasuite_database.transaction() as db:
        await db.execute(
            update(ApiToken)
            .where(ApiToken.id == uuid.UUID(created["id"]))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    lasuite_client.cookies.clear()

    response = await lasuite_client.get(ME, headers=bearer(created))

    assert response.status_code == 401
    assert response.json() == {
        "error": "not_authenticated",
        "detail": "This API token has expired.",
    }


async def test_a_revoked_token_stops_working_and_leaves_the_list(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    kept = await create_token(lasuite_client, name="kept")
    revoked = await create_token(lasuite_client, name="revoked")

    response = await lasuite_client.delete(f"{TOKENS}/{revoked['id']}")
    listed = (await lasuite_client.get(TOKENS)).json()
    again = await lasuite_client.delete(f"{TOKENS}/{revoked['id']}")
    lasuite_client.cookies.clear()
    refused = await lasuite_client.get(ME, headers=bearer(revoked))
    still_works = await lasuite_client.get(ME, headers=bearer(kept))

    assert response.status_code == 204
    assert [t["name"] for t in listed] == ["kept"]
    assert again.status_code == 404
    assert refused.status_code == 401
    assert refused.json()["detail"] == "This API token has been revoked."
    assert still_works.status_code == 200


async def test_nobody_can_see_or_revoke_someone_elses_token(lasuite_client, make_member):
    alice = await make_member(role="owner")
    bob = await make_member(role="owner")
    await alice.sign_in(lasuite_client)
    alices = await create_token(lasuite_client)

    await bob.sign_in(lasuite_client)
    bobs_list = (await lasuite_client.get(TOKENS)).json()
    revoke = await lasuite_client.delete(f"{TOKENS}/{alices['id']}")
    lasuite_client.cookies.clear()
    still_works = await lasuite_client.get(ME, headers=bearer(alices))

    assert bobs_list == []
    assert revoke.status_code == 404
    assert still_works.status_code == 200


async def test_an_unknown_token_is_refused_not_treated_as_anonymous(lasuite_client):
    for header in ("Bearer lst_00000000_not-a-real-secret", "Bearer something-else", "Bearer "):
        response = await lasuite_client.get(ME, headers={"Authorization": header})

        assert response.status_code == 401, header
        assert response.json() == {"error": "not_authenticated", "detail": "Unknown API token."}


async def test_a_bad_token_is_refused_even_alongside_a_valid_session(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)

    response = await lasuite_client.get(ME, headers={"Authorization": "Bearer lst_bad_token"})

    assert response.status_code == 401


async def test_a_token_cannot_create_tokens(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = await create_token(lasuite_client, scopes=["core.token.manage"])
    lasuite_client.cookies.clear()

    response = await lasuite_client.post(
        TOKENS, json={"name": "child", "scopes": ["core.*"]}, headers=bearer(created)
    )
    listed = await lasuite_client.get(TOKENS, headers=bearer(created))

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert [t["name"] for t in listed.json()] == ["script"]


async def test_token_creation_and_revocation_are_audited(lasuite_client, make_member):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)
    created = await create_token(lasuite_client, name="ci", scopes=["core.profile.read"])
    await lasuite_client.delete(f"{TOKENS}/{created['id']}")

    audit = (await lasuite_client.get("/api/v1/orgs/current/audit")).json()
    events = {e["action"]: e for e in audit if e["target"] == created["id"]}

    assert set(events) == {"core.token.created", "core.token.revoked"}
    assert events["core.token.created"]["actor_id"] == str(owner.user_id)
    assert events["core.token.created"]["data"]["scopes"] == ["core.profile.read"]
    assert created["token"] not in str(audit)


async def test_last_use_is_noted_at_most_once_a_minute(
    lasuite_client, make_member, lasuite_database
):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = await create_token(lasuite_client)
    start = datetime.now(UTC)

    noted = []
    for seconds in (0, 30, 61):
        async with lasuite_database.transaction() as db:
            record = await usable_token(
                db, created["token"], now=start + timedelta(seconds=seconds)
            )
            noted.append(record.last_used_at)

    assert noted == [start, start, start + timedelta(seconds=61)]


async def test_requests_with_a_token_update_its_last_use(lasuite_client, make_member):
    alice = await make_member()
    await alice.sign_in(lasuite_client)
    created = await create_token(lasuite_client)
    assert created["last_used_at"] is None

    await lasuite_client.get(ME, headers=bearer(created))
    listed = (await lasuite_client.get(TOKENS)).json()

    assert listed[0]["last_used_at"] is not None
