"""A plugin whose UI module throws as it loads, and whose page module is missing."""

from __future__ import annotations

from lasuite.plugins import Fragment, Plugin, PluginContext


def setup(ctx: PluginContext) -> None:
    ctx.add_fragments(
        Fragment(slot="nav", element="broken-nav", module="broken.js"),
        Fragment(slot="home.widget", element="broken-widget", module="broken.js"),
        Fragment(slot="app", element="broken-page", module="missing.js"),
    )


plugin = Plugin(
    id="broken",
    name="En panne",
    description="A test plugin whose module fails.",
    requires_api=">=1.0,<2",
    setup=setup,
)
