"""``lasuite worker``: separate processes running the jobs the app enqueues on Redis or
RabbitMQ.

Each test has its own queues (``LASUITE_BROKER_NAMESPACE``), deleted after it, so runs
sharing a broker never take each other's messages.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import IO

import pika
import pytest
import redis
from click.testing import CliRunner
from prometheus_client.parser import text_string_to_metric_families

from lasuite.cli import main
from lasuite.jobs.broker import broker_kind
from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.testing import open_socket, require_service, wait_for_job
from tests.core import jobs_plugin
from tests.core.distributions import LASUITE, install_distribution
from tests.core.saved_jobs import save_job

pytestmark = pytest.mark.processes

ROOT = Path(__file__).resolve().parents[2]
METRICS_TOKEN = "a-metrics-token-of-the-workers"
BROKERS = {
    "redis": ("Redis", "LASUITE_TEST_REDIS_URL"),
    "rabbitmq": ("RabbitMQ", "LASUITE_TEST_RABBITMQ_URL"),
}


class WorkerOutput:
    """What a ``lasuite worker`` process group prints (stdout and stderr), read line by
    line by a thread so that the test can wait for a line without blocking."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        self.process = process
        self._lines: list[str] = []
        self._ended = False
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._changed:
                self._lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    @property
    def text(self) -> str:
        with self._changed:
            return "".join(self._lines)

    def wait_for(self, text: str, count: int, within: float) -> str:
        """The output once ``text`` has appeared ``count`` times in it."""
        with self._changed:
            seen = self._changed.wait_for(
                lambda: self._ended or "".join(self._lines).count(text) >= count, within
            )
            found = "".join(self._lines).count(text) >= count
        if not (seen and found):
            raise AssertionError(f"{text!r} not seen {count} times: {self.text}{self.stacks()}")
        return self.text

    def wait_for_end(self, within: float) -> str:
        """The whole output, once every process of the group has closed it."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._ended, within):
                raise AssertionError(f"the output did not end: {''.join(self._lines)}")
        return self.text

    def stacks(self, quiet_for: float = 5) -> str:
        """Where each process of the group is (SIGUSR1 makes a worker print its threads'
        stacks), asked one process at a time so that their stacks do not interleave."""
        stacks = []
        for pid in group_members(self.process.pid):
            with self._changed:
                before = len(self._lines)
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGUSR1)
            with self._changed:
                while self._changed.wait(quiet_for):
                    pass
                stacks.append(f"\n--- process {pid}:\n{''.join(self._lines[before:])}")
        return "".join(stacks)


def group_members(pgid: int) -> list[int]:
    """The processes of the process group ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                if os.getpgid(int(entry.name)) == pgid:
                    members.append(int(entry.name))
    return sorted(members)


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), jobs_plugin.ENTRY_POINT])


@pytest.fixture(params=sorted(BROKERS))
def broker_url(request: pytest.FixtureRequest) -> str:
    name, env_var = BROKERS[request.param]
    return require_service(name, env_var)


@pytest.fixture
def broker_namespace(broker_url: str) -> Iterator[str]:
    """Queue names of this test only; its queues are deleted after it."""
    namespace = f"test_{uuid.uuid4().hex[:16]}"
    yield namespace
    delete_queues(broker_url, namespace)


def delete_queues(url: str, namespace: str) -> None:
    if broker_kind(url) == "redis":
        client = redis.Redis.from_url(url)
        try:
            keys = list(client.scan_iter(match=f"dramatiq:{namespace}.*"))
            if keys:
                client.delete(*keys)
        finally:
            client.close()
        return
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        channel = connection.channel()
        for plugin_id in ("core", "reports"):
            for suffix in ("", ".DQ", ".XQ"):
                channel.queue_delete(f"{namespace}.{plugin_id}{suffix}")
    finally:
        connection.close()


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url, broker_url, broker_namespace) -> Settings:
    # Realtime on Redis: what the worker's jobs publish reaches the app's websockets.
    return Settings(
        var_dir=tmp_path / "var",
        database_url=lasuite_database_url,
        broker_url=broker_url,
        broker_namespace=broker_namespace,
        redis_url=require_service("Redis", "LASUITE_TEST_REDIS_URL"),
    )


def _two_free_ports() -> int:
    """A port free with the next one: the metrics of ``--processes 2``."""
    while True:
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port: int = first.getsockname()[1]
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                except OSError:
                    continue
                return port


@pytest.fixture
def worker_metrics_port() -> int:
    return _two_free_ports()


def scrape(port: int, token: str = METRICS_TOKEN) -> tuple[int, str]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, ""


def tally_runs(text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "lasuite_job_run_seconds_count"
        and sample.labels == {"job": "reports.tally", "outcome": "succeeded"}
    )


