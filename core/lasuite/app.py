"""The application factory: ``create_app(settings)`` builds one app instance."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from litestar import Litestar
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware.session.server_side import ServerSideSessionConfig
from litestar.stores.file import FileStore
from sqlalchemy.ext.asyncio import AsyncSession

import lasuite.db.tables  # noqa: F401  (every core table on the metadata)
from lasuite.api_docs import api_docs_assets, api_docs_config
from lasuite.audit.routes import list_audit
from lasuite.db.engine import Database
from lasuite.db.migrations import SchemaState, alembic_config
from lasuite.errors import EXCEPTION_HANDLERS
from lasuite.health import healthz, readyz
from lasuite.identity.actors import current_actor
from lasuite.identity.routes import auth_router
from lasuite.permissions.actor import Actor
from lasuite.permissions.catalogue import CORE_PERMISSIONS, PermissionCatalogue
from lasuite.permissions.guard import authorize_route
from lasuite.permissions.routes import grants_router
from lasuite.plugins.admin_routes import org_plugins_router
from lasuite.plugins.listing import list_plugins
from lasuite.plugins.loader import load_registry
from lasuite.plugins.registry import Registry
from lasuite.plugins.routes import plugin_router
from lasuite.settings import Settings
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
    permissions = PermissionCatalogue([*CORE_PERMISSIONS, *registry.permissions])
    sessions = ServerSideSessionConfig(
        key="lasuite_session",
        store="sessions",
        max_age=14 * 24 * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.base_url.startswith("https://"),
    )
    plugin_routers = [
        plugin_router(r.id, r.contributions.routes)
        for r in registry.loaded
        if r.contributions.routes
    ]
    return Litestar(
        route_handlers=[
            healthz,
            readyz,
            api_docs_assets(),
            auth_router,
            list_plugins,
            org_plugins_router,
            grants_router,
            list_audit,
            workspace,
            *plugin_routers,
        ],
        dependencies={
            "db": Provide(provide_db),
            "actor": Provide(provide_actor),
        },
        signature_types=[Actor, AsyncSession],
        guards=[authorize_route],
        middleware=[sessions.middleware],
        stores={"sessions": FileStore(settings.var_dir / "sessions", create_directories=True)},
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
            }
        ),
        on_shutdown=[database.dispose],
        debug=settings.debug,
    )
