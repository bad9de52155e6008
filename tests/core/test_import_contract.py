"""The import contract keeping plugins on the public API is an allow-list: a plugin
module importing anything of the core but ``lasuite.plugins`` and ``lasuite.testing``
breaks it. Checked by running import-linter, with the project's own contract, on a
probe plugin."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = "Plugins use the public plugin API only"

pytestmark = pytest.mark.processes


def lint_probe(tmp_path: Path, imports: str) -> subprocess.CompletedProcess[str]:
    """Run import-linter's plugin contract on a plugin package whose module ``imports``."""
    package = tmp_path / "lasuite_probe"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "plugin.py").write_text(imports + "\n")
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in settings["contracts"] if c["name"] == CONTRACT)
    contract = {**contract, "source_modules": ["lasuite_probe"]}
    config = tmp_path / ".importlinter"
    config.write_text(
        "[importlinter]\nroot_packages =\n    lasuite\n    lasuite_probe\n\n"
        "[importlinter:contract:plugins]\n" + "".join(ini_option(k, v) for k, v in contract.items())
    )
    lint_imports = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint_imports), "--config", str(config), "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def ini_option(key: str, value: object) -> str:
    if isinstance(value, list):
        return f"{key} =\n" + "".join(f"    {item}\n" for item in value)
    return f"{key} = {str(value).lower() if isinstance(value, bool) else value}\n"


@pytest.mark.parametrize(
    "imports",
    [
        "from lasuite.plugins import EventBus, Plugin, Problem",
        "from lasuite.testing import another_client",
    ],
)
def test_a_plugin_may_import_the_api_and_the_test_kit(tmp_path: Path, imports: str) -> None:
    result = lint_probe(tmp_path, imports)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "imports",
    [
        "from lasuite.notifications.service import Notifier",
        "from lasuite.plugin_host.registry import Registry",
        "from lasuite.plugins._context import PluginContext",
        "import lasuite.runtime",
    ],
)
def test_a_plugin_importing_anything_else_of_the_core_breaks_the_contract(
    tmp_path: Path, imports: str
) -> None:
    result = lint_probe(tmp_path, imports)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{CONTRACT} BROKEN" in result.stdout
    assert "lasuite_probe.plugin -> " in result.stdout
