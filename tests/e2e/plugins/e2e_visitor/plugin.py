"""A plugin with a page for visitors who are not signed in (slot ``public.page``)."""

from __future__ import annotations

from lasuite.plugins import Fragment, Plugin, PluginContext


def setup(ctx: PluginContext) -> None:
    ctx.add_fragments(Fragment(slot="public.page", element="visitor-page", module="visitor.js"))


plugin = Plugin(
    id="visitor",
    name="Visitor",
    description="A page anyone may open.",
    requires_api=">=1.4,<2",
    setup=setup,
)
