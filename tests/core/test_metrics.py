"""``GET /metrics``: Prometheus' text format for the holder of ``LASUITE_METRICS_TOKEN``
(parsed with prometheus-client's own parser), nothing without it."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.settings import Settings
from lasuite.testing import open_socket, wait_for_job
from tests.core import jobs_plugin
from tests.core.saved_jobs import save_job
from tests.core.test_api import middleware_names

TOKEN = "a-metrics-token-of-the-tests"
SCRAPER = {"Authorization": f"Bearer {TOKEN}"}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), jobs_plugin.ENTRY_POINT])


@pytest.fixture
def lasuite_settings(tmp_path, lasuite_database_url) -> Settings:
    return Settings(
        var_dir=tmp_path / "var", database_url=lasuite_database_url, metrics_token=TOKEN
    )


def samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    """Each metric's samples (labels, value) by sample name."""
    found: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found.setdefault(sample.name, []).append((sample.labels, sample.value))
    return found


def value(found, name: str, **labels: str) -> float:
    matching = [v for got, v in found.get(name, []) if labels.items() <= got.items()]
    return sum(matching)


async def test_requests_by_route_status_and_duration_are_counted(
    lasuite_client, lasuite_app, make_member
):
    assert "PrometheusMiddleware" in middleware_names(lasuite_app)
    member = await make_member()
    await member.sign_in(lasuite_client)
    route = {"path": "/api/v1/workspace", "method": "GET", "status_code": "200"}
    before = samples((await lasuite_client.get("/metrics", headers=SCRAPER)).text)

    for _ in range(3):
        assert (await lasuite_client.get("/api/v1/workspace")).status_code == 200
    missing = await lasuite_client.get("/api/v1/docs/documents/not-a-uuid")
    scraped = await lasuite_client.get("/metrics", headers=SCRAPER)
    after = samples(scraped.text)

    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain; version=0.0.4")
    counted = value(after, "lasuite_http_requests_total", **route)
    assert counted - value(before, "lasuite_http_requests_total", **route) == 3
    timed = value(after, "lasuite_http_request_duration_seconds_count", **route)
    assert timed - value(before, "lasuite_http_request_duration_seconds_count", **route) == 3
    assert value(after, "lasuite_http_request_duration_seconds_sum", **route) > 0
    assert missing.status_code == 404
    # The scrape and the probes are not requests of the workspace.
    assert not [s for s in after["lasuite_http_requests_total"] if s[0]["path"] == "/metrics"]


async def test_websockets_the_pool_and_jobs_are_read_at_each_scrape(
    lasuite_client, make_member, lasuite_settings
):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)
    for state in ("failed", "failed", "dropped", "succeeded"):  # none a worker picks up
        await save_job(lasuite_settings, admin, actor="reports.tally", state=state)

    async with open_socket(lasuite_client):
        during = samples((await lasuite_client.get("/metrics", headers=SCRAPER)).text)
    after = samples((await lasuite_client.get("/metrics", headers=SCRAPER)).text)

    assert value(during, "lasuite_websockets_open", kind="app") == 1
    assert value(after, "lasuite_websockets_open", kind="app") == 0
    assert "lasuite_db_pool_connections_in_use" in after
    tally = {s[0]["state"]: s[1] for s in after["lasuite_jobs"] if s[0]["job"] == "reports.tally"}
    # Succeeded jobs, the bulk of the table, are not counted at each scrape.
    assert tally == {"failed": 2, "dropped": 1}


async def test_each_jobs_run_time_and_outcome_are_kept(lasuite_client, make_member):
    member = await make_member()
    await member.sign_in(lasuite_client)
    succeeded = {"job": "reports.tally", "outcome": "succeeded"}
    failed = {"job": "reports.flaky", "outcome": "failed"}
    before = samples((await lasuite_client.get("/metrics", headers=SCRAPER)).text)
    key = uuid.uuid4().hex
    jobs_plugin.FAILING.add(key)

    tally = await lasuite_client.post("/api/v1/reports/jobs/tally", json={"numbers": [1, 2]})
    flaky = await lasuite_client.post("/api/v1/reports/jobs/flaky", json={"key": key})
    await wait_for_job(lasuite_client, tally.json()["id"], until="succeeded")
    await wait_for_job(lasuite_client, flaky.json()["id"], until="failed")
    after = samples((await lasuite_client.get("/metrics", headers=SCRAPER)).text)

    def runs(name: str, labels: dict[str, str]) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert runs("lasuite_job_run_seconds_count", succeeded) == 1
    assert runs("lasuite_job_run_seconds_sum", succeeded) > 0
    assert runs("lasuite_job_run_seconds_count", failed) == len(jobs_plugin.ATTEMPTS[key])
    assert runs("lasuite_job_run_seconds_count", {**failed, "outcome": "succeeded"}) == 0


async def test_the_metrics_need_the_token(lasuite_client):
    nobody = await lasuite_client.get("/metrics")
    wrong = await lasuite_client.get("/metrics", headers={"Authorization": "Bearer guess"})

    assert (nobody.status_code, wrong.status_code) == (401, 401)
    assert nobody.headers["www-authenticate"] == 'Bearer realm="metrics"'
    assert "lasuite_" not in nobody.text


async def test_the_grafana_dashboard_reads_metrics_the_app_exports(lasuite_client, make_member):
    dashboard = json.loads((ROOT / "deploy" / "grafana-dashboard.json").read_text())
    expressions = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    read = set(re.findall(r"\blasuite_[a-z_]+", " ".join(expressions)))
    member = await make_member()
    await member.sign_in(lasuite_client)
    await lasuite_client.get("/api/v1/workspace")
    tally = await lasuite_client.post("/api/v1/reports/jobs/tally", json={"numbers": [1]})
    await wait_for_job(lasuite_client, tally.json()["id"], until="succeeded")

    scraped = (await lasuite_client.get("/metrics", headers=SCRAPER)).text
    exported = {s for family in text_string_to_metric_families(scraped) for s in _names(family)}

    # The middleware makes its error counter at the first answer of 500 or more.
    assert read - exported == {"lasuite_http_requests_error_total"}


def _names(family) -> set[str]:
    """The names a query may use of a family: its samples' and the family's own."""
    return {family.name, *(sample.name for sample in family.samples)}


async def test_a_plugins_counters_count_what_it_does(lasuite_client, make_member):
    member = await make_member()
    await member.sign_in(lasuite_client)
    channel = await lasuite_client.post("/api/v1/chat/channels", json={"name": "compteurs"})
    path = f"/api/v1/chat/channels/{channel.json()['id']}/messages"
    before = samples((await lasuite_client.get("/metrics", headers=SCRAPER)).text)

    root = (await lasuite_client.post(path, json={"text": "un"})).json()
    await lasuite_client.post(path, json={"text": "deux"})
    await lasuite_client.post(path, json={"text": "réponse", "thread_root_id": root["id"]})
    after = samples((await lasuite_client.get("/metrics", headers=SCRAPER)).text)

    posted = "lasuite_chat_messages_posted_total"
    assert value(after, posted, to="channel") - value(before, posted, to="channel") == 2
    assert value(after, posted, to="thread") - value(before, posted, to="thread") == 1
