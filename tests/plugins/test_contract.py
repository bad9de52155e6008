"""The first-party plugins pass the contract checks the test kit offers every plugin."""

from __future__ import annotations

from lasuite.testing import PluginContract


class TestChat(PluginContract):
    plugin_id = "chat"


class TestDocs(PluginContract):
    plugin_id = "docs"


class TestVisio(PluginContract):
    plugin_id = "visio"
