"""What one app instance runs on: its settings, database, plugins and services.

:func:`build_runtime` makes a :class:`Runtime` from settings and the loaded
plugins; :func:`lasuite.app.create_app` serves one. The app reads its runtime
from ``app.state`` only, never from objects captured when its routes were
registered, so one route tree can serve a fresh runtime (the test kit binds a
new one, on a new database, for every test: see :func:`bind_runtime`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from litestar import Litestar
from litestar.datastructures import State
from litestar.stores.registry import StoreRegistry

from lasuite.db.engine import Database
from lasuite.db.migrations import SchemaState, alembic_config
from lasuite.identity.members import MemberActors
from lasuite.identity.oidc import configured_provider
from lasuite.jobs.broker import make_broker
from lasuite.jobs.queue import JobQueue
from lasuite.jobs.runtime import JobRuntime
from lasuite.notifications.service import Notifier
from lasuite.permissions.catalogue import CORE_PERMISSIONS, PermissionCatalogue
from lasuite.permissions.policy import PolicySet
from lasuite.plugin_host.lifespans import Instance, PluginLifespans
from lasuite.plugin_host.registry import Registry
from lasuite.realtime.runtime import Realtime
from lasuite.settings import Settings
from lasuite.storage.store import FileStore, open_store
from lasuite.stores import AppStores, build_stores

if TYPE_CHECKING:
    from lasuite.identity.oidc_client import OIDCProvider


@dataclass(frozen=True, slots=True)
class Runtime:
    """The services of one app instance, built before the app (see :func:`build_runtime`)."""

    settings: Settings
    registry: Registry
    database: Database
    permissions: PermissionCatalogue
    policies: PolicySet
    """The plugins' resource policies, which every actor carries."""
    schema: SchemaState
    file_store: FileStore
    jobs: JobRuntime
    realtime: Realtime
    notifier: Notifier
    stores: AppStores
    oidc: OIDCProvider | None
    lifespans: PluginLifespans
    """None when OIDC sign-in is off."""

    def state(self) -> State:
        """The app's ``state``: where routes, guards and dependencies find the runtime."""
        return State({"runtime": self})

    @asynccontextmanager
    async def serving(self, app: Litestar) -> AsyncIterator[None]:
        """Start what runs beside the app (realtime, the embedded worker) and stop it all,
        closing the database, file store and stores last."""
        async with AsyncExitStack() as stack:
            stack.push_async_callback(self.stores.close)
            stack.push_async_callback(self.file_store.close)
            stack.push_async_callback(self.database.dispose)
            stack.push_async_callback(self.jobs.on_shutdown)
            stack.push_async_callback(self.notifier.drain)
            await stack.enter_async_context(self.realtime.lifespan(app))
            await self.notifier.on_startup()
            await self.realtime.bus.on_startup()
            await self.jobs.on_startup()
            await stack.enter_async_context(self.lifespans.running(self._instance))
            yield

    def _instance(self, plugin_id: str) -> Instance:
        """What a plugin's lifespan is started with."""
        return Instance(
            database=self.database,
            events=self.realtime.bus,
            notifier=self.notifier,
            jobs=self.jobs.queue,
            relay=self.realtime.relay.for_plugin(plugin_id),
            members=MemberActors(self),
        )


def build_runtime(settings: Settings, registry: Registry) -> Runtime:
    """Every service of one app instance, configured by ``settings``; nothing started."""
    database = Database(settings.database)
    queue = JobQueue(make_broker(settings.broker_url), database)
    realtime = Realtime(settings, registry, database, queue=queue)
    jobs = JobRuntime(settings, registry, database, queue=queue, events=realtime.bus)
    return Runtime(
        settings=settings,
        registry=registry,
        database=database,
        permissions=PermissionCatalogue([*CORE_PERMISSIONS, *registry.permissions]),
        policies=registry.policies,
        schema=SchemaState(alembic_config(settings.database, registry)),
        file_store=open_store(settings),
        jobs=jobs,
        realtime=realtime,
        notifier=realtime.notifier,
        stores=build_stores(settings),
        oidc=configured_provider(settings),
        lifespans=PluginLifespans(registry),
    )


def bind_runtime(app: Litestar, runtime: Runtime) -> Litestar:
    """Make ``app`` serve ``runtime`` from its next start on; the app must not be running.

    Only what the route tree was built with stays: the plugins' routes, and the
    request limits, cookie security and CSRF secret of :func:`app_shape`.
    """
    app.state = runtime.state()
    app.stores = StoreRegistry(runtime.stores.stores)
    return app


def app_shape(settings: Settings, registry: Registry) -> tuple[object, ...]:
    """What an app's route tree is built with, besides its runtime: two runtimes of the
    same shape can be served by one route tree (:func:`bind_runtime`)."""
    return (
        id(registry),
        settings.base_url.startswith("https://"),
        settings.session_secret(),
        settings.max_body_bytes,
        settings.debug,
        bool(settings.metrics_token.get_secret_value()),
    )
