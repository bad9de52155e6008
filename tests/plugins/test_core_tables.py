"""Plugins read the core's tables through ``lasuite.plugins`` only: a plugin that names
one (``Model.metadata.tables["core_user"]``, ``text("… FROM core_team")``) breaks when
the core changes it. Foreign keys (``"core_user.id"``) are schema, not reads, and stay."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import lasuite.db.tables  # noqa: F401  (every core table on the metadata)
from lasuite.db.base import Model

PLUGINS = Path(__file__).parents[2] / "plugins"
CORE_TABLES = sorted(name for name in Model.metadata.tables if name.startswith("core_"))
A_CORE_TABLE = re.compile(rf"\b({'|'.join(CORE_TABLES)})\b(?!\.)")


def core_tables_named(source: str) -> list[str]:
    """The core tables the string literals of ``source`` name, foreign keys apart."""
    return [
        found.group(1)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for found in A_CORE_TABLE.finditer(node.value)
    ]


def plugin_modules() -> list[Path]:
    """Every module of the workspace's plugins but their migrations, which may join
    what they need to move data."""
    return [
        path
        for path in sorted(PLUGINS.glob("*/lasuite_*/**/*.py"))
        if "migrations" not in path.relative_to(PLUGINS).parts
    ]


def test_the_check_finds_a_core_table_read_by_name_but_not_a_foreign_key():
    source = 'user = Model.metadata.tables["core_user"]\nfk = ForeignKey("core_team.id")\n'

    assert core_tables_named(source) == ["core_user"]


def test_no_plugin_names_a_core_table():
    named = {
        str(path.relative_to(PLUGINS)): tables
        for path in plugin_modules()
        if (tables := core_tables_named(path.read_text()))
    }

    assert plugin_modules()
    assert named == {}
