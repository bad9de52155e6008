"""The benchmarks' harness keeps working: each benchmark runs at a tiny size against a
real app and fills its table (nothing here looks at how fast it was)."""

from __future__ import annotations

import math
import sys

import pytest

from bench import (
    chat_posts,
    docs_sync,
    fanout,
    flood,
    http_requests,
    job_throughput,
    start,
    tables,
    visio_meetings,
)
from bench.__main__ import BENCHMARKS, main
from bench.tables import Table
from lasuite.testing.services import in_ci

pytestmark = pytest.mark.processes


def rows_of(markdown: str) -> list[list[str]]:
    lines = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def assert_filled(table: Table, rows: int) -> None:
    assert len(table.rows) == rows
    for row in table.rows:
        assert len(row) == len(table.columns)
        measured = [cell for cell in row if isinstance(cell, float)]
        assert measured
        assert all(not math.isnan(cell) and cell >= 0 for cell in measured), row
    header, separator, *body = rows_of(table.markdown())
    assert header == list(table.columns)
    assert separator == ["---"] * len(table.columns)
    assert len(body) == rows


async def test_http_measures_each_endpoint_with_a_session_and_a_token():
    table = await http_requests.run("tiny", "sqlite")

    assert_filled(table, rows=len(http_requests.ENDPOINTS) * 2)
    assert {(row[1], row[2]) for row in table.rows} == {
        (endpoint, auth) for endpoint in http_requests.ENDPOINTS for auth in ("session", "token")
    }


async def test_ws_measures_fan_out_on_each_realtime_backend():
    table = await fanout.run("tiny", "sqlite")

    assert_filled(table, rows=len(fanout.realtimes()))
    assert all(row[3] == row[1] * row[2] for row in table.rows)  # every delivery arrived


async def test_jobs_measure_both_modes_on_each_broker():
    table = await job_throughput.run("tiny", "sqlite")

    assert_filled(table, rows=2 * len(job_throughput.brokers()))


async def test_docs_measures_lasuite_and_the_reference_server():
    if not docs_sync.REFERENCE_SERVER.exists():
        message = "y-websocket's server is not installed (make pytest installs it)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    table = await docs_sync.run("tiny", "sqlite")

    loads = docs_sync.plans("tiny")
    assert_filled(table, rows=2 * len(loads))
    assert [(row[0], row[1]) for row in table.rows] == [
        (server, load)
        for server in ("lasuite docs (sqlite)", "y-websocket (memory)")
        for load in loads
    ]
    for row in table.rows:
        assert row[3] == loads[row[1]].edits  # every edit arrived
    assert loads["3 documents"].documents == 3  # the many-documents load is measured


async def test_visio_measures_joins_the_lobby_and_the_relay():
    table = await visio_meetings.run("tiny", "sqlite")

    assert_filled(table, rows=4)
    joins, admissions, rooms, seconds = visio_meetings._plan("tiny")
    assert [row[2] for row in table.rows] == [joins, joins, admissions, rooms * 4 * seconds]


async def test_start_measures_lasuite_run_to_readyz():
    table = await start.run("tiny", "sqlite")

    assert_filled(table, rows=1)
    assert table.rows[0][:2] == ("sqlite", start.starts("tiny"))


async def test_flood_measures_another_member_idle_and_under_each_abuse():
    table = await flood.run("tiny", "sqlite")

    assert_filled(table, rows=3)
    assert table.rows[0][1] == "idle"
    assert table.rows[0][5] == table.rows[0][8] == 1.0  # idle is the yardstick


async def test_chat_measures_posts_in_flight_with_live_readers():
    table = await chat_posts.run("tiny", "sqlite")

    posts, in_flight, _ = chat_posts._plan("tiny")
    assert_filled(table, rows=len(in_flight))
    assert [(row[0], row[1], row[2]) for row in table.rows] == [
        ("sqlite", concurrency, posts) for concurrency in in_flight
    ]


def test_the_command_prints_the_table_and_writes_it(monkeypatch, tmp_path, capsys):
    # The command itself (its arguments, printing, --write); the benchmarks' runs are
    # checked above, each against a real app.
    asked = []

    async def measured(size, database):
        asked.append((size, database))
        table = Table("Stand-in", ["database", "endpoint", "auth"])
        table.add(database, "/api/v1/workspace", "session")
        return table

    monkeypatch.setitem(BENCHMARKS, "http", measured)
    monkeypatch.setattr(tables, "RESULTS", tmp_path)
    monkeypatch.setattr(
        sys, "argv", ["bench", "http", "--size", "tiny", "--database", "sqlite", "--write"]
    )

    main()

    header, _, *body = rows_of(capsys.readouterr().out)
    assert asked == [("tiny", "sqlite")]
    assert header == ["database", "endpoint", "auth"]
    assert body == [["sqlite", "/api/v1/workspace", "session"]]
    assert (tmp_path / "http.md").read_text().startswith("### Stand-in")
