"""The ``lasuite`` command: serve, migrate, inspect plugins."""

from __future__ import annotations

import asyncio
import faulthandler
import logging.config
import os
import signal
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy import delete, inspect, select

from lasuite.db.engine import Database
from lasuite.plugin_host import surface
from lasuite.plugin_host.loader import load_registry
from lasuite.plugin_host.models import DisabledPlugin
from lasuite.plugin_host.registry import Registry
from lasuite.plugins._contract import API_VERSION
from lasuite.settings import Settings


async def _disabled_in_database(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        exists = await connection.run_sync(
            lambda c: inspect(c).has_table(DisabledPlugin.__tablename__)
        )
        if not exists:
            return set()
        return set((await connection.execute(select(DisabledPlugin.plugin_id))).scalars())


async def _read_disabled(settings: Settings) -> set[str]:
    database = Database(settings.database)
    try:
        return await _disabled_in_database(database)
    finally:
        await database.dispose()


def report_orphans(settings: Settings) -> None:
    """One line on stderr per plugin whose data is kept without its code."""
    from lasuite.plugin_host.orphans import left_behind

    async def read() -> list[str]:
        database = Database(settings.database)
        try:
            return [orphan.advice for orphan in await left_behind(database)]
        finally:
            await database.dispose()

    for advice in asyncio.run(read()):
        click.echo(advice, err=True)


def build_registry(settings: Settings) -> Registry:
    """Every installed plugin, minus those disabled by setting or by ``plugins disable``."""
    disabled = set(settings.disabled_plugins) | asyncio.run(_read_disabled(settings))
    return load_registry(disabled)


class LasuiteGroup(click.Group):
    """The root group; each loaded plugin's click group is mounted as ``lasuite <id>``."""

    def _plugin_groups(self) -> dict[str, click.Command]:
        registry = load_registry(Settings().disabled_plugins)
        return {r.id: r.contributions.cli for r in registry.loaded if r.contributions.cli}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *sorted(self._plugin_groups())]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or self._plugin_groups().get(cmd_name)


@click.group(cls=LasuiteGroup)
@click.version_option(package_name="lasuite-core")
def main() -> None:
    """lasuite: a sovereign collaboration workspace."""


def fail(message: str) -> None:
    click.echo(message, err=True)
    sys.exit(1)


def _loaded_registry(settings: Settings) -> Registry:
    registry = build_registry(settings)
    if registry.broken:
        fail(
            "\n".join(
                ["lasuite cannot start, a plugin is broken:", *(r.reason for r in registry.broken)]
            )
        )
    return registry


@main.command()
@click.option("--host", default=None, help="Address to listen on (default LASUITE_HOST).")
@click.option("--port", default=None, type=int, help="Port to listen on (default LASUITE_PORT).")
def run(host: str | None, port: int | None) -> None:
    """Serve the workspace (migrating and creating a demo on the embedded default)."""
    import uvicorn

    from lasuite.app import create_app
    from lasuite.db.migrations import upgrade
    from lasuite.serving import freeze_what_was_built, server_config
    from lasuite.tenancy.demo import ensure_demo

    overrides: dict[str, Any] = {k: v for k, v in {"host": host, "port": port}.items() if v}
    settings = Settings(**overrides)
    registry = _loaded_registry(settings)
    if settings.should_migrate_on_start:
        upgrade(settings.database, registry)
    report_orphans(settings)
    if settings.should_create_demo:
        demo = ensure_demo(settings, registry)
        if demo is not None:
            click.echo(f"Demo organization: {demo.organization}")
            password = demo.password or "(see var/demo_password; it was removed)"
            click.echo(f"Log in as {demo.email} with password {password}")
    app = create_app(settings, registry=registry)
    click.echo(f"lasuite is serving the workspace at {settings.base_url}/")
    freeze_what_was_built()
    uvicorn.Server(server_config(app, settings)).run()


