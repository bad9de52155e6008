"""The application factory: ``create_app(settings)`` builds one app instance."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from litestar import Litestar, Request, Router
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import Provide
from litestar.enums import ScopeType
from litestar.types import ControllerRouterHandler, Scope
from sqlalchemy.ext.asyncio import AsyncSession

import lasuite.db.tables  # noqa: F401  (every core table on the metadata)
from lasuite import plugins
from lasuite.api_docs import api_docs_assets, api_docs_config, document_errors
from lasuite.audit.plugin_trail import CallerAuditTrail, declared_actions
from lasuite.audit.routes import list_audit, list_audit_categories
from lasuite.errors import EXCEPTION_HANDLERS
from lasuite.health import healthz, readyz
from lasuite.identity.actors import current_actor
from lasuite.identity.csrf import SAFE_METHODS, csrf_middleware
from lasuite.identity.login_attempts import client_ip
from lasuite.identity.members import MemberActors
from lasuite.identity.oidc_routes import oidc_router
from lasuite.identity.password_routes import password_router
from lasuite.identity.providers import sign_in_providers
from lasuite.identity.routes import auth_router
from lasuite.identity.sessions import session_middleware
from lasuite.identity.token_routes import tokens_router
from lasuite.jobs.routes import get_job, org_jobs_router
from lasuite.json_shape import json_shape_middleware
from lasuite.metrics import metrics, metrics_middleware
from lasuite.notifications.routes import notifications_router
from lasuite.permissions.actor import Actor
from lasuite.permissions.guard import authorize_route
from lasuite.permissions.routes import grants_router
from lasuite.plugin_host.admin_routes import org_plugins_router
from lasuite.plugin_host.listing import list_plugins
from lasuite.plugin_host.loader import load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.plugin_host.routes import plugin_router, with_current_options
from lasuite.realtime.routes import list_presence
from lasuite.realtime.socket import app_socket
from lasuite.request_ids import request_id_middleware
from lasuite.runtime import Runtime, build_runtime
from lasuite.search.routes import search_workspace
from lasuite.security_headers import add_security_headers
from lasuite.settings import Settings
from lasuite.shell import SHELL_DIR, shell_routes
from lasuite.state import runtime_of
from lasuite.storage.files import provide_files
from lasuite.storage.routes import download_file
from lasuite.strict_bodies import check_body_strictly
from lasuite.tenancy.routes import TENANCY_ROUTES
from lasuite.tracing import flushing_traces, name_span_by_route, tracing_middleware
from lasuite.workspace import public_pages, workspace


class BrokenPlugins(Exception):
    """Plugins that stop the app from starting; ``str()`` has one line per plugin."""

    def __init__(self, registry: Registry) -> None:
        super().__init__("\n".join(r.reason for r in registry.broken))


async def provide_db(state: State, scope: Scope) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed before the response is sent: a read
    transaction for the methods that change nothing and for websockets (on SQLite,
    they never wait for the one writer), a write transaction for the others."""
    database = runtime_of(state).database
    reads = scope["type"] == ScopeType.WEBSOCKET or scope["method"] in SAFE_METHODS
    async with database.reading() if reads else database.transaction() as session:
        yield session


async def provide_actor(scope: Scope) -> Actor:
    """The ``actor`` dependency, of a request or a websocket."""
    actor = await current_actor(ASGIConnection(scope))
    if actor is None:  # the guard has already refused anonymous callers of such routes
        raise RuntimeError("the actor dependency needs a route with a permission")
    return actor


async def provide_caller(scope: Scope) -> Actor | None:
    """The ``caller`` dependency of public routes: the actor, or None when anonymous."""
    return await current_actor(ASGIConnection(scope))


def create_app(settings: Settings | None = None, *, registry: Registry | None = None) -> Litestar:
    """Build an app instance from ``settings`` and the installed plugins.

    Raises :class:`BrokenPlugins` when a plugin fails the contract.
    """
    settings = settings or Settings()
    registry = registry if registry is not None else load_registry(settings.disabled_plugins)
    if registry.broken:
        raise BrokenPlugins(registry)
    return serve_runtime(build_runtime(settings, registry))


