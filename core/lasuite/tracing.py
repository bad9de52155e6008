"""OpenTelemetry traces when ``LASUITE_OTEL_ENDPOINT`` is set: a span per HTTP request
(named by its route template and method: ``GET /api/v1/docs/documents/{document_id}``)
and per websocket, sent in batches over OTLP/HTTP to ``<endpoint>/v1/traces`` as the
service ``LASUITE_OTEL_SERVICE_NAME``. Off (and opentelemetry not imported) otherwise.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from litestar import Litestar

from lasuite.metrics import UNMEASURED
from lasuite.state import runtime_of

if TYPE_CHECKING:
    from litestar.middleware import DefineMiddleware
    from litestar.types import Message, Scope
    from opentelemetry.sdk.trace import TracerProvider

    from lasuite.settings import Settings


@cache
def tracer_provider(endpoint: str, service_name: str) -> TracerProvider:
    """One provider a process for each endpoint and name, exporting in batches."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: service_name}))
    exporter = OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces")
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def _first_name(scope: Scope) -> tuple[str, dict[str, Any]]:
    """The span's name until the route is known (the middleware starts the span before
    the router has set the scope's template): the method alone, never the path (ids
    would make every span name new)."""
    return str(scope.get("method") or "WEBSOCKET"), {}


async def name_span_by_route(message: Message, scope: Scope) -> None:
    """Once the answer starts, name the request's span by its route's template and
    method (``GET /api/v1/docs/documents/{document_id}``)."""
    if message["type"] not in {"http.response.start", "websocket.accept"}:
        return
    from opentelemetry import trace

    span = trace.get_current_span()
    template = scope.get("path_template")
    if template and span.is_recording():
        span.update_name(f"{_first_name(scope)[0]} {template}")
        span.set_attribute("http.route", template)


def tracing_middleware(settings: Settings) -> list[DefineMiddleware]:
    """The tracing middleware when an endpoint is set; none otherwise."""
    if not settings.otel_endpoint:
        return []
    from litestar.plugins.opentelemetry import OpenTelemetryConfig

    config = OpenTelemetryConfig(
        tracer_provider=tracer_provider(settings.otel_endpoint, settings.otel_service_name),
        scope_span_details_extractor=_first_name,
        exclude=UNMEASURED,
        exclude_spans=["receive", "send"],  # one span a request, not one per message
    )
    return [config.middleware]


@asynccontextmanager
async def flushing_traces(app: Litestar) -> AsyncIterator[None]:
    """Send the spans still in the batch when the app stops."""
    yield
    settings = runtime_of(app.state).settings
    if settings.otel_endpoint:
        provider = tracer_provider(settings.otel_endpoint, settings.otel_service_name)
        await asyncio.to_thread(provider.force_flush)
