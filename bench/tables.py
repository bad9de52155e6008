"""Result tables: rows of measurements rendered as Markdown, with the run's conditions."""

from __future__ import annotations

import math
import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results"

Cell = str | int | float


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile of ``values`` (nearest rank); NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def _cell(value: Cell) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        if abs(value) >= 100:
            return f"{value:.0f}"
        return f"{value:.3g}" if abs(value) >= 0.001 else "0"
    return str(value)


@dataclass
class Table:
    """One benchmark's results: a title, column names, a row per measured case."""

    title: str
    columns: Sequence[str]
    rows: list[Sequence[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    load_at_start: float = field(default_factory=lambda: os.getloadavg()[0])
    """The machine's 1-minute load average when the run started: other work competes."""

    def add(self, *row: Cell) -> None:
        if len(row) != len(self.columns):
            raise ValueError(f"{len(row)} cells for {len(self.columns)} columns")
        self.rows.append(row)

    def markdown(self) -> str:
        lines = [
            f"### {self.title}",
            "",
            conditions(self.load_at_start),
            "",
            "| " + " | ".join(self.columns) + " |",
            "| " + " | ".join("---" for _ in self.columns) + " |",
            *("| " + " | ".join(_cell(c) for c in row) + " |" for row in self.rows),
        ]
        if self.notes:
            lines += ["", *self.notes]
        return "\n".join(lines) + "\n"

    def write(self, name: str) -> Path:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{name}.md"
        path.write_text(self.markdown())
        return path


def conditions(load_at_start: float) -> str:
    """When, on which commit and on what machine the table was measured."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).parents[1],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "core", "plugins"],
            cwd=Path(__file__).parents[1],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit, dirty = "", ""
    commit = (commit or "unknown") + (" + uncommitted changes" if dirty else "")
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Measured {when} on commit {commit}; {os.cpu_count()} CPUs "
        f"({platform.machine()}), Python {platform.python_version()}, "
        f"server and clients on loopback; 1-minute load average {load_at_start:.1f} at the "
        f"start, {os.getloadavg()[0]:.1f} at the end."
    )
