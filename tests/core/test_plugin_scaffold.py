"""``lasuite plugins new``: the project it writes installs against the core's wheel,
passes its own tests (the contract checks included) and is loaded by lasuite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
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


WEB = REPOSITORY / "web"

TYPED_UI = """
import { LitElement, html } from "lit";
import { LocaleController, addMessages, api, t } from "@lasuite/shell";

addMessages({ fr: { "polls.title": "Sondages" }, en: { "polls.title": "Polls" } });

export class PollsTitle extends LitElement {
  i18n = new LocaleController(this);
  async titles(): Promise<string[]> {
    return api.get<string[]>("/api/v1/polls/titles");
  }
  override render() {
    return html`<h1>${t("polls.title")}</h1>`;
  }
}
"""


def typecheck(ui: str, shell_types: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    """``tsc`` on ``ui`` with ``@lasuite/shell`` from ``shell_types`` (the packed package)."""
    folder.mkdir()
    (folder / "ui.ts").write_text(ui)
    with tarfile.open(shell_types) as packed:
        packed.extractall(folder, filter="data")
    lit = WEB / "node_modules" / "lit"
    options = {
        "target": "ES2022",
        "module": "ESNext",
        "moduleResolution": "bundler",
        "strict": True,
        "noEmit": True,
        "experimentalDecorators": True,
        "useDefineForClassFields": False,
        "skipLibCheck": False,
        "types": [],
        "lib": ["ES2022", "DOM"],
        "paths": {"@lasuite/shell": [str(folder / "package")], "lit": [str(lit)]},
    }
    (folder / "tsconfig.json").write_text(
        json.dumps({"compilerOptions": options, "files": ["ui.ts"]})
    )
    return subprocess.run(
        [str(WEB / "node_modules" / ".bin" / "tsc"), "-p", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make dist` builds: the wheels, and the shell's types packed."""
    folder = tmp_path_factory.mktemp("dist")
    run("make", "--no-print-directory", "dist", f"DIST={folder}", "COMPILE=", cwd=REPOSITORY)
    return folder


def test_a_new_plugin_project_installs_against_the_wheel_passes_its_tests_and_loads(
    dist: Path, tmp_path: Path
) -> None:
    run(LASUITE, "plugins", "new", "polls", "--directory", tmp_path, cwd=tmp_path)
    project = tmp_path / "lasuite-polls"
    # The core as a third party gets it: a wheel (`make dist`), not this checkout.
    (wheel,) = dist.glob("lasuite_core-*.whl")
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


def test_a_plugin_ui_type_checks_against_the_shells_packed_types(
    dist: Path, tmp_path: Path
) -> None:
    (packed,) = dist.glob("lasuite-shell-*.tgz")

    right = typecheck(TYPED_UI, packed, tmp_path / "right")
    wrong = typecheck(
        TYPED_UI.replace("Promise<string[]>", "Promise<number>"), packed, tmp_path / "wrong"
    )

    assert right.returncode == 0, right.stdout
    assert "error TS2322" in wrong.stdout  # the types are read: a wrong one is refused
