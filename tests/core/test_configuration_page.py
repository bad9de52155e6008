"""The configuration page's table follows ``Settings``, so the two cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lasuite.settings import Settings

CONFIGURATION_PAGE = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
TABLE_ROW = re.compile(r"^\| `(LASUITE_[A-Z0-9_]+)` \|(.*)$", re.MULTILINE)
SETTINGS = sorted(Settings.model_fields)


def configuration_table() -> dict[str, str]:
    """Rows of the configuration page's table: variable -> the rest of its row."""
    return dict(TABLE_ROW.findall(CONFIGURATION_PAGE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", SETTINGS)
def test_every_setting_has_a_description(name: str) -> None:
    description = Settings.model_fields[name].description or ""
    assert description.strip(), f"Settings.{name} needs Field(description=...)"


@pytest.mark.parametrize("name", SETTINGS)
def test_configuration_table_names_every_setting(name: str) -> None:
    assert f"LASUITE_{name.upper()}" in configuration_table()


@pytest.mark.parametrize("name", SETTINGS)
def test_configuration_table_gives_each_setting_its_description(name: str) -> None:
    row = configuration_table().get(f"LASUITE_{name.upper()}", "")
    assert str(Settings.model_fields[name].description) in row


def test_configuration_table_names_no_unknown_setting() -> None:
    known = {f"LASUITE_{name.upper()}" for name in SETTINGS}
    assert set(configuration_table()) - known == set()
