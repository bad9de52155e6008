"""The API's shared behaviour: probes, errors, sign-in, documentation, route rules."""

from __future__ import annotations

import asyncio
import re

import msgspec
import pytest
from litestar import Litestar, post
from litestar.testing import AsyncTestClient

from lasuite.app import create_app
from lasuite.db.migrations import downgrade
from lasuite.plugin_host.registry import Registry
from lasuite.plugin_host.routes import resolved_opt, route_handlers
from lasuite.plugins import API_VERSION, CurrentActor, DbSession
from lasuite.settings import Settings
from lasuite.state import runtime_of
from lasuite.tenancy.models import Organization


async def test_healthz_answers_without_a_database(lasuite_settings: Settings, lasuite_registry):
    app = create_app(lasuite_settings, registry=lasuite_registry)
    async with AsyncTestClient(app) as client:
        response = await client.get("/healthz")

    assert response.json() == {"status": "ok"}


async def test_without_a_metrics_token_there_are_no_metrics(lasuite_client, lasuite_app):
    response = await lasuite_client.get("/metrics", headers={"Authorization": "Bearer "})

    assert response.status_code == 404
    # Nothing measures requests either.
    assert "PrometheusMiddleware" not in middleware_names(lasuite_app)


def middleware_names(app: Litestar) -> list[str]:
    return [getattr(getattr(m, "middleware", m), "__name__", "") for m in app.middleware]


async def test_readyz_is_ready_once_migrated(lasuite_client: AsyncTestClient[Litestar]):
    response = await lasuite_client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


async def test_readyz_names_pending_migrations(
    lasuite_app: Litestar, lasuite_settings: Settings, lasuite_registry: Registry
):
    await asyncio.to_thread(downgrade, lasuite_settings.database, lasuite_registry, "chat@base")
    async with AsyncTestClient(lasuite_app) as client:
        response = await client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["error"] == "migrations_pending"
    assert "lasuite db upgrade" in response.json()["detail"]


async def test_readyz_reports_an_unreachable_database(tmp_path, lasuite_registry):
    settings = Settings(
        var_dir=tmp_path, database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none"
    )
    async with AsyncTestClient(create_app(settings, registry=lasuite_registry)) as client:
        response = await client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["error"] == "database_unreachable"


async def test_unknown_route_is_a_json_404(lasuite_client):
    response = await lasuite_client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


async def test_protected_route_needs_a_session(lasuite_client):
    response = await lasuite_client.get("/api/v1/auth/me")

    assert response.status_code == 401
    assert response.json() == {"error": "not_authenticated", "detail": "Sign in first."}


async def test_wrong_password_is_refused(lasuite_client, make_member):
    alice = await make_member()

    response = await lasuite_client.post(
        "/api/v1/auth/login", json={"email": alice.email, "password": "wrong"}
    )

    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"


async def test_sign_in_then_out(lasuite_client, make_member):
    alice = await make_member(role="admin")
    await alice.sign_in(lasuite_client)

    me = await lasuite_client.get("/api/v1/auth/me")
    out = await lasuite_client.post("/api/v1/auth/logout")
    after = await lasuite_client.get("/api/v1/auth/me")

    assert me.json()["email"] == alice.email
    assert me.json()["role"] == "admin"
    assert out.status_code == 204
    assert after.status_code == 401