@main.command()
def check() -> None:
    """Check the configuration and that every service it names answers: one line per
    check, each problem with its fix; exit status 1 on any problem."""
    from pydantic import ValidationError

    from lasuite.checks.core_checks import core_checks
    from lasuite.checks.run import run_checks, settings_outcomes

    try:
        settings = Settings()
    except ValidationError as error:
        outcomes = settings_outcomes(error)
    else:
        registry = load_registry(settings.disabled_plugins)
        checks = core_checks(settings, registry)
        checks += [
            (f"{loaded.id}: {name}", plugin_check)
            for loaded in registry.loaded
            for name, plugin_check in loaded.contributions.checks
        ]
        outcomes = asyncio.run(run_checks(checks))
    for outcome in outcomes:
        click.echo(outcome.line)
    failed = sum(1 for outcome in outcomes if outcome.fix is not None)
    if failed:
        fail(f"{failed} problem{'s' if failed > 1 else ''} found")
    click.echo("no problem found")


@main.command()
@click.option(
    "--processes", default=1, type=click.IntRange(1, 64), help="Worker processes (default 1)."
)
@click.option(
    "--threads",
    default=None,
    type=click.IntRange(1, 256),
    help="Job threads per process (default LASUITE_WORKER_THREADS).",
)
@click.option("--supervisor-pid", type=int, default=None, hidden=True)
@click.option("--process-index", type=int, default=0, hidden=True)
def worker(
    processes: int, threads: int | None, supervisor_pid: int | None, process_index: int
) -> None:
    """Run background jobs from LASUITE_BROKER_URL until SIGTERM (dramatiq worker).

    SIGUSR1 prints the stack of every thread of every worker process to stderr.
    """
    from lasuite.jobs.worker import run_worker, supervise
    from lasuite.log_format import log_config

    faulthandler.register(signal.SIGUSR1, file=2, all_threads=True)  # stderr, even under CliRunner
    settings = Settings()
    if not settings.broker_url:
        fail(
            "lasuite worker: LASUITE_BROKER_URL is empty, so jobs run inside `lasuite run`; "
            "set it to redis://… or amqp://… to run them in separate workers."
        )
    configured = log_config(settings.log_format)
    if configured is not None:
        logging.config.dictConfig(configured)
    threads = threads or settings.worker_threads
    if threads < 1:
        fail("lasuite worker: give --threads 1 or more (LASUITE_WORKER_THREADS is 0).")
    registry = _loaded_registry(settings)
    if processes == 1:
        run_worker(
            settings,
            registry,
            threads,
            click.echo,
            supervisor_pid=supervisor_pid,
            index=process_index,
        )
        return
    child = [sys.executable, "-c", "from lasuite.cli import main; main()", "worker"]
    # A child stops by itself when this process is gone (killed without passing SIGTERM on).
    supervised = [*child, "--threads", str(threads), "--supervisor-pid", str(os.getpid())]
    sys.exit(supervise(supervised, processes))


@main.group()
def db() -> None:
    """Database migrations of the core and every installed plugin."""


@db.command("upgrade")
@click.argument("target", default="heads")
def db_upgrade(target: str) -> None:
    """Apply migrations up to TARGET (default: every branch's head)."""
    from lasuite.db.migrations import upgrade

    settings = Settings()
    upgrade(settings.database, build_registry(settings), target)
    click.echo(f"database upgraded to {target}")
    report_orphans(settings)


@db.command("downgrade")
@click.argument("target")
def db_downgrade(target: str) -> None:
    """Revert migrations down to TARGET (``base``, ``chat@base``, a revision id)."""
    from lasuite.db.migrations import downgrade

    settings = Settings()
    downgrade(settings.database, build_registry(settings), target)
    click.echo(f"database downgraded to {target}")


@db.command("check")
def db_check() -> None:
    """Fail, listing the differences, when models and migrations drift apart."""
    from lasuite.db.migrations import MigrationDrift, check

    settings = Settings()
    try:
        check(settings.database, build_registry(settings))
    except MigrationDrift as exc:
        fail(f"models and migrations differ:\n{exc}")
    click.echo("models and migrations agree")


