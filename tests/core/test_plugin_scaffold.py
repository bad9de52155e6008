"""``lasuite plugins new``: the project it writes installs against the core's wheel,
passes its own tests (the contract checks included) and is loaded by lasuite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes

REPOSITORY = Path(__file__).resolve().parents[2]
LASUITE = Path(sys.executable).parent / "lasuite"


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_a_new_plugin_project_installs_against_the_wheel_passes_its_tests_and_loads(
    tmp_path: Path,
) -> None:
    run(LASUITE, "plugins", "new", "polls", "--directory", tmp_path, cwd=tmp_path)
    project = tmp_path / "lasuite-polls"
    # The core as a third party gets it: a wheel (`make dist`), not this checkout.
    run(
        "make",
        "--no-print-directory",
        "dist",
        f"DIST={tmp_path / 'dist'}",
        "COMPILE=",
        cwd=REPOSITORY,
    )
    (wheel,) = (tmp_path / "dist").glob("lasuite_core-*.whl")
    venv = tmp_path / "venv"
    run("uv", "venv", "--quiet", "--python", sys.executable, venv, cwd=tmp_path)
    run(
        "uv",
        "pip",
        "install",
        "--quiet",
        "--python",
        venv,
        f"lasuite-core[testing] @ {wheel.as_uri()}",
        project,
        cwd=tmp_path,
    )

    tested = run(
        venv / "bin" / "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        cwd=project,
        env={"LASUITE_TEST_DATABASE_URL": "", "CI": ""},
    )
    listed = run(
        venv / "bin" / "lasuite",
        "plugins",
        "list",
        "--json",
        cwd=tmp_path,
        env={"LASUITE_VAR_DIR": str(tmp_path / "var"), "LASUITE_DATABASE_URL": ""},
    )

    # Four tests of its API and the three contract checks, on SQLite.
    assert tested.strip().splitlines()[-1].startswith("7 passed")
    assert [(p["id"], p["status"]) for p in json.loads(listed)] == [("polls", "ok")]
