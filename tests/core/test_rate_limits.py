"""Rate limits: failed sign-ins per IP and e-mail, token creation per user, the counter itself."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from types import SimpleNamespace

import httpx
import pytest
import pytest_asyncio
from litestar import Litestar
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.testing import AsyncTestClient
from redis.asyncio import Redis

from lasuite.app import create_app
from lasuite.identity import ratelimit
from lasuite.identity.login_attempts import LONGEST_PAUSE
from lasuite.identity.ratelimit import hit, take_back
from lasuite.settings import Settings
from lasuite.testing import require_service, send_csrf_token
from tests.e2e.server import served_like_lasuite_run

LOGIN = "/api/v1/auth/login"
TOKENS = "/api/v1/auth/tokens"


@pytest.fixture
def limited_settings(lasuite_settings: Settings) -> Settings:
    return lasuite_settings.model_copy(
        update={
            "login_failures_per_account": 3,
            "login_failures_per_ip": 5,
            "login_failure_window": 600,
            "token_creations_per_hour": 2,
        }
    )


@pytest_asyncio.fixture
async def client(
    lasuite_app: Litestar, limited_settings: Settings, lasuite_registry
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """A client of an app (on the migrated test database) with small limits."""
    async with AsyncTestClient(create_app(limited_settings, registry=lasuite_registry)) as client:
        await send_csrf_token(client)
        yield client


async def sign_in(client, member, password: str | None = None):
    return await client.post(
        LOGIN, json={"email": member.email, "password": password or member.password}
    )


async def test_failed_sign_ins_are_limited_per_ip_and_email(client, make_member):
    alice = await make_member()

    failures = [(await sign_in(client, alice, "wrong")).status_code for _ in range(3)]
    refused = await sign_in(client, alice, "wrong")
    right_password = await sign_in(client, alice)

    assert failures == [401, 401, 401]
    assert refused.status_code == 429
    assert refused.json() == {
        "error": "too_many_requests",
        "detail": "Too many failed sign-ins; try again later.",
    }
    assert 0 < int(refused.headers["retry-after"]) <= 600
    assert right_password.status_code == 429


async def test_the_account_limit_blocks_only_that_email(client, make_member):
    alice = await make_member()
    bob = await make_member()
    for _ in range(3):
        await sign_in(client, alice, "WRONG")

    blocked = await sign_in(client, alice)
    other = await sign_in(client, bob)

    assert blocked.status_code == 429
    assert other.status_code == 200


async def test_failures_are_limited_per_ip_whatever_the_email(client, make_member):
    alice = await make_member()
    for n in range(5):
        await client.post(LOGIN, json={"email": f"nobody{n}@example.org", "password": "x"})

    response = await sign_in(client, alice)

    assert response.status_code == 429


async def test_an_email_counts_whatever_its_case(client, make_member):
    alice = await make_member()
    for email in (alice.email, alice.email.upper(), alice.email.title()):
        await client.post(LOGIN, json={"email": email, "password": "wrong"})

    response = await sign_in(client, alice)

    assert response.status_code == 429


async def test_successful_sign_ins_do_not_count(client, make_member):
    alice = await make_member()

    successes = [(await sign_in(client, alice)).status_code for _ in range(6)]
    failures = [(await sign_in(client, alice, "wrong")).status_code for _ in range(4)]

    assert successes == [200] * 6
    assert failures == [401, 401, 401, 429]


async def test_token_creation_is_limited_per_user(client, make_member):
    alice = await make_member()
    bob = await make_member()
    await alice.sign_in(client)
    body = {"name": "script", "scopes": ["core.profile.read"]}

    created = [(await client.post(TOKENS, json=body)).status_code for _ in range(2)]
    refused = await client.post(TOKENS, json=body)
    await bob.sign_in(client)
    other_user = await client.post(TOKENS, json=body)

    assert created == [201, 201]
    assert refused.status_code == 429
    assert refused.json()["error"] == "too_many_requests"
    assert int(refused.headers["retry-after"]) <= 3600
    assert other_user.status_code == 201


async def test_hit_counts_within_the_window_and_take_back_uncounts():
    store = MemoryStore()

    first = await hit(store, "k", limit=2, window=60)
    second = await hit(store, "k", limit=2, window=60)
    await take_back(store, "k")
    after_take_back = await hit(store, "k", limit=2, window=60)
    third = await hit(store, "k", limit=2, window=60)

    assert (first.count, second.count, after_take_back.count, third.count) == (1, 2, 2, 3)
    assert not second.exceeded
    assert third.exceeded
    assert 0 < third.retry_after <= 60


async def test_taking_back_an_unknown_key_leaves_nothing():
    store = MemoryStore()

    await take_back(store, "never-hit")

    assert await store.get("never-hit") is None


async def test_the_count_starts_over_once_the_window_ends(monkeypatch):
    store = MemoryStore()
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: now[0]))
    for _ in range(3):
        await hit(store, "k", limit=2, window=60)

    now[0] += 60
    later = await hit(store, "k", limit=2, window=60)

    assert later.count == 1
    assert later.retry_after == 60


async def test_expired_counters_are_swept_from_local_stores(monkeypatch):
    store = MemoryStore()
    await store.set("stale", b"1 0", expires_in=timedelta(seconds=-1))
    monkeypatch.setattr(ratelimit, "_SWEEP_EVERY", 1)

    await hit(store, "k", limit=1, window=60)

    assert not await store.exists("stale")
    assert await store.exists("k")


async def test_parallel_hits_are_all_counted():
    store = MemoryStore()

    verdicts = await asyncio.gather(*(hit(store, "k", limit=5, window=60) for _ in range(20)))

    assert sorted(v.count for v in verdicts) == list(range(1, 21))


@pytest.fixture
def redis_url() -> str:
    return require_service("Redis", "LASUITE_TEST_REDIS_URL")


@pytest_asyncio.fixture
async def redis_store(redis_url: str) -> AsyncIterator[RedisStore]:
    redis = Redis.from_url(redis_url)
    store = RedisStore(redis, namespace=f"lasuite-test-{uuid.uuid4().hex}")
    yield store
    await store.delete_all()
    await redis.aclose()


async def test_on_redis_parallel_hits_are_all_counted_and_expire(redis_store: RedisStore):
    verdicts = await asyncio.gather(*(hit(redis_store, "k", limit=5, window=60) for _ in range(20)))
    await take_back(redis_store, "k")
    await take_back(redis_store, "unknown")
    ttl = await redis_store.expires_in("k")

    assert sorted(v.count for v in verdicts) == list(range(1, 21))
    assert ttl is not None
    assert 0 < ttl <= 60
    assert await redis_store.get("k") == b"19"
    assert not await redis_store.exists("unknown")


async def test_with_redis_failed_sign_ins_count_on_every_app_instance(
    lasuite_app, limited_settings: Settings, lasuite_registry, make_member, redis_url: str
):
    settings = limited_settings.model_copy(
        update={"redis_url": redis_url, "login_failures_per_ip": 1_000_000}
    )
    alice = await make_member()
    first_app = create_app(settings, registry=lasuite_registry)
    second_app = create_app(settings, registry=lasuite_registry)
    async with AsyncTestClient(first_app) as first, AsyncTestClient(second_app) as second:
        await send_csrf_token(first)
        await send_csrf_token(second)
        failures = [(await sign_in(first, alice, "wrong")).status_code for _ in range(3)]
        elsewhere = await sign_in(second, alice)

    assert failures == [401, 401, 401]
    assert elsewhere.status_code == 429


async def test_an_email_guessed_from_many_addresses_is_slowed_and_its_owner_still_gets_in(
    limited_settings, lasuite_registry, lasuite_app, make_member
):
    settings = limited_settings.model_copy(
        update={
            "login_failures_before_backoff": 3,
            "login_failures_per_account": 100,
            "login_failures_per_ip": 100,
        }
    )
    alice = await make_member()
    app = create_app(settings, registry=lasuite_registry)

    async def attempt(http, address: int, password: str):
        return await http.post(
            LOGIN,
            json={"email": alice.email, "password": password},
            headers={"x-forwarded-for": f"198.51.100.{address}"},  # through the local proxy
        )

    with served_like_lasuite_run(app) as (base_url, _):
        async with httpx.AsyncClient(base_url=base_url, timeout=10) as http:
            await send_csrf_token(http)
            guesses = [await attempt(http, address, "wrong") for address in range(1, 21)]
            # The owner, from their own address, waits out the pause and signs in.
            owner = [await attempt(http, 200, alice.password)]
            async with asyncio.timeout(LONGEST_PAUSE + 10):
                while owner[-1].status_code == 429:
                    await asyncio.sleep(0.25)
                    owner.append(await attempt(http, 200, alice.password))

    statuses = [g.status_code for g in guesses]
    assert statuses[:3] == [401, 401, 401]
    assert set(statuses) == {401, 429}
    assert statuses.count(401) < 10  # past 3 failures, one guess per pause at most
    slowed = next(g for g in guesses if g.status_code == 429)
    assert 1 <= int(slowed.headers["retry-after"]) <= LONGEST_PAUSE
    assert owner[-1].status_code == 200