@db.command("revision")
@click.option("--plugin", "plugin_id", required=True, help="Plugin id, or 'core'.")
@click.option("-m", "--message", required=True)
def db_revision(plugin_id: str, message: str) -> None:
    """Autogenerate the next migration of a plugin's branch (for plugin authors)."""
    from lasuite.db.migrations import CORE_MIGRATIONS, new_revision
    from lasuite.plugin_host.loader import versions_dir

    settings = Settings()
    registry = build_registry(settings)
    record = registry.get(plugin_id)
    if plugin_id == "core":
        versions = CORE_MIGRATIONS / "versions"
    elif record is not None and record.plugin is not None:
        versions = versions_dir(record.package) or CORE_MIGRATIONS / "versions"
    else:
        fail(f"plugin {plugin_id!r} is not installed, or its code does not import")
        return
    versions.mkdir(parents=True, exist_ok=True)
    new_revision(
        settings.database, registry, plugin_id=plugin_id, message=message, versions=versions
    )


@main.group()
def org() -> None:
    """Take an organization out of this installation, or bring one in."""


@org.command("export")
@click.argument("organization")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The archive to write (default: <slug>.lasuite.zip here).",
)
def org_export(organization: str, output: Path | None) -> None:
    """Write ORGANIZATION (its slug or id) to one archive: every plugin's rows, the
    people they name, the stored files, readable copies (pages as Markdown)."""
    from lasuite.portability.export import ExportFailed, export_organization

    settings = Settings()
    path = output or Path(f"{organization}.lasuite.zip")
    try:
        manifest = asyncio.run(
            export_organization(settings, _loaded_registry(settings), organization, path)
        )
    except ExportFailed as exc:
        fail(f"lasuite org export: {exc}")
        return
    rows = sum(entry.rows for entry in manifest.tables.values())
    click.echo(
        f"wrote {path}: organization {manifest.organization.slug!r}, {rows} rows in "
        f"{len(manifest.tables)} tables, {manifest.people} people, {manifest.files} files, "
        f"{len(manifest.readable)} readable copies"
    )
    if manifest.missing_files:
        click.echo(
            f"{len(manifest.missing_files)} stored files had no content in the file store: "
            "their rows are in the archive, not their content",
            err=True,
        )


@org.command("import")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="The organization's slug here, when the archive's is taken.")
@click.option(
    "--without",
    multiple=True,
    metavar="PLUGIN",
    help="Leave out the data of this plugin (repeatable).",
)
def org_import(archive: Path, slug: str | None, without: tuple[str, ...]) -> None:
    """Restore ARCHIVE (from `lasuite org export`) as a new organization of this
    installation: new ids, people matched by e-mail address."""
    from lasuite.portability.archive import NotAnArchive
    from lasuite.portability.restore import RestoreRefused, restore_organization

    settings = Settings()
    try:
        restored = asyncio.run(
            restore_organization(
                settings, _loaded_registry(settings), archive, slug=slug, without=without
            )
        )
    except (NotAnArchive, RestoreRefused) as exc:
        fail(f"lasuite org import: nothing was restored:\n{exc}")
        return
    click.echo(
        f"restored organization {restored.slug!r} ({restored.organization_id}): "
        f"{sum(restored.rows.values())} rows, {restored.files} files, "
        f"{restored.people_matched} people with an account here, "
        f"{restored.people_created} accounts made"
    )
    if restored.people_created:
        click.echo(
            "the accounts made have no password: their holders choose one with "
            "'Mot de passe oublié ?' on the sign-in page (or sign in with the identity provider)"
        )


@main.group()
def plugins() -> None:
    """Installed plugins."""


