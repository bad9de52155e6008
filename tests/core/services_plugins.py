"""Plugins that offer each other a service: ``stamps`` provides one, ``letters`` uses it
when it is there (``uses``), ``parcels`` takes it without naming its provider."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from typing import Protocol

from lasuite.plugins import Plugin, PluginContext

USED: dict[str, object] = {}
"""What each consumer's ``ctx.optional`` gave during its setup."""


class Stamps(Protocol):
    def stamp(self, letter: str) -> str: ...


class RoundStamps:
    def stamp(self, letter: str) -> str:
        return f"({letter})"


def setup_stamps(ctx: PluginContext) -> None:
    ctx.provide(Stamps, service=RoundStamps())  # type: ignore[type-abstract]


def setup_broken_stamps(ctx: PluginContext) -> None:
    ctx.provide(Stamps, service=RoundStamps())  # type: ignore[type-abstract]
    raise RuntimeError("the stamp machine is out of ink")


def setup_letters(ctx: PluginContext) -> None:
    USED["letters"] = ctx.optional(Stamps)  # type: ignore[type-abstract]


def setup_parcels(ctx: PluginContext) -> None:
    USED["parcels"] = ctx.optional(Stamps)  # type: ignore[type-abstract]


stamps = Plugin(id="stamps", name="Stamps", requires_api=">=1.7,<2", setup=setup_stamps)
broken_stamps = Plugin(
    id="stamps", name="Stamps", requires_api=">=1.7,<2", setup=setup_broken_stamps
)
letters = Plugin(
    id="letters", name="Letters", requires_api=">=1.7,<2", uses={"stamps": ""}, setup=setup_letters
)
exacting_letters = Plugin(
    id="letters",
    name="Letters",
    requires_api=">=1.7,<2",
    uses={"stamps": ">=2.0"},
    setup=setup_letters,
)
parcels = Plugin(id="parcels", name="Parcels", requires_api=">=1.7,<2", setup=setup_parcels)


def entry_point(name: str, attribute: str | None = None) -> EntryPoint:
    return EntryPoint(
        name=name,
        value=f"tests.core.services_plugins:{attribute or name}",
        group="lasuite.plugins",
    )
