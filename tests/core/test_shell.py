"""The app serves the workspace shell, its hashed assets and each plugin's static
files, with a strict Content-Security-Policy on its pages."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from lasuite.app import create_app
from lasuite.plugin_host.loader import discover, load_registry
from lasuite.plugin_host.registry import Registry
from lasuite.plugins import PluginContext, PluginError
from lasuite.plugins._context import ServiceDirectory
from tests.e2e.plugins import HELLO, VISITOR

IMPORT_MAP = '{"imports":{"lit":"/static/assets/lit-abc123.js"}}'
SHELL_HTML = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    f'<script type="importmap">{IMPORT_MAP}</script>'
    '<script type="module" src="/static/assets/index-abc123.js"></script>'
    "</head><body><lasuite-app></lasuite-app></body></html>"
)


@pytest.fixture(autouse=True)
def built_shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for ``make web``'s output (index.html and a hashed asset)."""
    shell = tmp_path / "shell"
    (shell / "assets").mkdir(parents=True)
    (shell / "index.html").write_text(SHELL_HTML, encoding="utf-8")
    (shell / "assets" / "index-abc123.js").write_text("export {};\n", encoding="utf-8")
    monkeypatch.setattr("lasuite.shell.SHELL_DIR", shell)
    return shell


@pytest.fixture(scope="module")
def lasuite_registry() -> Registry:
    return load_registry(found=[*discover(), HELLO, VISITOR])


def csp_of(response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize("path", ["/", "/hello", "/profile", "/chat/channels/general"])
async def test_every_workspace_path_gets_the_shell_page(lasuite_client, path):
    response = await lasuite_client.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    assert response.text == SHELL_HTML


async def test_the_page_policy_allows_its_import_map_and_no_other_inline_script(lasuite_client):
    digest = base64.b64encode(hashlib.sha256(IMPORT_MAP.encode()).digest()).decode()

    policy = csp_of(await lasuite_client.get("/"))

    assert policy["script-src"] == f"'self' 'sha256-{digest}'"
    assert policy["default-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["connect-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"


async def test_pages_and_api_answers_carry_the_security_headers(lasuite_client):
    for path in ("/", "/healthz", "/api/v1/auth/me"):
        response = await lasuite_client.get(path)

        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "same-origin", path


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/static/nothing.js", "/healthz/x"])
async def test_unknown_server_paths_stay_a_json_404(lasuite_client, method, path):
    response = await lasuite_client.request(method, path)

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


async def test_a_write_to_a_workspace_path_is_a_404_not_the_page(lasuite_client):
    response = await lasuite_client.post("/profile")

    assert response.status_code == 404


async def test_hashed_assets_are_cached_for_a_year(lasuite_client):
    response = await lasuite_client.get("/static/assets/index-abc123.js")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "max-age=31536000, public, immutable"


async def test_the_api_documentation_keeps_a_policy_of_its_own(lasuite_client):
    response = await lasuite_client.get("/api/docs/swagger")

    policy = csp_of(response)
    assert response.status_code == 200
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"


async def test_the_page_policy_lets_pages_reach_the_origins_plugins_name(
    monkeypatch: pytest.MonkeyPatch, lasuite_settings
):
    # Visio names its video server's, once LiveKit is configured.
    monkeypatch.setenv("LASUITE_LIVEKIT_URL", "http://livekit.internal:7880")
    monkeypatch.setenv("LASUITE_LIVEKIT_PUBLIC_URL", "wss://visio.ministere.test")
    monkeypatch.setenv("LASUITE_LIVEKIT_API_KEY", "key")
    monkeypatch.setenv("LASUITE_LIVEKIT_API_SECRET", "a-secret-long-enough-for-livekit-tokens")
    app = create_app(lasuite_settings, registry=load_registry())
    async with AsyncTestClient(app) as client:
        policy = csp_of(await client.get("/"))

    assert policy["connect-src"] == "'self' wss://visio.ministere.test https://visio.ministere.test"


def test_a_connection_allowed_to_something_else_than_an_origin_is_refused() -> None:
    ctx = PluginContext("probe", frozenset(), ServiceDirectory())

    with pytest.raises(PluginError, match="is not an origin"):
        ctx.allow_connections("wss://media.example/rtc")


async def test_without_a_build_the_page_says_how_to_build_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lasuite_settings, lasuite_registry
):
    monkeypatch.setattr("lasuite.shell.SHELL_DIR", tmp_path / "never-built")
    app = create_app(lasuite_settings, registry=lasuite_registry)
    async with AsyncTestClient(app) as client:
        response = await client.get("/")

    assert response.status_code == 503
    assert "make web" in response.text


async def test_a_plugin_module_is_served_to_organizations_that_enabled_it(
    lasuite_client, make_member
):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)

    response = await lasuite_client.get("/static/plugins/hello/hello.js")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache, private"
    assert 'customElements.define("hello-widget"' in response.text


async def test_a_plugin_module_is_never_sent_to_an_organization_without_the_plugin(
    lasuite_client, make_member
):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)
    switched = await lasuite_client.put(
        "/api/v1/orgs/current/plugins/hello", json={"enabled": False}
    )

    response = await lasuite_client.get("/static/plugins/hello/hello.js")

    assert switched.status_code == 200, switched.text
    assert response.status_code == 404


async def test_a_plugin_module_needs_a_session(lasuite_client):
    response = await lasuite_client.get("/static/plugins/hello/hello.js")

    assert response.status_code == 401


async def test_a_page_for_visitors_is_listed_and_its_module_served_without_a_session(
    lasuite_client,
):
    pages = await lasuite_client.get("/api/v1/public-pages")
    module = await lasuite_client.get("/static/plugins/visitor/visitor.js")

    assert {
        "plugin": "visitor",
        "element": "visitor-page",
        "module": "/static/plugins/visitor/visitor.js",
    } in pages.json()
    assert all(page["plugin"] != "hello" for page in pages.json())
    assert module.status_code == 200
    assert 'customElements.define("visitor-page"' in module.text


async def test_the_sign_in_page_learns_which_methods_are_offered(lasuite_client):
    response = await lasuite_client.get("/api/v1/auth/providers")

    assert response.status_code == 200
    assert response.json() == {"local": True, "oidc": False}
