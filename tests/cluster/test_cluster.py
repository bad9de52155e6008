"""The app scales out: two ``lasuite run`` instances on two ports and a ``lasuite worker``,
all real processes sharing one PostgreSQL database and one Redis, talked to over TCP."""

from __future__ import annotations

import asyncio
import itertools
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from lasuite.db.engine import Database
from lasuite.testing import Member, MemberFactory, require_service, send_csrf_token, wait_for_job
from tests.cluster.cluster import (
    Cluster,
    Process,
    cluster_registry,
    open_socket,
    running_cluster,
)
from tests.core.board_plugin import room_topic
from tests.plugins.docs.sync_clients import WITHIN, YClient, create_document, editing

NOTE = "board.note.posted"

pytestmark = pytest.mark.processes


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    server_url = require_service("PostgreSQL", "LASUITE_TEST_DATABASE_URL")
    redis_url = require_service("Redis", "LASUITE_TEST_REDIS_URL")
    with running_cluster(tmp_path_factory.mktemp("cluster"), server_url, redis_url) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def instance_a(cluster: Cluster) -> Process:
    return cluster.start_app()


@pytest.fixture(scope="module")
def instance_b(cluster: Cluster) -> Process:
    return cluster.start_app()


@pytest.fixture(scope="module")
def worker(cluster: Cluster) -> Process:
    return cluster.start_worker()


@pytest.fixture
async def owner(cluster: Cluster) -> AsyncIterator[Member]:
    """An owner of a new organization, made directly in the shared database."""
    database = Database(cluster.database_url)
    try:
        make_member = MemberFactory(database, cluster_registry().loaded_ids)
        yield await make_member(role="owner", organization=f"org-{uuid.uuid4().hex[:12]}")
    finally:
        await database.dispose()


