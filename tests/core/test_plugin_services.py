"""A plugin may work with another when it is installed (``uses``, ``ctx.optional``)
without needing it: set up after it, given its service, and left working when the
other is missing or broken."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint

import pytest

from lasuite.plugin_host import loader
from lasuite.plugin_host.loader import load_registry
from lasuite.plugin_host.registry import PluginRecord
from tests.core import services_plugins
from tests.core.services_plugins import RoundStamps, entry_point


@pytest.fixture(autouse=True)
def used() -> Iterator[dict[str, object]]:
    services_plugins.USED.clear()
    yield services_plugins.USED
    services_plugins.USED.clear()


def test_a_plugin_listed_first_gets_the_service_of_one_it_uses(used) -> None:
    registry = load_registry(found=[entry_point("letters"), entry_point("stamps")])

    assert [r.id for r in registry.records] == ["stamps", "letters"]
    assert all(r.status == "ok" for r in registry.records)
    assert isinstance(used["letters"], RoundStamps)


def test_without_the_plugin_it_uses_a_plugin_works_alone(used) -> None:
    registry = load_registry(found=[entry_point("letters")])

    assert registry.get("letters").status == "ok"
    assert used["letters"] is None


def test_a_broken_provider_leaves_its_user_working_without_its_service(used) -> None:
    registry = load_registry(found=[entry_point("letters"), entry_point("stamps", "broken_stamps")])

    assert registry.get("stamps").status == "broken"
    assert registry.get("letters").status == "ok"
    assert used["letters"] is None


def test_a_provider_of_another_version_than_asked_is_left_out(
    used, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = loader._record

    def installed_as_1_0(ep: EntryPoint) -> PluginRecord:
        found = record(ep)  # a test entry point has no distribution, hence no version
        found.version = "1.0"
        return found

    monkeypatch.setattr(loader, "_record", installed_as_1_0)

    registry = load_registry(
        found=[entry_point("letters", "exacting_letters"), entry_point("stamps")]
    )

    assert registry.get("letters").status == "ok"
    assert used["letters"] is None


def test_a_service_taken_from_a_plugin_not_named_breaks_the_taker(used) -> None:
    registry = load_registry(found=[entry_point("stamps"), entry_point("parcels")])

    parcels = registry.get("parcels")
    assert parcels.status == "broken"
    assert "uses Stamps from 'stamps' without naming it" in parcels.problem
    assert parcels.fix == "add 'stamps' to the plugin's 'uses'"
    assert "parcels" not in used
