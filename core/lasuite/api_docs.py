"""The OpenAPI documentation at ``/api/docs``, with Swagger UI served by the app itself.

Swagger UI's files come from the npm package ``swagger-ui-dist`` (5.x reads the
OpenAPI 3.1 documents Litestar writes), copied by the web build into
``static/api-docs``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from litestar import Request, Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Schema,
)
from litestar.static_files import create_static_files_router

from lasuite.errors import CORE_CODES
from lasuite.identity.csrf import CSRF_COOKIE, CSRF_HEADER
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
