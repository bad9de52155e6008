"""``lasuite check``: one line per check, each problem with its fix, status 1 on any
problem — against services that answer and services that do not."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping

import pytest
from click.testing import CliRunner, Result

from lasuite.checks import run
from lasuite.checks.contract import CheckFailed
from lasuite.cli import main
from lasuite.plugins import PluginContext, PluginError
from lasuite.testing import LocalOIDCProvider
from tests.buckets import CREDENTIALS
from tests.core.mailbox import free_port, smtp_server  # noqa: F401 (a fixture)

SECRET = "a-secret-key-of-the-tests-long-enough-to-sign-sessions"


async def check(env: Mapping[str, str]) -> Result:
    """``lasuite check`` run with ``env`` (in a thread: it runs its own event loop)."""
    return await asyncio.to_thread(
        CliRunner().invoke, main, ["check"], env=dict(env), catch_exceptions=False
    )


def lines(result: Result) -> dict[str, str]:
    """Each check's name and its line, ``ok``/``FAIL`` first (the fix on the next line)."""
    found = {}
    for line in result.output.splitlines():
        match = re.match(r"^(ok|FAIL) +([^:]+(: [a-z ]+)?): ", line)
        if match:
            found[match.group(2)] = line
    return found


@pytest.fixture
async def migrated(lasuite_app, lasuite_settings) -> dict[str, str]:
    """The environment of an installation on the test's migrated database."""
    return {
        "LASUITE_DATABASE_URL": lasuite_settings.database,
        "LASUITE_VAR_DIR": str(lasuite_settings.var_dir),
    }


async def test_a_sound_installation_passes_every_check(migrated):
    production = not migrated["LASUITE_DATABASE_URL"].startswith("sqlite")
    sound = {"LASUITE_SECRET_KEY": SECRET, "LASUITE_PUBLIC_URL": "https://workspace.example.org"}

    result = await check({**migrated, **sound})

    assert result.exit_code == 0, result.output
    assert all(line.startswith("ok") for line in lines(result).values()), result.output
    assert set(lines(result)) == {
        *(("secret key", "public URL", "debug") if production else ()),
        "database",
        "plugins",
        "files",
        "visio: video server",
        "visio: transcription",
    }
    assert "schema up to date" in lines(result)["database"]
    assert result.output.endswith("no problem found\n")


async def test_a_production_installation_whose_services_answer_passes(
    migrated,
    moto_endpoint,
    bucket,
    smtp_server,  # noqa: F811
):
    _mailbox, smtp_port = smtp_server
    with LocalOIDCProvider.for_app("https://workspace.example.org") as provider:
        env = {
            **migrated,
            "LASUITE_SECRET_KEY": SECRET,
            "LASUITE_STORAGE_URL": f"s3://{bucket}",
            "LASUITE_S3_ENDPOINT_URL": moto_endpoint,
            **{f"LASUITE_{k.upper()}": v for k, v in CREDENTIALS.items()},
            "LASUITE_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
            "LASUITE_OIDC_ISSUER": provider.issuer,
            "LASUITE_OIDC_CLIENT_ID": provider.client_id,
            "LASUITE_OIDC_CLIENT_SECRET": provider.client_secret,
            "LASUITE_PUBLIC_URL": "https://workspace.example.org",
        }
        result = await check(env)

    assert result.exit_code == 0, result.output
    assert set(lines(result)) >= {"files", "smtp", "oidc"}
    assert f"s3://{bucket}" in lines(result)["files"]


async def test_every_service_that_does_not_answer_is_a_line_with_its_fix(tmp_path, moto_endpoint):
    closed = free_port()
    env = {
        "LASUITE_STORAGE_URL": "s3://no-such-bucket",
        "LASUITE_S3_ENDPOINT_URL": moto_endpoint,
        **{f"LASUITE_{k.upper()}": v for k, v in CREDENTIALS.items()},
        "LASUITE_VAR_DIR": str(tmp_path / "var"),
        "LASUITE_DATABASE_URL": f"postgresql+asyncpg://postgres@127.0.0.1:{closed}/lasuite",
        "LASUITE_REDIS_URL": f"redis://127.0.0.1:{closed}/0",
        "LASUITE_BROKER_URL": f"redis://127.0.0.1:{closed}/1",
        "LASUITE_SMTP_URL": f"smtp://127.0.0.1:{closed}",
        "LASUITE_OIDC_ISSUER": f"http://127.0.0.1:{closed}",
        "LASUITE_OIDC_CLIENT_ID": "lasuite",
        "LASUITE_OIDC_CLIENT_SECRET": "secret",
        "LASUITE_PUBLIC_URL": "http://workspace.example.org",
        "LASUITE_DEBUG": "true",
    }

    result = await check(env)
    found = lines(result)

    assert result.exit_code == 1
    failed = {name for name, line in found.items() if line.startswith("FAIL")}
    assert failed == {
        "secret key",
        "public URL",
        "debug",
        "database",
        "files",
        "redis",
        "jobs broker",
        "smtp",
        "oidc",
    }
    assert found["plugins"].startswith("ok")
    assert "fix: start Redis, or correct LASUITE_REDIS_URL" in result.output
    assert "fix: start the database, or correct LASUITE_DATABASE_URL" in result.output
    assert result.output.count("      fix: ") == len(failed)
    assert "9 problems found" in result.output


async def test_a_setting_that_does_not_validate_is_named(tmp_path):
    result = await check({"LASUITE_VAR_DIR": str(tmp_path), "LASUITE_PORT": "eighty"})

    assert result.exit_code == 1
    assert "FAIL  settings: LASUITE_PORT: Input should be a valid integer" in result.output


async def test_pending_migrations_and_a_password_are_not_shown(tmp_path, lasuite_database_url):
    result = await check(
        {"LASUITE_VAR_DIR": str(tmp_path / "var"), "LASUITE_DATABASE_URL": lasuite_database_url}
    )

    assert result.exit_code == 1
    assert "migrations pending" in lines(result)["database"]
    assert "fix: run `lasuite db upgrade`" in result.output


async def test_a_refused_broker_login_shows_no_password(tmp_path, migrated):
    url = f"amqp://guest:not-the-password@127.0.0.1:{free_port()}/"

    result = await check({**migrated, "LASUITE_BROKER_URL": url})

    assert result.exit_code == 1
    assert lines(result)["jobs broker"].startswith("FAIL  jobs broker: amqp://guest:***@127.0.0.1")
    assert "not-the-password" not in result.output


async def test_a_check_that_does_not_answer_in_time_is_a_problem(monkeypatch):
    monkeypatch.setattr(run, "TIME_LIMIT", 0.05)
    hung = asyncio.Event()

    async def never() -> str:
        await hung.wait()
        return "never"

    async def refuses() -> str:
        raise CheckFailed("refused", fix="mend it")

    async def fine() -> str:
        return "fine"

    outcomes = await run.run_checks([("hung", never), ("refuses", refuses), ("fine", fine)])

    assert [o.line.splitlines()[0] for o in outcomes] == [
        "FAIL  hung: no answer within 0 s",
        "FAIL  refuses: refused",
        "ok    fine: fine",
    ]
    assert outcomes[1].line.endswith("fix: mend it")


def test_a_plugin_registers_each_check_once():
    ctx = PluginContext("polls", frozenset(), services=None)  # type: ignore[arg-type]

    async def votes() -> str:
        return "ok"

    ctx.add_check("votes", check=votes)
    with pytest.raises(PluginError, match="registered twice"):
        ctx.add_check("votes", check=votes)
    assert ctx.contributions.checks == [("votes", votes)]
