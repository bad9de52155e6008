"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from sqlalchemy import text

from lasuite.db.migrations import applied_revisions
from lasuite.errors import error_response
from lasuite.state import runtime_of


@get("/healthz", public=True, tags=["health"])
async def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@get("/readyz", public=True, tags=["health"])
async def readyz(request: Request[Any, Any, Any]) -> Response[Any]:
    """The database answers and its schema is at the head of every migration branch."""
    runtime = runtime_of(request.app.state)
    try:
        async with runtime.database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            applied = await applied_revisions(connection)
    except Exception as exc:
        return error_response(503, "database_unreachable", f"{type(exc).__name__}: {exc}")
    missing = sorted(runtime.schema.pending_heads(applied))
    if missing:
        return error_response(
            503, "migrations_pending", f"run `lasuite db upgrade` (missing heads: {missing})"
        )
    return Response({"status": "ready"})
