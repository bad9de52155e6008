"""Discovery of plugins through entry points, and the validation rules of the contract."""

from __future__ import annotations

import importlib.util
import traceback
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from lasuite.db.base import metadata
from lasuite.db.migrations import branch_labels_in
from lasuite.plugin_host.registry import PluginRecord, Registry
from lasuite.plugin_host.routes import check_route_declarations
from lasuite.plugins._context import PluginContext, ServiceDirectory, close_registration
from lasuite.plugins._contract import API_VERSION, PLUGIN_ID, RESERVED_IDS, Plugin, PluginError

ENTRY_POINT_GROUP = "lasuite.plugins"


def discover() -> list[EntryPoint]:
    """Entry points of the group ``lasuite.plugins`` from every installed distribution."""
    return sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: (ep.name, ep.value))


def load_registry(
    disabled: Iterable[str] = (), *, found: Iterable[EntryPoint] | None = None
) -> Registry:
    """Load, validate and set up every installed plugin; never raises for a bad plugin."""
    pairs = [(_record(ep), ep) for ep in (discover() if found is None else found)]
    records = [record for record, _ in pairs]
    disabled_ids = set(disabled)
    _refuse_duplicates(records)
    for record, ep in pairs:
        if record.status != "ok":
            continue
        if record.id in disabled_ids:
            record.status = "disabled"
            continue
        _import(record, ep)
    ordered = _dependency_order(records)
    services = ServiceDirectory()
    for record in ordered:
        if record.status == "ok":
            _setup(record, services, ordered)
    return Registry(ordered)


def _record(ep: EntryPoint) -> PluginRecord:
    dist = ep.dist
    package = ep.module.split(".", 1)[0]
    record = PluginRecord(
        id=ep.name,
        distribution=dist.name if dist else "?",
        version=dist.version if dist else "?",
        package=package,
        migrations=_migrations_dir(package),
    )
    if not PLUGIN_ID.match(ep.name) or ep.name in RESERVED_IDS:
        record.mark_broken(
            f"id {ep.name!r} is not a valid plugin id",
            "use a lowercase slug of 2-31 letters/digits that the core does not reserve",
        )
    return record


