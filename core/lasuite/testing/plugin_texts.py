"""A check that a plugin gives the workspace its texts in each language: its name and
description, its permissions' descriptions and its settings' titles and descriptions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lasuite.plugin_host.registry import PluginRecord


def check_plugin_texts(record: PluginRecord, *, languages: Iterable[str] = ("fr",)) -> None:
    """Fail, naming each, on a text of the plugin ``record`` (``lasuite_registry.get(id)``)
    missing in one of ``languages``, or a description there left in English. Example::

        def test_the_plugin_speaks_french(lasuite_registry):
            check_plugin_texts(lasuite_registry.get("hello"))
    """
    plugin = record.plugin
    assert plugin is not None, f"plugin {record.id!r} did not load: {record.reason}"
    contributions = record.contributions
    problems: list[str] = []
    for language in languages:
        if language not in plugin.names:
            problems.append(f"{language}: no name (Plugin.names)")
        if plugin.description:
            problems += _described(
                language,
                "the plugin (Plugin.descriptions)",
                plugin.description,
                plugin.descriptions.get(language),
            )
        for permission in contributions.permissions:
            problems += _described(
                language,
                f"permission {permission.name}",
                permission.description,
                permission.descriptions.get(language),
            )
        if contributions.settings is not None:
            schema = contributions.settings.model_json_schema()
            for key, field in schema.get("properties", {}).items():
                problems += _setting(language, key, field)
    assert not problems, f"plugin {record.id!r}:\n" + "\n".join(problems)


def _described(language: str, what: str, english: str, text: str | None) -> list[str]:
    if not text:
        return [f"{language}: no description of {what}"]
    if text == english:
        return [f"{language}: the description of {what} is the English one"]
    return []


def _setting(language: str, key: str, field: dict[str, Any]) -> list[str]:
    texts = field.get("x-i18n", {}).get(language, {})
    problems = []
    if not texts.get("title"):
        problems.append(f"{language}: no title of the setting {key} (x-i18n)")
    if field.get("description"):
        problems += _described(
            language, f"the setting {key} (x-i18n)", field["description"], texts.get("description")
        )
    return problems
