"""The test kit loads only the plugins a plugin's tests name (``lasuite_plugins``)."""

from __future__ import annotations

from lasuite.testing.pytest_plugin import registry_of


def test_the_kit_loads_the_plugins_named_and_those_they_depend_on() -> None:
    everything = registry_of([])
    named = registry_of(["docs"])
    docs = everything.get("docs")

    assert docs is not None
    assert named.loaded_ids == {"docs", *docs.depends}
    assert everything.loaded_ids > named.loaded_ids
