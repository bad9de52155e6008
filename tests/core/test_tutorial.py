"""The plugin authors' tutorial works as written: its plugin (``docs/tutorial/hello``, the
files the page shows) loads, its migration matches its model, and its own tests pass
with the test kit, here, as part of the suite."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from types import ModuleType

import pytest

from lasuite.db.base import metadata
from lasuite.db.migrations import check, upgrade
from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry

HELLO = Path(__file__).resolve().parents[2] / "docs" / "tutorial" / "hello"
ENTRY_POINT = EntryPoint(name="hello", value="lasuite_hello.plugin:plugin", group="lasuite.plugins")


def tutorial_tests() -> ModuleType:
    """The tutorial's test module, read from its file (its folder is no package here)."""
    path = HELLO / "tests" / "test_hello.py"
    spec = importlib.util.spec_from_file_location("lasuite_hello_tutorial_tests", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Every test of the tutorial, collected as a test of this module: they run with the
# registry below, the way a plugin's author runs them with the plugin installed.
globals().update(
    {name: test for name, test in vars(tutorial_tests()).items() if name.startswith("test_")}
)


def forget_tutorial_plugin() -> None:
    """Take the plugin out of this process again: its table would otherwise stay on the
    shared metadata, where the tests of other modules would expect it migrated."""
    sys.path.remove(str(HELLO))
    for name in [name for name in sys.modules if name.split(".")[0] == "lasuite_hello"]:
        del sys.modules[name]
    if "hello_greeting" in metadata.tables:
        metadata.remove(metadata.tables["hello_greeting"])


@pytest.fixture(scope="module")
def lasuite_registry() -> Iterator[Registry]:
    """The installed plugins and the tutorial's, imported from its folder."""
    sys.path.insert(0, str(HELLO))
    try:
        yield load_registry(found=[*discover(), ENTRY_POINT])
    finally:
        forget_tutorial_plugin()


def test_the_tutorial_plugin_passes_the_loaders_checks(lasuite_registry: Registry) -> None:
    hello = next(record for record in lasuite_registry.records if record.id == "hello")

    assert hello.status == "ok", hello.reason
    assert hello.migrations == HELLO / "lasuite_hello" / "migrations" / "versions"


async def test_the_tutorial_migration_matches_its_model(
    lasuite_database_url: str, lasuite_registry: Registry
) -> None:
    await asyncio.to_thread(upgrade, lasuite_database_url, lasuite_registry)

    await asyncio.to_thread(check, lasuite_database_url, lasuite_registry)
