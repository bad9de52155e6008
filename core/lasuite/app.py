"""The application factory: ``create_app(settings)`` builds one app instance."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import Provide
from sqlalchemy.ext.asyncio import AsyncSession

import lasuite.db.tables  # noqa: F401  (every core table on the metadata)
from lasuite.api_docs import api_docs_assets, api_docs_config
from lasuite.audit.routes import list_audit
from lasuite.db.engine import Database
from lasuite.db.migrations import SchemaState, alembic_config
from lasuite.errors import EXCEPTION_HANDLERS
from lasuite.health import healthz, readyz
from lasuite.identity.actors import current_actor
from lasuite.identity.csrf import csrf_middleware
from lasuite.identity.oidc_routes import oidc_router
from lasuite.identity.providers import sign_in_providers
from lasuite.identity.routes import auth_router
from lasuite.identity.sessions import session_middleware
from lasuite.identity.token_routes import tokens_router
from lasuite.jobs.queue import JobQueue
from lasuite.jobs.routes import get_job, org_jobs_router
from lasuite.jobs.runtime import JobRuntime, provide_job_queue
from lasuite.notifications.routes import notifications_router
from lasuite.notifications.service import Notifier
from lasuite.permissions.actor import Actor
from lasuite.permissions.catalogue import CORE_PERMISSIONS, PermissionCatalogue
from lasuite.permissions.guard import authorize_route
from lasuite.permissions.routes import grants_router
from lasuite.plugins.admin_routes import org_plugins_router
from lasuite.plugins.listing import list_plugins
from lasuite.plugins.loader import load_registry
from lasuite.plugins.registry import Registry
from lasuite.plugins.routes import plugin_router
from lasuite.realtime.bus import EventBus
from lasuite.realtime.online import OnlineUsers
from lasuite.realtime.runtime import Realtime
from lasuite.search.routes import search_workspace
from lasuite.security_headers import add_security_headers
from lasuite.settings import Settings
from lasuite.shell import SHELL_DIR, shell_routes
from lasuite.storage.files import PluginFiles, provide_files
from lasuite.storage.routes import download_file
from lasuite.storage.store import open_store
from lasuite.stores import build_stores
from lasuite.tenancy.routes import TENANCY_ROUTES
from lasuite.workspace import workspace


class BrokenPlugins(Exception):
    """Plugins that stop the app from starting; ``str()`` has one line per plugin."""

    def __init__(self, registry: Registry) -> None:
        super().__init__("\n".join(r.reason for r in registry.broken))


async def provide_db(state: State) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed before the response is sent."""
    async with state.database.transaction() as session:
        yield session


async def provide_actor(request: ASGIConnection[Any, Any, Any, Any]) -> Actor:
    actor = await current_actor(request)
    if actor is None:  # the guard has already refused anonymous callers of such routes
        raise RuntimeError("the actor dependency needs a route with a permission")
    return actor


def create_app(settings: Settings | None = None, *, registry: Registry | None = None) -> Litestar:
    """Build an app instance from ``settings`` and the installed plugins.

    Raises :class:`BrokenPlugins` when a plugin fails the contract.
    """
    settings = settings or Settings()
    registry = registry if registry is not None else load_registry(settings.disabled_plugins)
    if registry.broken:
        raise BrokenPlugins(registry)
    database = Database(settings.database)
    file_store = open_store(settings)
    jobs = JobRuntime(settings, registry, database)
    realtime = Realtime(settings, registry, database)
    notifier = Notifier(
        {k.name: k for r in registry.loaded for k in r.contributions.notification_kinds},
        realtime.fanout,
        jobs.queue,
        database,
    )
    realtime.bus.notifier = notifier
    jobs.runner.notifier = notifier
    permissions = PermissionCatalogue([*CORE_PERMISSIONS, *registry.permissions])
    stores = build_stores(settings)
    https = settings.base_url.startswith("https://")
    plugin_routers = [
        plugin_router(r.id, r.contributions.routes)
        for r in registry.loaded
        if r.contributions.routes
    ]
    return Litestar(
        route_handlers=[
            healthz,
            readyz,
            api_docs_assets(SHELL_DIR),
            auth_router,
            oidc_router,
            tokens_router,
            list_plugins,
            org_plugins_router,
            grants_router,
            list_audit,
            get_job,
            org_jobs_router,
            notifications_router,
            search_workspace,
            workspace,
            download_file,
            *realtime.route_handlers,
            *TENANCY_ROUTES,
            *plugin_routers,
            sign_in_providers,
            *shell_routes(registry),
        ],
        dependencies={
            "db": Provide(provide_db),
            "actor": Provide(provide_actor),
            "files": Provide(provide_files),
            "jobs": Provide(provide_job_queue, sync_to_thread=False),
            "events": Provide(realtime.provide_events, sync_to_thread=False),
            "presence": Provide(realtime.provide_presence, sync_to_thread=False),
            "notifier": Provide(lambda: notifier, sync_to_thread=False),
        },
        signature_types=[
            Actor,
            AsyncSession,
            PluginFiles,
            JobQueue,
            EventBus,
            Notifier,
            OnlineUsers,
        ],
        guards=[authorize_route],
        middleware=[
            session_middleware(secure=https),
            csrf_middleware(secret=settings.session_secret().decode(), secure=https),
        ],
        stores=stores.stores,
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=settings.max_body_bytes,
        openapi_config=api_docs_config(),
        state=State(
            {
                "settings": settings,
                "database": database,
                "registry": registry,
                "permissions": permissions,
                "policies": registry.policies,
                "schema": SchemaState(alembic_config(settings.database, registry)),
                "file_store": file_store,
                "jobs": jobs,
                "realtime": realtime,
                "notifier": notifier,
            }
        ),
        on_startup=[notifier.on_startup, jobs.on_startup],
        lifespan=[realtime.lifespan],
        on_shutdown=[
            notifier.drain,
            jobs.on_shutdown,
            database.dispose,
            file_store.close,
            stores.close,
        ],
        before_send=[add_security_headers],
        debug=settings.debug,
    )