@asynccontextmanager
async def signed_in(
    member: Member, first: Process, second: Process
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """One browser signed in as ``member`` through ``first``: its clients of ``first`` and
    of ``second``, the latter sending the cookies (session, CSRF token) ``first`` set."""
    async with httpx.AsyncClient(base_url=first.base_url, timeout=10) as on_first:
        await member.sign_in(on_first)
        async with httpx.AsyncClient(
            base_url=second.base_url, timeout=10, cookies=on_first.cookies
        ) as on_second:
            await send_csrf_token(on_second)
            yield on_first, on_second


async def post_notes(client: httpx.AsyncClient, room: str, *texts: str) -> None:
    response = await client.post("/api/v1/board/notes", json={"room": room, "texts": list(texts)})
    assert response.status_code == 201, response.text


def texts(events: list[dict[str, Any]]) -> list[str]:
    return [event["data"]["text"] for event in events]


async def test_an_event_published_on_one_instance_reaches_a_client_of_the_other(
    cluster: Cluster, instance_a: Process, instance_b: Process, owner: Member
) -> None:
    topic = room_topic(owner.organization_id, "general")
    async with signed_in(owner, instance_a, instance_b) as (on_a, on_b):
        me_on_b = await on_b.get("/api/v1/auth/me")
        async with open_socket(instance_a.base_url, on_a) as socket:
            ack = await socket.subscribe(topic)
            await post_notes(on_b, "general", "from b")
            [event] = await socket.events(1, topic, NOTE)

    assert me_on_b.status_code == 200, me_on_b.text
    assert me_on_b.json()["email"] == owner.email
    assert ack["op"] == "ack", ack
    assert (event["name"], event["data"]["text"]) == (NOTE, "from b")


async def test_a_job_enqueued_through_one_instance_runs_on_the_worker(
    cluster: Cluster, instance_a: Process, instance_b: Process, worker: Process, owner: Member
) -> None:
    async with signed_in(owner, instance_a, instance_b) as (on_a, on_b):
        response = await on_a.post("/api/v1/reports/jobs/tally", json={"numbers": [20, 22]})
        assert response.status_code == 201, response.text
        try:
            job = await wait_for_job(on_b, response.json()["id"], until="succeeded", within=60)
        except AssertionError as failed:
            raise AssertionError(f"{failed}\n{cluster.report()}") from None

    assert job["result_url"] == "/tallies/42"


async def test_a_client_of_a_killed_instance_resumes_on_the_other_without_losing_events(
    cluster: Cluster, instance_b: Process, owner: Member
) -> None:
    doomed = cluster.start_app()  # its own instance, so that the module's survive
    topic = room_topic(owner.organization_id, "general")
    async with signed_in(owner, doomed, instance_b) as (on_doomed, on_b):
        async with open_socket(doomed.base_url, on_doomed) as first:
            await first.subscribe(topic)
            await post_notes(on_b, "general", "one", "two")
            seen = await first.events(2, topic, NOTE)
            doomed.kill()
            await first.closed()
        await post_notes(on_b, "general", "three", "four")
        await post_notes(on_b, "general", "five")

        # The browser's socket reconnects, now to the surviving instance.
        async with open_socket(instance_b.base_url, on_b) as second:
            resumed = await second.subscribe(topic, since=seen[-1]["event_id"])
            await post_notes(on_b, "general", "six")
            after = await second.events(4, topic, NOTE)
            in_flight = await second.frames_until_pong()

    assert doomed.process.returncode == -9
    assert texts(seen) == ["one", "two"]
    assert resumed["op"] == "ack", resumed
    assert texts(after) == ["three", "four", "five", "six"]
    ids = [event["event_id"] for event in seen + after]
    assert ids == sorted(set(ids))
    assert [frame for frame in in_flight if frame.get("name") == NOTE] == []


async def type_until_cancelled(editor: YClient) -> None:
    for number in itertools.count():
        editor.type(f"<{number}>")
        await asyncio.sleep(0.002)  # a typist's pace, not a wait on anything


def tokens(text: str) -> set[str]:
    return set(re.findall(r"<\d+>", text))


async def test_every_edit_another_editor_saw_survives_its_instance_being_killed(
    cluster: Cluster, instance_b: Process, owner: Member
) -> None:
    doomed = cluster.start_app()  # its own instance, so that the module's survive
    async with signed_in(owner, doomed, instance_b) as (on_doomed, on_b):
        document = await create_document(on_doomed)
        async with (
            editing(doomed.base_url, document, on_doomed) as writer,
            editing(doomed.base_url, document, on_doomed) as watcher,
        ):
            typing = asyncio.get_running_loop().create_task(type_until_cancelled(writer))
            await watcher.until(lambda: len(tokens(watcher.content)) >= 30)
            doomed.kill()
            async with asyncio.timeout(WITHIN):
                await watcher.ended.wait()
            typing.cancel()
            seen = tokens(watcher.content)

        # The document, read again from the database by the surviving instance.
        async with editing(instance_b.base_url, document, on_b) as reader:
            stored = tokens(reader.content)

    assert doomed.process.returncode == -9
    assert len(seen) >= 30
    assert seen <= stored


async def test_editors_of_one_document_on_two_instances_converge(
    cluster: Cluster, instance_a: Process, instance_b: Process, owner: Member
) -> None:
    async with signed_in(owner, instance_a, instance_b) as (on_a, on_b):
        document = await create_document(on_a)
        async with (
            editing(instance_a.base_url, document, on_a) as first,
            editing(instance_b.base_url, document, on_b) as second,
        ):
            first.type("<a1>")
            await second.until(lambda: "<a1>" in second.content)
            for number in range(2, 21):
                first.type(f"<a{number}>")
                second.type(f"<b{number}>")
            both = {f"<a{n}>" for n in range(1, 21)} | {f"<b{n}>" for n in range(2, 21)}
            await first.until(lambda: tokens_of(first.content) == both)
            await second.until(lambda: tokens_of(second.content) == both)

        # A third editor, later, on the other instance: the same document.
        async with editing(instance_a.base_url, document, on_a) as third:
            assert third.content == second.content

    assert first.content == second.content


def tokens_of(text: str) -> set[str]:
    return set(re.findall(r"<[ab]\d+>", text))
