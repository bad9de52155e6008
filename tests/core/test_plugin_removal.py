"""A plugin taken off an installation: uninstalled with its data kept, or removed and purged.

The installation runs ``lasuite`` commands in processes, with the third-party plugin
``hello`` on the path or not (uninstalled), on a SQLite database under ``var``.
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import uuid
from pathlib import Path

import pytest

from tests.core.distributions import Result, run_lasuite
from tests.core.hello_distribution import install_hello

pytestmark = pytest.mark.processes

KEPT_ADVICE = (
    "plugin 'hello' is not installed; its data is kept (hello_greeting): install it again "
    "to use it, or delete it with `lasuite plugins remove hello --purge`"
)


@pytest.fixture(scope="module")
def with_hello(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install_hello(tmp_path_factory.mktemp("with-hello"))


@pytest.fixture(scope="module")
def migrated(with_hello: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The state of an installation migrated with hello installed."""
    var = tmp_path_factory.mktemp("migrated") / "var"
    succeeded(run_lasuite(with_hello, var, "db", "upgrade"))
    return var


@pytest.fixture
def var(migrated: Path, tmp_path: Path) -> Path:
    """A copy of ``migrated`` for one test."""
    return Path(shutil.copytree(migrated, tmp_path / "var"))


@pytest.fixture(scope="module")
def without_hello(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("without-hello")


def succeeded(result: Result) -> Result:
    assert result.returncode == 0, result.stderr
    return result


def query(var: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(var / "lasuite.db") as db:
        return db.execute(sql).fetchall()


def write(var: Path, sql: str, *rows: tuple[object, ...]) -> None:
    with sqlite3.connect(var / "lasuite.db") as db:
        db.executemany(sql, rows)


def tables(var: Path) -> set[str]:
    return {str(row[0]) for row in query(var, "SELECT name FROM sqlite_master WHERE type='table'")}


def versions(var: Path) -> set[str]:
    return {str(row[0]) for row in query(var, "SELECT version_num FROM alembic_version")}


def greet(var: Path, text: str) -> None:
    write(
        var,
        "INSERT INTO hello_greeting (id, created_at, text) VALUES (?, ?, ?)",
        (uuid.uuid4().hex, "2026-12-06 08:00:00.000000", text),
    )


def run_on_a_taken_port(site: Path, var: Path) -> Result:
    """``lasuite run`` up to listening: it migrates and reports, then cannot listen (the
    port is taken) and stops instead of serving."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        return run_lasuite(site, var, "run", "--host", "127.0.0.1", "--port", port)


def test_an_uninstalled_plugins_data_is_kept_and_comes_back_with_it(
    with_hello: Path, without_hello: Path, var: Path
) -> None:
    greet(var, "still here")

    started = run_on_a_taken_port(without_hello, var)
    checked = succeeded(run_lasuite(without_hello, var, "db", "check"))
    listed = succeeded(run_lasuite(without_hello, var, "plugins", "list"))

    assert "lasuite is serving the workspace" in started.stdout, started.stderr
    assert KEPT_ADVICE in started.stderr.splitlines()
    assert KEPT_ADVICE in listed.stderr.splitlines()
    assert "models and migrations agree" in checked.stdout
    assert "hello0001" not in versions(var)
    assert query(var, "SELECT text FROM hello_greeting") == [("still here",)]

    back = succeeded(run_lasuite(with_hello, var, "db", "upgrade"))

    assert "hello0001" in versions(var)
    assert "not installed" not in back.stderr
    assert query(var, "SELECT text FROM hello_greeting") == [("still here",)]


def seed_core_rows(var: Path) -> Path:
    """An organization with hello enabled, a grant, a job and a file of hello's, and a
    grant of chat's that must stay."""
    org = uuid.uuid4()
    now = "2026-12-06 08:00:00.000000"
    write(
        var,
        "INSERT INTO core_organization (id, created_at, name, slug) VALUES (?, ?, ?, ?)",
        (org.hex, now, "Ministère", "ministere"),
    )
    write(
        var,
        "INSERT INTO core_organization_plugin (id, created_at, organization_id, plugin_id, "
        "enabled, settings, settings_version) VALUES (?, ?, ?, 'hello', 1, '{}', 0)",
        (uuid.uuid4().hex, now, org.hex),
    )
    write(
        var,
        "INSERT INTO core_role_grant (id, created_at, organization_id, role, permission, "
        "granted) VALUES (?, ?, ?, 'member', ?, 0)",
        (uuid.uuid4().hex, now, org.hex, "hello.greeting.read"),
        (uuid.uuid4().hex, now, org.hex, "chat.channel.read"),
    )
    write(
        var,
        "INSERT INTO core_job (id, created_at, updated_at, organization_id, actor, state, "
        "progress, attempts, arguments) "
        "VALUES (?, ?, ?, ?, 'hello.tidy', 'succeeded', 100, 1, '{}')",
        (uuid.uuid4().hex, now, now, org.hex),
    )
    key = f"{org}/hello/{uuid.uuid4()}"
    write(
        var,
        "INSERT INTO core_file (id, created_at, organization_id, plugin_id, filename, "
        "content_type, size, sha256, storage_key) VALUES (?, ?, ?, 'hello', 'a.txt', "
        "'text/plain', 2, '', ?)",
        (uuid.uuid4().hex, now, org.hex, key),
    )
    blob = var / "files" / key
    blob.parent.mkdir(parents=True)
    blob.write_bytes(b"hi")
    return blob


def test_remove_purge_runs_the_plugins_downgrade_and_deletes_its_core_data(
    with_hello: Path, var: Path
) -> None:
    greet(var, "bye")
    blob = seed_core_rows(var)

    removed = succeeded(
        run_lasuite(with_hello, var, "plugins", "remove", "hello", "--purge", "--yes")
    )
    listed = json.loads(succeeded(run_lasuite(with_hello, var, "plugins", "list", "--json")).stdout)

    assert "plugin 'hello': data purged (tables hello_greeting; 1 files)" in removed.stdout
    assert "hello_greeting" not in tables(var)
    assert "hello0001" not in versions(var)  # by its own downgrade: Alembic's record went too
    assert query(var, "SELECT plugin_id FROM core_plugin_revision WHERE plugin_id='hello'") == []
    assert query(var, "SELECT permission FROM core_role_grant") == [("chat.channel.read",)]
    assert query(var, "SELECT count(*) FROM core_organization_plugin") == [(0,)]
    assert query(var, "SELECT count(*) FROM core_job") == [(0,)]
    assert query(var, "SELECT count(*) FROM core_file") == [(0,)]
    assert not blob.exists()
    hello = next(p for p in listed if p["id"] == "hello")
    assert hello["status"] == "disabled"  # installed still: it must not come back by itself


def test_remove_purge_of_an_uninstalled_plugin_drops_the_tables_it_left(
    with_hello: Path, without_hello: Path, var: Path
) -> None:
    greet(var, "orphaned")  # then uninstalled: no command ran since

    removed = succeeded(
        run_lasuite(without_hello, var, "plugins", "remove", "hello", "--purge", "--yes")
    )
    again = succeeded(run_lasuite(without_hello, var, "db", "upgrade"))

    assert "plugin 'hello': data purged (tables hello_greeting; 0 files)" in removed.stdout
    assert "hello_greeting" not in tables(var)
    assert "not installed" not in again.stderr
    assert query(var, "SELECT count(*) FROM core_plugin_revision WHERE plugin_id='hello'") == [(0,)]


def test_remove_without_purge_disables_and_keeps_the_data(with_hello: Path, var: Path) -> None:
    greet(var, "kept")

    removed = succeeded(run_lasuite(with_hello, var, "plugins", "remove", "hello"))
    unknown = run_lasuite(with_hello, var, "plugins", "remove", "ghost")

    assert "plugin 'hello': disabled, its data kept" in removed.stdout
    assert "take it out of plugins.txt" in removed.stdout
    assert query(var, "SELECT text FROM hello_greeting") == [("kept",)]
    assert "hello0001" in versions(var)
    assert unknown.returncode == 1
    assert "plugin 'ghost' is not installed and has no data on this installation" in unknown.stderr
