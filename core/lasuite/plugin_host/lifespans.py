"""The plugins' lifespans (``ctx.add_lifespan``): started with each app instance, after
the core's services, stopped before them; what they yield is their handlers' dependency."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from litestar.datastructures import State
from litestar.di import Provide

from lasuite.db.engine import Database
from lasuite.identity.members import MemberActors
from lasuite.jobs.queue import JobQueue
from lasuite.notifications.service import Notifier
from lasuite.plugin_host.registry import Registry
from lasuite.realtime.bus import EventBus
from lasuite.realtime.relay import PluginRelay
from lasuite.state import runtime_of


@dataclass(frozen=True, slots=True)
class Instance:
    """What a lifespan is started with (:class:`lasuite.plugins.InstanceContext`)."""

    database: Database
    events: EventBus
    notifier: Notifier
    jobs: JobQueue
    relay: PluginRelay
    members: MemberActors


class PluginLifespans:
    """The lifespans of the loaded plugins, and what each yielded while the app runs."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._running: dict[tuple[str, str], Any] = {}

    @asynccontextmanager
    async def running(self, services: Callable[[str], Instance]) -> AsyncIterator[None]:
        """Start every lifespan with ``services(plugin_id)``, until the block ends."""
        async with AsyncExitStack() as stack:
            for record in self._registry.loaded:
                for name, start in record.contributions.lifespans.items():
                    value = await stack.enter_async_context(start(services(record.id)))
                    self._running[record.id, name] = value
            try:
                yield
            finally:
                self._running.clear()

    def value(self, plugin_id: str, name: str) -> Any:
        try:
            return self._running[plugin_id, name]
        except KeyError:
            raise RuntimeError(f"the lifespan {plugin_id}.{name} is not running") from None


def lifespan_dependencies(plugin_id: str, names: list[str]) -> dict[str, Provide]:
    """The dependencies of a plugin's routes: what its lifespans yielded."""

    def provider(name: str) -> Provide:
        def provide(state: State) -> Any:
            return runtime_of(state).lifespans.value(plugin_id, name)

        return Provide(provide, sync_to_thread=False)

    return {name: provider(name) for name in names}
