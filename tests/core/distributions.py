"""Tiny plugin distributions written into a directory that goes on PYTHONPATH.

A ``<name>-<version>.dist-info`` folder with ``METADATA`` and ``entry_points.txt``
is all ``importlib.metadata`` needs to see an installed distribution, so these
plugins are discovered exactly like ones installed with pip.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

LASUITE = Path(sys.executable).parent / "lasuite"


def install_distribution(
    site: Path, *, name: str, version: str, entry_points: dict[str, str], files: dict[str, str]
) -> None:
    """Write the distribution ``name`` with its ``lasuite.plugins`` entry points and files."""
    for relative, content in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content))
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    lines = "".join(f"{ep} = {target}\n" for ep, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[lasuite.plugins]\n{lines}")


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_lasuite(site: Path, var_dir: Path, *args: str, timeout: float = 120) -> Result:
    """Run the ``lasuite`` command with ``site`` on its path and ``var_dir`` as its state."""
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "LASUITE_VAR_DIR": str(var_dir),
        "LASUITE_DATABASE_URL": "",
    }
    done = subprocess.run(
        [str(LASUITE), *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    return Result(done.returncode, done.stdout, done.stderr)


def run_python(site: Path, var_dir: Path, code: str, timeout: float = 120) -> Result:
    env = {**os.environ, "PYTHONPATH": str(site), "LASUITE_VAR_DIR": str(var_dir)}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)
