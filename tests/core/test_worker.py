"""``lasuite worker``: separate processes running the jobs the app enqueues on Redis."""

from __future__ import annotations

import asyncio
import os
import select
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lasuite.cli import main
from lasuite.plugins.loader import discover, load_registry
from lasuite.plugins.registry import Registry
from lasuite.settings import Settings
from lasuite.testing import require_service, wait_for_job
from tests.core import jobs_plugin
from tests.core.distributions import LASUITE, install_distribution

ROOT = Path(__file__).resolve().parents[2]
READY = "jobs on redis with 1 threads"


def read_until(process: subprocess.Popen[str], text: str, count: int, within: float) -> str:
    """The process's output up to the line where ``text`` has appeared ``count`` times."""
    assert process.stdout is not None
    deadline = time.monotonic() + within
    lines: list[str] = []
    while sum(text in line for line in lines) < count:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([process.stdout], [], [], max(remaining, 0))
        line = process.stdout.readline() if ready else ""
        if not line:
            raise AssertionError(f"{text!r} not seen {count} times: {''.join(lines)}")
        lines.append(line)
    return "".join(lines)


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), jobs_plugin.ENTRY_POINT])


@pytest.fixture
def redis_url() -> str:
    return require_service("Redis", "LASUITE_TEST_REDIS_URL")


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url, redis_url) -> Settings:
    return Settings(
        var_dir=tmp_path / "var", database_url=lasuite_database_url, broker_url=redis_url
    )


@pytest.fixture
def worker_process(tmp_path, lasuite_app, lasuite_settings):
    """``lasuite worker --processes 2`` with the ``reports`` plugin installed, on the app's
    database and broker."""
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
    }
    process = subprocess.Popen(
        [str(LASUITE), "worker", "--processes", "2", "--threads", "1"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    if process.poll() is None:
        process.kill()
        process.communicate(timeout=30)


async def test_worker_processes_run_the_jobs_the_app_enqueues_then_stop_on_sigterm(
    lasuite_client, make_member, worker_process
):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)

    response = await lasuite_client.post("/api/v1/reports/jobs/tally", json={"numbers": [20, 22]})
    job = await wait_for_job(lasuite_client, response.json()["id"], within=60)
    started = await asyncio.to_thread(read_until, worker_process, READY, 2, 60)
    worker_process.send_signal(signal.SIGTERM)
    rest, _ = worker_process.communicate(timeout=60)
    output = started + rest

    assert (job["state"], job["result_url"]) == ("succeeded", "/tallies/42")
    assert worker_process.returncode == 0, output
    assert output.count(READY) == 2, output


def test_worker_needs_a_broker_url() -> None:
    result = CliRunner().invoke(main, ["worker"], env={"LASUITE_BROKER_URL": ""})

    assert result.exit_code == 1
    assert "LASUITE_BROKER_URL is empty" in result.output


def test_worker_refuses_a_broker_url_it_cannot_use() -> None:
    result = CliRunner().invoke(main, ["worker"], env={"LASUITE_BROKER_URL": "kafka://host"})

    assert result.exit_code != 0
    assert "broker_url" in str(result.exception)