def serve_runtime(runtime: Runtime) -> Litestar:
    """The app serving ``runtime``: its route tree, built from the runtime's plugins and
    :func:`~lasuite.runtime.app_shape`, reads everything else from ``app.state``."""
    settings, registry = runtime.settings, runtime.registry
    https = settings.base_url.startswith("https://")
    plugin_routers = [
        plugin_router(r.id, r.contributions.routes, list(r.contributions.lifespans))
        for r in registry.loaded
        if r.contributions.routes
    ]
    handlers: list[ControllerRouterHandler] = [
        healthz,
        readyz,
        metrics,
        api_docs_assets(SHELL_DIR),
        auth_router,
        password_router,
        oidc_router,
        tokens_router,
        list_plugins,
        org_plugins_router,
        grants_router,
        list_audit,
        list_audit_categories,
        get_job,
        org_jobs_router,
        notifications_router,
        search_workspace,
        workspace,
        public_pages,
        download_file,
        app_socket,
        list_presence,
        *TENANCY_ROUTES,
        *plugin_routers,
        sign_in_providers,
        *shell_routes(registry),
    ]
    app = Litestar(
        route_handlers=[with_current_options(h) if isinstance(h, Router) else h for h in handlers],
        dependencies={
            "db": Provide(provide_db),
            "actor": Provide(provide_actor),
            "caller": Provide(provide_caller),
            "files": Provide(provide_files),
            "jobs": Provide(provide_job_queue, sync_to_thread=False),
            "events": Provide(provide_events, sync_to_thread=False),
            "presence": Provide(provide_presence, sync_to_thread=False),
            "notifier": Provide(provide_notifier, sync_to_thread=False),
            "members": Provide(provide_members, sync_to_thread=False),
            "audit": Provide(provide_audit, sync_to_thread=False),
        },
        signature_types=[
            Actor,
            AsyncSession,
            plugins.PluginFiles,
            plugins.JobQueue,
            plugins.EventBus,
            plugins.Notifier,
            plugins.OnlineUsers,
            plugins.MemberDirectory,
            plugins.AuditTrail,
        ],
        guards=[authorize_route, check_body_strictly],
        middleware=[
            request_id_middleware,
            *metrics_middleware(settings),
            *tracing_middleware(settings),
            json_shape_middleware(settings.max_body_bytes),
            csrf_middleware(secret=settings.session_secret().decode(), secure=https),
            session_middleware(secure=https),
        ],
        stores=runtime.stores.stores,
        exception_handlers=EXCEPTION_HANDLERS,
        request_max_body_size=settings.max_body_bytes,
        openapi_config=api_docs_config(registry.problems),
        state=runtime.state(),
        lifespan=[flushing_traces, serve_bound_runtime],
        before_send=[
            add_security_headers,
            *([name_span_by_route] if settings.otel_endpoint else []),
        ],
        debug=settings.debug,
    )
    document_errors(app)
    return app


@asynccontextmanager
async def serve_bound_runtime(app: Litestar) -> AsyncIterator[None]:
    async with runtime_of(app.state).serving(app):
        yield


def provide_events(state: State) -> plugins.EventBus:
    return runtime_of(state).realtime.bus


def provide_presence(state: State) -> plugins.OnlineUsers:
    return runtime_of(state).realtime.online


def provide_notifier(state: State) -> plugins.Notifier:
    return runtime_of(state).notifier


def provide_members(state: State) -> plugins.MemberDirectory:
    return MemberActors(runtime_of(state))


def provide_audit(
    request: Request[Any, Any, State], actor: plugins.CurrentActor
) -> plugins.AuditTrail:
    return CallerAuditTrail(
        actor.organization_id,
        actor.user_id,
        client_ip(request),
        declared_actions(runtime_of(request.app.state).registry),
    )


def provide_job_queue(state: State) -> plugins.JobQueue:
    return runtime_of(state).jobs.queue