async def test_malformed_json_is_a_400_not_a_500(lasuite_client):
    response = await lasuite_client.post(
        "/api/v1/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


async def test_missing_field_is_invalid_input_naming_the_field(lasuite_client):
    response = await lasuite_client.post("/api/v1/auth/login", json={"email": "a@b.c"})

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "invalid_input"
    assert "password" in str(body["detail"]["fields"]), body


async def test_oversized_body_is_refused(lasuite_client, lasuite_settings: Settings):
    big = b"x" * (lasuite_settings.max_body_bytes + 1)

    response = await lasuite_client.post(
        "/api/v1/auth/login", content=big, headers={"content-type": "application/json"}
    )

    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


async def test_openapi_documents_core_and_every_plugin_route(lasuite_client, lasuite_registry):
    schema = (await lasuite_client.get("/api/docs/openapi.json")).json()

    assert "/api/v1/auth/login" in schema["paths"]
    for record in lasuite_registry.loaded:
        assert any(path.startswith(f"/api/v1/{record.id}/") for path in schema["paths"]), record.id


def test_every_route_declares_a_permission_or_public(lasuite_app: Litestar):
    undeclared = [
        f"{path} {handler.handler_name}"
        for path, handler in route_handlers(lasuite_app)
        if not (
            resolved_opt(handler).get("public") is True or resolved_opt(handler).get("permission")
        )
    ]

    assert undeclared == []


def test_no_parameter_bound_is_silently_ignored(lasuite_app: Litestar):
    """Litestar enforces ``QueryParameter(ge=…, max_length=…)`` on query, path and header
    parameters, but ignores ``msgspec.Meta`` there: a bound written that way is no bound."""
    ignored = [
        f"{path} {handler.handler_name}({name})"
        for path, handler in route_handlers(lasuite_app)
        for name, field in handler.parsed_fn_signature.parameters.items()
        if name != "data" and any(isinstance(m, msgspec.Meta) for m in field.metadata)
    ]

    assert ignored == []


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("put", f"/api/v1/orgs/current/plugins/{'x' * 41}"),
        ("get", f"/api/v1/orgs/current/plugins/{'x' * 41}/settings"),
        ("put", f"/api/v1/orgs/current/roles/{'x' * 17}/permissions/chat.channel.read"),
        ("put", f"/api/v1/orgs/current/roles/member/permissions/{'x' * 121}"),
        ("get", "/api/v1/notifications?limit=201"),
        ("get", "/api/v1/orgs/current/jobs?limit=0"),
    ],
)
async def test_parameters_out_of_bounds_are_a_400(lasuite_client, make_member, method, path):
    owner = await make_member(role="owner")
    await owner.sign_in(lasuite_client)

    response = await lasuite_client.request(method, path, json={"enabled": True})

    assert response.status_code == 400, response.text
    assert response.json()["error"] == "invalid_input"


async def test_the_registry_is_queryable_at_runtime(lasuite_client, make_member, lasuite_registry):
    admin = await make_member(role="admin")
    await admin.sign_in(lasuite_client)

    body = (await lasuite_client.get("/api/v1/plugins")).json()

    assert body["api_version"] == API_VERSION
    assert {p["id"]: p["status"] for p in body["plugins"]} == {
        r.id: r.status for r in lasuite_registry
    }


async def test_members_cannot_read_the_registry(lasuite_client, make_member):
    member = await make_member(role="member")
    await member.sign_in(lasuite_client)

    response = await lasuite_client.get("/api/v1/plugins")

    assert response.status_code == 403


async def test_a_write_refused_at_commit_is_a_conflict_not_an_acknowledgement(
    lasuite_app: Litestar, make_member
):
    """The request's transaction commits before the response: a failed commit is reported."""

    @post("/api/v1/test-race", permission="core.profile.read")
    async def add_twice(db: DbSession, actor: CurrentActor) -> dict[str, bool]:
        db.add_all([Organization(name="a", slug="same"), Organization(name="b", slug="same")])
        return {"saved": True}

    # An app of its own: the test kit lends its apps to other tests, unchanged.
    app = create_app(
        runtime_of(lasuite_app.state).settings, registry=runtime_of(lasuite_app.state).registry
    )
    app.register(add_twice)
    alice = await make_member()
    async with AsyncTestClient(app) as client:
        await alice.sign_in(client)
        response = await client.post("/api/v1/test-race")

    assert response.status_code == 409
    assert response.json()["error"] == "conflict"


async def test_api_docs_page_loads_its_assets_from_the_app_itself(lasuite_client):
    page = await lasuite_client.get("/api/docs/swagger")
    script = await lasuite_client.get("/api/docs/assets/swagger-ui-bundle.js")

    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert page.status_code == 200
    assert "/api/docs/assets/swagger-ui-bundle.js" in assets
    assert [a for a in assets if a.startswith(("http:", "https:", "//"))] == []
    assert script.status_code == 200
