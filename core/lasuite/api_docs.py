"""The OpenAPI documentation at ``/api/docs``, with Swagger UI served by the app itself."""

from __future__ import annotations

from litestar import Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router
from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]

from lasuite.plugins.contract import API_VERSION

DOCS_PATH = "/api/docs"
ASSETS = f"{DOCS_PATH}/assets"


def api_docs_config() -> OpenAPIConfig:
    """Every route of the core and the loaded plugins, browsable without any CDN."""
    return OpenAPIConfig(
        title="lasuite",
        version=API_VERSION,
        path=DOCS_PATH,
        render_plugins=[
            SwaggerRenderPlugin(
                js_url=f"{ASSETS}/swagger-ui-bundle.js",
                css_url=f"{ASSETS}/swagger-ui.css",
                standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            )
        ],
        openapi_router=Router(path=DOCS_PATH, route_handlers=[], opt={"public": True}),
    )


def api_docs_assets() -> Router:
    return create_static_files_router(
        path=ASSETS,
        directories=[swagger_ui_path],
        opt={"public": True},
        include_in_schema=False,
        cache_control=None,
    )
