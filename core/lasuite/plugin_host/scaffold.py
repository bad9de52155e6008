"""``lasuite plugins new ID``: a plugin project to start from, written from templates.

The project has what every plugin has — a pyproject with its entry point, the plugin's
setup, a table and its first migration, routes, web components in French and English,
tests on the test kit with the contract checks — and passes its own tests as written.
"""

from __future__ import annotations

import uuid
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from alembic.config import Config
from alembic.script import ScriptDirectory

from lasuite.db.migrations import CORE_MIGRATIONS
from lasuite.plugins._contract import API_VERSION, PLUGIN_ID, RESERVED_IDS

TEMPLATES = files("lasuite.plugin_host") / "scaffold_templates"


class CannotScaffold(Exception):
    """The id is not a plugin id, or the project's directory is taken."""


def scaffold(plugin_id: str, parent: Path) -> Path:
    """Write the project ``lasuite-<plugin_id>`` under ``parent``; returns its directory."""
    if not PLUGIN_ID.match(plugin_id) or plugin_id in RESERVED_IDS:
        raise CannotScaffold(
            f"{plugin_id!r} is not a plugin id: a lowercase letter, then 1 to 30 lowercase "
            "letters or digits, not one the core reserves"
        )
    root = parent / f"lasuite-{plugin_id}"
    if root.exists():
        raise CannotScaffold(f"{root} exists already")
    values = _values(plugin_id)
    for template, relative in _templates(TEMPLATES, ""):
        target = root / _placed(relative, values)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(template.read_text(encoding="utf-8")).substitute(values))
    return root


def _values(plugin_id: str) -> dict[str, str]:
    major, minor, *_ = API_VERSION.split(".")
    config = Config()
    config.set_main_option("script_location", str(CORE_MIGRATIONS))
    return {
        "id": plugin_id,
        "name": plugin_id.capitalize(),
        "element_class": plugin_id.capitalize(),
        "package": f"lasuite_{plugin_id}",
        "dist": f"lasuite-{plugin_id}",
        "api_major": major,
        "api_minor": minor,
        "api_next": str(int(major) + 1),
        "core_head": ScriptDirectory.from_config(config).get_current_head() or "",
        "revision": uuid.uuid4().hex[:12],
    }


def _templates(folder: Traversable, prefix: str) -> list[tuple[Traversable, str]]:
    found: list[tuple[Traversable, str]] = []
    for entry in folder.iterdir():
        relative = f"{prefix}{entry.name}"
        if entry.is_dir():
            found += _templates(entry, f"{relative}/")
        elif entry.name.endswith(".tmpl"):
            found.append((entry, relative.removesuffix(".tmpl")))
    return found


def _placed(relative: str, values: dict[str, str]) -> str:
    """Where a template goes: ``package/`` is the plugin's package, the first migration
    and the web module are named after the revision and the id."""
    if relative.startswith("package/"):
        relative = values["package"] + relative.removeprefix("package")
    relative = relative.replace("versions/first.py", f"versions/{values['revision']}_items.py")
    return relative.replace("static/module.js", f"static/{values['id']}.js")