@pytest.fixture
def worker(tmp_path, lasuite_app, lasuite_settings, worker_metrics_port) -> Iterator[WorkerOutput]:
    """``lasuite worker --processes 2`` with the ``reports`` plugin installed, on the app's
    database and queues, sending again a queued job untouched for a second."""
    site = tmp_path / "site"
    install_distribution(
        site,
        name="lasuite-reports",
        version="0.1.0",
        entry_points={"reports": jobs_plugin.ENTRY_POINT.value},
        files={},
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
        "LASUITE_VAR_DIR": str(lasuite_settings.var_dir),
        "LASUITE_DATABASE_URL": lasuite_settings.database,
        "LASUITE_BROKER_URL": lasuite_settings.broker_url,
        "LASUITE_BROKER_NAMESPACE": lasuite_settings.broker_namespace,
        "LASUITE_REDIS_URL": lasuite_settings.redis_url,
        "LASUITE_JOB_RESEND_AFTER_SECONDS": "1",
        "LASUITE_METRICS_TOKEN": METRICS_TOKEN,
        "LASUITE_WORKER_METRICS_PORT": str(worker_metrics_port),
    }
    process = subprocess.Popen(
        [str(LASUITE), "worker", "--processes", "2", "--threads", "1"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    yield WorkerOutput(process)
    # The supervisor and its children: none may outlive the test and take the next
    # test's messages.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


# Each database and each broker once (the worker uses them apart): two runs, not four.
@pytest.mark.parametrize(
    ("lasuite_database_url", "broker_url"),
    [("sqlite", "redis"), ("postgres", "rabbitmq")],
    indirect=True,
)
async def test_workers_run_the_apps_jobs_whose_events_reach_its_sockets_then_stop_on_sigterm(
    lasuite_client, make_member, lasuite_settings, worker, worker_metrics_port
):
    ready = f"jobs on {broker_kind(lasuite_settings.broker_url)} with 1 threads"
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)
    topic = jobs_plugin.org_topic(member.organization_id)

    async with open_socket(lasuite_client) as socket:
        await socket.subscribe(topic)
        response = await lasuite_client.post(
            "/api/v1/reports/jobs/tally", json={"numbers": [20, 22]}
        )
        await lasuite_client.post("/api/v1/reports/jobs/announce", json={"numbers": [1, 2]})
        job = await wait_for_job(lasuite_client, response.json()["id"], within=120)
        announced = await socket.next_event(topic, name="reports.tally.announced", within=120)
    await asyncio.to_thread(worker.wait_for, ready, 2, 60)
    ports = (worker_metrics_port, worker_metrics_port + 1)
    scraped = [await asyncio.to_thread(scrape, port) for port in ports]
    refused = await asyncio.to_thread(scrape, worker_metrics_port, "a guess")
    worker.process.send_signal(signal.SIGTERM)
    output = await asyncio.to_thread(worker.wait_for_end, 60)
    code = await asyncio.to_thread(worker.process.wait, 60)

    assert (job["state"], job["attempts"], job["result_url"]) == ("succeeded", 1, "/tallies/42")
    assert announced["data"] == {"total": 3}
    assert code == 0, output
    assert output.count(ready) == 2, output
    # Each process serves the run times of the jobs it ran: one of them ran the tally.
    assert [status for status, _ in scraped] == [200, 200]
    assert sum(tally_runs(text) for _, text in scraped) == 1
    assert refused[0] == 401


# Each database and each broker once (the worker uses them apart): two runs, not four.
@pytest.mark.parametrize(
    ("lasuite_database_url", "broker_url"),
    [("sqlite", "redis"), ("postgres", "rabbitmq")],
    indirect=True,
)
async def test_a_worker_sends_again_a_job_saved_without_its_message(
    lasuite_client, make_member, lasuite_settings, worker
):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)

    # As if the app had crashed between the job's commit and the send of its message.
    job_id = await save_job(
        lasuite_settings, member, state="queued", attempts=0, arguments={"numbers": [1, 2]}
    )
    job = await wait_for_job(lasuite_client, job_id, within=120)

    assert (job["state"], job["attempts"], job["result_url"]) == ("succeeded", 1, "/tallies/3")


@pytest.mark.parametrize("lasuite_database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("broker_url", ["rabbitmq"], indirect=True)
async def test_worker_processes_stop_when_their_supervisor_is_killed(lasuite_settings, worker):
    ready = f"jobs on {broker_kind(lasuite_settings.broker_url)} with 1 threads"
    await asyncio.to_thread(worker.wait_for, ready, 2, 120)

    # SIGKILL reaches the supervisor only: it cannot pass a stop on to its children.
    worker.process.kill()
    # The end of the output: both children are gone.
    output = await asyncio.to_thread(worker.wait_for_end, 60)

    assert output.count("its supervisor is gone") == 2, output
    assert output.count("stopping after the running jobs") == 2, output


def test_worker_needs_a_broker_url() -> None:
    result = CliRunner().invoke(main, ["worker"], env={"LASUITE_BROKER_URL": ""})

    assert result.exit_code == 1
    assert "LASUITE_BROKER_URL is empty" in result.output


def test_worker_refuses_a_broker_url_it_cannot_use() -> None:
    result = CliRunner().invoke(main, ["worker"], env={"LASUITE_BROKER_URL": "kafka://host"})

    assert result.exit_code != 0
    assert "broker_url" in str(result.exception)