@plugins.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--check", is_flag=True, help="Exit with status 1 when a plugin is broken.")
def plugins_list(as_json: bool, check: bool) -> None:
    """Every installed plugin: id, version, API range and status."""
    from lasuite.plugin_host.listing import describe

    settings = Settings()
    registry = build_registry(settings)
    if as_json:
        import msgspec

        click.echo(msgspec.json.encode([describe(r) for r in registry]).decode())
    else:
        click.echo(f"plugin API {API_VERSION}")
        for r in registry:
            click.echo(f"{r.id:<12} {r.version:<10} {r.requires_api or '-':<12} {r.status}")
            if r.reason:
                click.echo(f"    {r.reason}")
        report_orphans(settings)
    if check and registry.broken:
        raise click.exceptions.Exit(1)


@plugins.command("disable")
@click.argument("plugin_id")
def plugins_disable(plugin_id: str) -> None:
    """Never load PLUGIN_ID on this installation (its data is kept)."""
    asyncio.run(_switch(plugin_id, disabled=True))
    click.echo(f"plugin {plugin_id!r} disabled; restart the app instances")


@plugins.command("enable")
@click.argument("plugin_id")
def plugins_enable(plugin_id: str) -> None:
    """Load PLUGIN_ID again on this installation."""
    asyncio.run(_switch(plugin_id, disabled=False))
    click.echo(f"plugin {plugin_id!r} enabled; restart the app instances")


@plugins.command("remove")
@click.argument("plugin_id")
@click.option("--purge", is_flag=True, help="Delete its tables and the core's data of it.")
@click.option("--yes", is_flag=True, help="Do not ask before purging.")
def plugins_remove(plugin_id: str, purge: bool, yes: bool) -> None:
    """Take PLUGIN_ID off this installation: disabled, its data kept or purged."""
    from lasuite.plugin_host.removal import NothingToRemove, remove

    if purge and not yes:
        click.confirm(
            f"Delete every table and file of plugin {plugin_id!r} in every organization?",
            abort=True,
        )
    settings = Settings()
    try:
        done = asyncio.run(remove(settings, build_registry(settings), plugin_id, purge=purge))
    except NothingToRemove as exc:
        fail(str(exc))
        return
    if purge:
        tables = ", ".join(done.purged_tables) or "none"
        click.echo(
            f"plugin {plugin_id!r}: data purged (tables {tables}; {done.purged_files} files)"
        )
    else:
        click.echo(f"plugin {plugin_id!r}: disabled, its data kept")
    if done.installed:
        click.echo(
            "uninstall its distribution now (take it out of plugins.txt, then `make sync`), "
            "and restart the app instances"
        )


@plugins.command("new")
@click.argument("plugin_id")
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="Where to write the project (default: here).",
)
def plugins_new(plugin_id: str, directory: Path) -> None:
    """Write a plugin project, lasuite-PLUGIN_ID, to start a plugin from."""
    from lasuite.plugin_host.scaffold import CannotScaffold, scaffold

    try:
        root = scaffold(plugin_id, directory)
    except CannotScaffold as exc:
        fail(f"lasuite plugins new: {exc}")
        return
    click.echo(f"wrote the plugin project {root}; its README says what comes next")


@plugins.command("surface")
@click.option("--write", is_flag=True, help="Record the surface in api-surface.txt.")
def plugins_surface(write: bool) -> None:
    """Print the plugin API's surface, or compare it with its record (exit 1 on a break)."""
    current = surface.entries()
    if write:
        surface.write(current)
        click.echo(f"recorded {len(current)} entries in {surface.RECORD}")
        return
    compared = surface.compare(current)
    for line in compared.broken:
        click.echo(f"- {line}")
    for line in compared.new:
        click.echo(f"+ {line}")
    if compared.broken and compared.recorded_major == int(API_VERSION.split(".", 1)[0]):
        fail("the plugin API changed within its major version: restore what is marked '-'")


async def _switch(plugin_id: str, *, disabled: bool) -> None:
    database = Database(Settings().database)
    try:
        async with database.transaction() as session:
            await session.execute(
                delete(DisabledPlugin).where(DisabledPlugin.plugin_id == plugin_id)
            )
            if disabled:
                session.add(DisabledPlugin(plugin_id=plugin_id))
    finally:
        await database.dispose()
