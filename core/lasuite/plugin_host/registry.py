"""The plugin registry: every installed plugin, its status and what it registered."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lasuite.permissions.policy import PolicySet
from lasuite.plugins._context import Contributions
from lasuite.plugins._contract import Permission, Plugin
from lasuite.problems import Problem

Status = Literal["ok", "broken", "disabled"]


@dataclass(slots=True, kw_only=True)
class PluginRecord:
    """One installed plugin as the loader found it."""

    id: str
    distribution: str
    version: str
    package: str = ""
    name: str = ""
    description: str = ""
    requires_api: str = ""
    depends: dict[str, str] = field(default_factory=dict)
    uses: dict[str, str] = field(default_factory=dict)
    status: Status = "ok"
    problem: str = ""
    fix: str = ""
    plugin: Plugin | None = None
    migrations: Path | None = None
    contributions: Contributions = field(default_factory=Contributions)

    def mark_broken(self, problem: str, fix: str) -> None:
        self.status = "broken"
        self.problem = problem
        self.fix = fix

    @property
    def names(self) -> dict[str, str]:
        """The plugin's name by language code, English (``name``) included."""
        return {"en": self.name, **(self.plugin.names if self.plugin else {})}

    @property
    def descriptions(self) -> dict[str, str]:
        """The plugin's description by language code, English (``description``) included."""
        return {"en": self.description, **(self.plugin.descriptions if self.plugin else {})}

    @property
    def reason(self) -> str:
        """One line naming the plugin, the problem and the fix (empty when ok)."""
        if self.status == "broken":
            return (
                f"plugin {self.id!r} ({self.distribution} {self.version}): "
                f"{self.problem} — fix: {self.fix}"
            )
        if self.status == "disabled":
            return f"plugin {self.id!r} is disabled on this installation"
        return ""


class Registry:
    """Installed plugins in dependency order; queryable at runtime (``app.state.plugins``)."""

    def __init__(self, records: list[PluginRecord]) -> None:
        self.records = records

    def __iter__(self) -> Iterator[PluginRecord]:
        return iter(self.records)

    def get(self, plugin_id: str) -> PluginRecord | None:
        return next((r for r in self.records if r.id == plugin_id), None)

    @property
    def loaded(self) -> list[PluginRecord]:
        return [r for r in self.records if r.status == "ok"]

    @property
    def loaded_ids(self) -> frozenset[str]:
        return frozenset(r.id for r in self.loaded)

    @property
    def broken(self) -> list[PluginRecord]:
        return [r for r in self.records if r.status == "broken"]

    @property
    def permissions(self) -> list[Permission]:
        return [p for r in self.loaded for p in r.contributions.permissions]

    @property
    def problems(self) -> list[type[Problem]]:
        """The problems (error codes) the loaded plugins declared."""
        return [p for r in self.loaded for p in r.contributions.problems]

    @property
    def policies(self) -> PolicySet:
        policies = PolicySet()
        for record in self.loaded:
            for resource_type, policy in record.contributions.policies:
                policies.add(resource_type, policy)
        return policies

    @property
    def migration_dirs(self) -> list[Path]:
        """Version directories of every installed plugin, loaded or not, so that
        ``lasuite db …`` can still walk the history of a broken or disabled one."""
        return [r.migrations for r in self.records if r.migrations is not None]

    def owner_of_table(self, table: str) -> PluginRecord | None:
        return next((r for r in self.records if table.startswith(f"{r.id}_")), None)
