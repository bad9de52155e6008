"""OpenTelemetry traces: with ``LASUITE_OTEL_ENDPOINT`` each request's span reaches the
collector over OTLP/HTTP, named by its route's template; without it, none is made."""

from __future__ import annotations

import uuid

from litestar.testing import AsyncTestClient

from lasuite.app import create_app
from tests.core.otlp_collector import otlp_collector
from tests.core.test_api import middleware_names


async def test_each_request_is_a_span_named_by_its_route(
    lasuite_settings, lasuite_registry, make_member
):
    member = await make_member()
    document = uuid.uuid4()
    with otlp_collector() as collector:
        traced = lasuite_settings.model_copy(
            update={"otel_endpoint": collector.url, "otel_service_name": "ministere-test"}
        )
        async with AsyncTestClient(app=create_app(traced, registry=lasuite_registry)) as client:
            await member.sign_in(client)
            workspace = await client.get("/api/v1/workspace")
            missing = await client.get(f"/api/v1/docs/documents/{document}")
        # The app sends what is left in the batch as it stops.
        spans = {span.name: span for span in collector.spans}

    assert (workspace.status_code, missing.status_code) == (200, 404)
    assert spans["GET /api/v1/workspace"].service == "ministere-test"
    assert spans["GET /api/v1/workspace"].attributes["http.route"] == "/api/v1/workspace"
    assert spans["GET /api/v1/workspace"].attributes["http.status_code"] == 200
    route = "/api/v1/docs/documents/{document_id}"
    assert spans[f"GET {route}"].attributes["http.status_code"] == 404
    assert not [name for name in spans if str(document) in name or "/healthz" in name]


async def test_no_endpoint_no_tracing_middleware(lasuite_app):
    assert not [name for name in middleware_names(lasuite_app) if "OpenTelemetry" in name]
