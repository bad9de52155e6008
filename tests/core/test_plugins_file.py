"""A plugin from outside the workspace, listed in ``plugins.txt``, stays installed
through ``make sync`` (which ``make run`` and every other target run first)."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.core.hello_distribution import hello_files

pytestmark = pytest.mark.processes

REPOSITORY = Path(__file__).resolve().parents[2]

PYPROJECT = """
[project]
name = "lasuite-hello"
version = "0.3.0"
dependencies = ["lasuite-core"]

[project.entry-points."lasuite.plugins"]
hello = "hello_plugin.plugin:plugin"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["hello_plugin"]
"""


def hello_project(root: Path) -> Path:
    for relative, content in {**hello_files(), "pyproject.toml": PYPROJECT}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content))
    return root


def sync(environment: Path, plugins: Path) -> None:
    """``make sync`` of this repository into ``environment`` with ``plugins`` as its list."""
    done = subprocess.run(
        # Not compiled: a fresh environment's bytecode would take most of the test's time.
        [
            "make",
            "-C",
            str(REPOSITORY),
            "--no-print-directory",
            "sync",
            f"PLUGINS={plugins}",
            "COMPILE=",
        ],
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(environment)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def installed_plugins(environment: Path, var: Path) -> dict[str, str]:
    done = subprocess.run(
        [str(environment / "bin" / "lasuite"), "plugins", "list", "--json"],
        env={**os.environ, "LASUITE_VAR_DIR": str(var), "LASUITE_DATABASE_URL": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return {plugin["id"]: plugin["status"] for plugin in json.loads(done.stdout)}


def distributions_of_hello(environment: Path) -> list[Path]:
    return list(environment.glob("lib/python*/site-packages/lasuite_hello-*.dist-info"))


def test_a_plugin_listed_in_plugins_txt_is_installed_by_every_sync(tmp_path: Path) -> None:
    plugins = tmp_path / "plugins.txt"
    plugins.write_text(f"{hello_project(tmp_path / 'lasuite-hello')}\n")
    environment = tmp_path / "venv"

    sync(environment, plugins)

    assert installed_plugins(environment, tmp_path / "var")["hello"] == "ok"
    assert len(distributions_of_hello(environment)) == 1

    plugins.write_text("")
    sync(environment, plugins)

    assert distributions_of_hello(environment) == []