def _package_root(package: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def versions_dir(package: str) -> Path | None:
    """``<package>/migrations/versions``, found without importing the plugin's code."""
    root = _package_root(package)
    return None if root is None else root / "migrations" / "versions"


def _migrations_dir(package: str) -> Path | None:
    versions = versions_dir(package)
    return versions if versions is not None and versions.is_dir() else None


def _refuse_duplicates(records: list[PluginRecord]) -> None:
    for record in records:
        others = [r for r in records if r.id == record.id and r is not record]
        if others and record.status == "ok":
            names = ", ".join(sorted({r.distribution for r in [record, *others]}))
            record.mark_broken(
                f"id {record.id!r} is claimed by several distributions ({names})",
                "uninstall all but one of them",
            )


def _import(record: PluginRecord, ep: EntryPoint) -> None:
    tables_before = set(metadata.tables)
    try:
        plugin = ep.load()
    except Exception as exc:
        record.mark_broken(
            f"import of {ep.value!r} failed{_where(exc, record.package)}: "
            f"{type(exc).__name__}: {exc}",
            "fix the error in its code"
            if isinstance(exc, SyntaxError)
            else f"install what {record.distribution} needs, or fix the error in its code",
        )
        return
    finally:
        _claim_tables(record, set(metadata.tables) - tables_before)
    if record.status != "ok":
        return
    if not isinstance(plugin, Plugin):
        record.mark_broken(
            f"entry point {ep.value!r} is a {type(plugin).__name__}, not a lasuite Plugin",
            "point the entry point at a lasuite.plugins.Plugin object",
        )
        return
    record.plugin = plugin
    record.name = plugin.name
    record.description = plugin.description
    record.requires_api = plugin.requires_api
    record.depends = dict(plugin.depends)
    record.uses = dict(plugin.uses)
    if plugin.id != record.id:
        record.mark_broken(
            f"entry point name {record.id!r} differs from the plugin's id {plugin.id!r}",
            "name the entry point exactly as the plugin's id",
        )
        return
    try:
        compatible = Version(API_VERSION) in SpecifierSet(plugin.requires_api)
    except InvalidSpecifier:
        record.mark_broken(
            f"requires_api {plugin.requires_api!r} is not a PEP 440 specifier",
            "write it like '>=1.0,<2'",
        )
        return
    if not compatible:
        record.mark_broken(
            f"requires plugin API {plugin.requires_api} but this core provides {API_VERSION}",
            f"install a version of {record.distribution} made for plugin API {API_VERSION}",
        )


def _where(exc: BaseException, package: str) -> str:
    """`` at <file>:<line>``: the last place in the plugin's own package the error went
    through (or the line a syntax error is on), relative to the package's parent."""
    places = [
        (frame.f_code.co_filename, line) for frame, line in traceback.walk_tb(exc.__traceback__)
    ]
    if isinstance(exc, SyntaxError) and exc.filename:
        places.append((exc.filename, exc.lineno or 0))
    root = _package_root(package)
    if root is None:
        return ""
    own = [(Path(file), line) for file, line in places if Path(file).is_relative_to(root)]
    if not own:
        return ""
    file, line = own[-1]
    return f" at {file.relative_to(root.parent)}:{line}"


def _claim_tables(record: PluginRecord, tables: set[str]) -> None:
    """The tables a plugin's import declared are its own: named ``<id>_…``, or the plugin
    is broken (and not the plugin whose name the table took). A broken plugin's tables
    leave the shared metadata, so that no migration of another plugin sees them."""
    outside = sorted(t for t in tables if not t.startswith(f"{record.id}_"))
    if outside and record.status == "ok":
        record.mark_broken(
            f"its code declares the table(s) {', '.join(outside)} outside its namespace",
            f"name its tables '{record.id}_…'",
        )
    if record.status != "ok":
        for table in tables:
            metadata.remove(metadata.tables[table])


def _dependency_order(records: list[PluginRecord]) -> list[PluginRecord]:
    """Records sorted so that each plugin follows those it depends on; a plugin whose
    dependency is missing, broken, disabled or of the wrong version is marked broken."""
    by_id = {r.id: r for r in records}
    ordered: list[PluginRecord] = []
    visiting: set[str] = set()

    def visit(record: PluginRecord) -> None:
        if record in ordered:
            return
        if record.id in visiting:
            record.mark_broken("its dependencies form a cycle", "remove the cycle in 'depends'")
            return
        visiting.add(record.id)
        for dep_id, spec in record.depends.items():
            dep = by_id.get(dep_id)
            if dep is not None:
                visit(dep)
            if record.status == "ok":
                _check_dependency(record, dep_id, spec, dep)
        # Plugins it uses come first when they can (one that also uses it waits).
        for used_id in record.uses:
            used = by_id.get(used_id)
            if used is not None and used.id not in visiting:
                visit(used)
        visiting.discard(record.id)
        ordered.append(record)

    for record in records:
        visit(record)
    return ordered


def _check_dependency(
    record: PluginRecord, dep_id: str, spec: str, dep: PluginRecord | None
) -> None:
    if dep is None:
        record.mark_broken(
            f"depends on plugin {dep_id!r}, which is not installed",
            f"install the plugin {dep_id!r} ({spec or 'any version'})",
        )
    elif dep.status != "ok":
        record.mark_broken(
            f"depends on plugin {dep_id!r}, which is {dep.status}",
            f"repair or enable {dep_id!r} first",
        )
    elif spec and Version(dep.version) not in SpecifierSet(spec):
        record.mark_broken(
            f"depends on {dep_id!r} {spec} but {dep.version} is installed",
            f"install a version of {dep.distribution} matching {spec}",
        )


def _setup(record: PluginRecord, services: ServiceDirectory, ordered: list[PluginRecord]) -> None:
    assert record.plugin is not None
    ctx = PluginContext(
        record.id,
        frozenset(record.depends),
        services,
        uses=_usable(record, ordered),
        named_uses=frozenset(record.uses),
    )
    record.contributions = ctx.contributions
    try:
        record.plugin.setup(ctx)
        check_route_declarations(record.id, ctx.contributions.routes)
        _check_migrations(record)
    except PluginError as exc:
        record.mark_broken(exc.problem, exc.fix)
    except Exception as exc:
        record.mark_broken(
            f"setup failed: {type(exc).__name__}: {exc}", "fix the plugin's setup(ctx)"
        )
    finally:
        close_registration(ctx)
    if record.status != "ok":
        services.forget(record.id)
        for later in ordered:
            if record.id in later.depends and later.status == "ok":
                later.mark_broken(
                    f"depends on plugin {record.id!r}, which is broken",
                    f"repair {record.id!r} first",
                )


def _usable(record: PluginRecord, ordered: list[PluginRecord]) -> frozenset[str]:
    """The plugins ``record`` uses that work and are of the version asked."""
    ready = {r.id: r for r in ordered if r.status == "ok"}
    usable = set()
    for used_id, spec in record.uses.items():
        used = ready.get(used_id)
        if used is not None and (not spec or _matches(used.version, spec)):
            usable.add(used_id)
    return frozenset(usable)


def _matches(version: str, spec: str) -> bool:
    try:
        return Version(version) in SpecifierSet(spec)
    except (InvalidVersion, InvalidSpecifier):
        return False


def _check_migrations(record: PluginRecord) -> None:
    if not record.contributions.models:
        return
    if record.migrations is None or record.id not in branch_labels_in(record.migrations):
        raise PluginError(
            "declares tables but ships no migration branch labelled "
            f"{record.id!r} in its migrations/versions",
            f"add an Alembic revision with branch_labels=({record.id!r},) "
            "(lasuite db revision --plugin ID)",
        )
