"""The OpenAPI documentation at ``/api/docs``, with Swagger UI served by the app itself.

Swagger UI's files come from the npm package ``swagger-ui-dist`` (5.x reads the
OpenAPI 3.1 documents Litestar writes), copied by the web build into
``static/api-docs``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from litestar import Litestar, Request, Router
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Reference,
    Schema,
)
from litestar.static_files import create_static_files_router

from lasuite.errors import CORE_CODES
from lasuite.identity.csrf import CSRF_COOKIE, CSRF_HEADER
from lasuite.plugin_host.routes import resolved_opt, route_handlers
from lasuite.plugins._contract import API_VERSION
from lasuite.problems import Problem

DOCS_PATH = "/api/docs"
ASSETS = f"{DOCS_PATH}/assets"


# Swagger UI's "Try it out" sends cookie-authenticated requests: unsafe ones must
# echo the CSRF cookie in the header the CSRF middleware checks.
_CSRF_INTERCEPTOR = f"""
                  requestInterceptor: (request) => {{
                    const match = document.cookie.match(/(?:^|; ){CSRF_COOKIE}=([^;]*)/);
                    if (match) request.headers["{CSRF_HEADER}"] = decodeURIComponent(match[1]);
                    return request;
                  }},
                  dom_id:""".encode()


class _SwaggerWithCsrf(SwaggerRenderPlugin):
    """Swagger UI whose requests carry the CSRF header (the app's CSRF middleware is
    its own, so Litestar's ``csrf_config``-based interceptor is never added)."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        page = super().render(request, openapi_schema)
        return page.replace(b"dom_id:", _CSRF_INTERCEPTOR, 1)


def api_docs_config(problems: Iterable[type[Problem]]) -> OpenAPIConfig:
    """Every route of the core and the loaded plugins, browsable without any CDN, and
    every error code they answer with (the ``ErrorCode`` schema)."""
    return OpenAPIConfig(
        title="lasuite",
        version=API_VERSION,
        components=Components(responses={"Error": error_response_doc(problems)}),
        path=DOCS_PATH,
        render_plugins=[
            _SwaggerWithCsrf(
                js_url=f"{ASSETS}/swagger-ui-bundle.js",
                css_url=f"{ASSETS}/swagger-ui.css",
                standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            )
        ],
        openapi_router=Router(path=DOCS_PATH, route_handlers=[], opt={"public": True}),
    )


def error_response_doc(problems: Iterable[type[Problem]]) -> OpenAPIResponse:
    """The shape of every error answer, and each code ``error`` may hold (the core's,
    then the plugins' problems), with its status and English message."""
    codes = [Schema(const=code, description=meaning) for code, meaning in CORE_CODES.items()]
    codes += [
        Schema(const=p.code, description=f"{p.status}: {p.message}")
        for p in sorted(problems, key=lambda p: p.code)
    ]
    body = Schema(
        type=OpenAPIType.OBJECT,
        required=["error", "detail"],
        properties={
            "error": Schema(one_of=codes, description="The stable code a client words itself"),
            "detail": Schema(
                description="The message, or {message, fields?, …facts} a client may word itself"
            ),
        },
    )
    return OpenAPIResponse(
        description="Every error answer of the API: {error, detail}",
        content={"application/json": OpenAPIMediaType(schema=body)},
    )


def api_docs_assets(shell_dir: Path) -> Router:
    """Swagger UI's files, copied into ``<shell_dir>/api-docs`` by the web build."""
    return create_static_files_router(
        path=ASSETS,
        directories=[shell_dir / "api-docs"],
        opt={"public": True},
        include_in_schema=False,
        cache_control=None,
    )


UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ERROR_REF = Reference(ref="#/components/responses/Error")


def document_errors(app: Litestar) -> None:
    """Each operation of the OpenAPI document lists the error statuses its route may
    answer, every one in the API's one error shape (``Error``): 400 when it reads a body,
    query or path (413 too for a body), 401 and 403 unless public (403 also for a
    request without its CSRF token), 404 on a path naming something, a plugin's route
    (off in the caller's organization) or a public one (a link or feature that is not
    there), 409 on a write (a conflict, a plugin's veto), 429 on a route declaring
    ``rate_limited=True``, and the statuses a route names itself (``errors=(401,)``: a
    public webhook refusing an unsigned call)."""
    for path, handler in route_handlers(app):
        if not isinstance(handler, HTTPRouteHandler):
            continue
        opt = resolved_opt(handler)
        statuses: set[int] = set()
        takes_body = "data" in handler.parsed_fn_signature.parameters
        if takes_body or "{" in path:
            statuses.add(400)
        if takes_body:
            statuses.add(413)
        if opt.get("public") is not True:
            statuses |= {401, 403}
        if handler.http_methods & UNSAFE:
            statuses |= {403, 409}
        if "{" in path or opt.get("plugin") is not None or opt.get("public") is True:
            statuses.add(404)
        if opt.get("rate_limited") is True:
            statuses.add(429)
        statuses.update(opt.get("errors", ()))
        handler.operation_class = _with_errors(frozenset(statuses))


@cache
def _with_errors(statuses: frozenset[int]) -> type[Operation]:
    """An operation whose responses list ``statuses`` (and Litestar's 400, if it added
    one), each as the API's ``Error``."""

    class WithErrors(Operation):
        def __init__(self, **fields: Any) -> None:
            super().__init__(**fields)
            responses = dict(self.responses or {})
            for status in sorted(statuses | ({400} if "400" in responses else set())):
                responses[str(status)] = ERROR_REF
            self.responses = responses

    return WithErrors
