"""The workspace shell: its single page for every non-API path, its built assets,
and each plugin's static files.

``web/`` builds the shell into ``lasuite/static`` (``make web``): ``index.html``
and content-hashed files under ``assets/``. The page carries an inline import map
(so that plugin modules share the shell's Lit and API client); its sha256 goes
into the page's Content-Security-Policy, which allows no other inline script.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from litestar import MediaType, Request, Response, Router, route
from litestar.datastructures import CacheControlHeader
from litestar.exceptions import NotFoundException
from litestar.handlers import HTTPRouteHandler
from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from lasuite.plugin_host.registry import Registry
from lasuite.plugins._contract import PUBLIC_PAGE
from lasuite.security_headers import CSP_HEADER, content_security_policy

SHELL_DIR = Path(__file__).parent / "static"
"""Where ``make web`` puts the built shell."""

STATIC_PATH = "/static"
PLUGIN_STATIC_PATH = f"{STATIC_PATH}/plugins"

# Paths the shell's page never answers: the API, assets, probes.
SERVER_PATHS = re.compile(r"^/(api|static|healthz|readyz)(/|$)")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)

IMMUTABLE = CacheControlHeader(public=True, max_age=365 * 24 * 3600, immutable=True)
REVALIDATE = CacheControlHeader(no_cache=True)
# A plugin's files are served to the organizations that enabled it only.
PRIVATE_REVALIDATE = CacheControlHeader(private=True, no_cache=True)

NOT_BUILT = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>lasuite</title></head>
<body><h1>The workspace is not built</h1>
<p>Build the web assets with <code>make web</code> (or start with <code>make run</code>,
which builds them), then reload this page. The API is at <a href="/api/docs">/api/docs</a>.</p>
</body></html>
"""


def script_hashes(html: str) -> list[str]:
    """CSP sources (``'sha256-…'``) allowing exactly the inline scripts of ``html``."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(m.encode()).digest()).decode()}'"
        for m in INLINE_SCRIPT.findall(html)
    ]


@dataclass(slots=True)
class ShellPage:
    """``index.html`` and its CSP, read again whenever a new build replaces it."""

    path: Path
    connect_sources: tuple[str, ...] = ()
    """Origins the loaded plugins' UIs connect to (``ctx.allow_connections``)."""
    _mtime: float = -1.0
    _html: bytes = b""
    _csp: str = ""

    async def load(self) -> tuple[bytes, str] | None:
        """The page and its Content-Security-Policy, or None before the first build."""
        file = anyio.Path(self.path)
        try:
            mtime = (await file.stat()).st_mtime
            if mtime != self._mtime:
                html = await file.read_text(encoding="utf-8")
                self._html = html.encode()
                self._csp = content_security_policy(script_hashes(html), self.connect_sources)
                self._mtime = mtime
        except FileNotFoundError:
            return None
        return self._html, self._csp


def plugin_static_dir(package: str) -> Path | None:
    """``<package>/static``, the directory a plugin ships its UI modules in, if any."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    static = Path(next(iter(spec.submodule_search_locations))) / "static"
    return static if static.is_dir() else None


def _shell_page_handler(page: ShellPage) -> HTTPRouteHandler:
    @route(
        ["/", "/{path:path}"],
        http_method=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
        status_code=200,
        public=True,
        include_in_schema=False,
        name="shell",
    )
    async def shell(request: Request[Any, Any, Any]) -> Response[bytes]:
        """The shell's page for any workspace path; the API's JSON 404 for the rest."""
        if request.method not in {"GET", "HEAD"} or SERVER_PATHS.match(request.url.path):
            raise NotFoundException()
        loaded = await page.load()
        if loaded is None:
            return Response(NOT_BUILT, status_code=503, media_type=MediaType.HTML)
        html, csp = loaded
        return Response(
            html,
            media_type=MediaType.HTML,
            headers={CSP_HEADER: csp, "cache-control": REVALIDATE.to_header()},
        )

    return shell


def _plugin_static_routers(registry: Registry) -> list[Router]:
    # The guard answers 404 to organizations that have not enabled the plugin:
    # a disabled plugin's JavaScript is never sent. A plugin with a page for visitors
    # who are not signed in (slot public.page) serves its files to them too.
    return [
        create_static_files_router(
            path=f"{PLUGIN_STATIC_PATH}/{record.id}",
            directories=[static],
            name=f"plugin-static-{record.id}",
            cache_control=PRIVATE_REVALIDATE,
            opt={"plugin": record.id}
            | (
                {"public": True}
                if any(f.slot == PUBLIC_PAGE for f in record.contributions.fragments)
                else {"permission": "core.workspace.read"}
            ),
            include_in_schema=False,
        )
        for record in registry.loaded
        if (static := plugin_static_dir(record.package)) is not None
    ]


def shell_routes(
    registry: Registry, shell_dir: Path | None = None
) -> list[ControllerRouterHandler]:
    """Route handlers serving the shell and the loaded plugins' static directories."""
    shell_dir = shell_dir or SHELL_DIR
    handlers: list[ControllerRouterHandler] = [
        _shell_page_handler(
            ShellPage(
                shell_dir / "index.html",
                tuple(
                    dict.fromkeys(
                        origin
                        for record in registry.loaded
                        for origin in record.contributions.connect_sources
                    )
                ),
            )
        ),
        *_plugin_static_routers(registry),
    ]
    assets = shell_dir / "assets"
    if assets.is_dir():
        handlers.append(
            create_static_files_router(
                path=f"{STATIC_PATH}/assets",
                directories=[assets],
                name="shell-assets",
                cache_control=IMMUTABLE,
                opt={"public": True},
                include_in_schema=False,
            )
        )
    return handlers
