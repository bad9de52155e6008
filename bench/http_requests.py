"""HTTP: requests per second and latency of authenticated GETs, by a session cookie
and by an API token, with K concurrent keep-alive clients, on SQLite and PostgreSQL.

Each request loads the caller (``lasuite.identity.actors``) before its handler
runs: ``/api/v1/workspace`` does nothing else with the database, so it measures
that hot path; ``/api/v1/chat/channels`` adds a plugin's query (10 channels).
"""

from __future__ import annotations

from bench.loadgen import get_load
from bench.served import Served, backends, served_app
from bench.sizes import Size
from bench.tables import Table, percentile

ENDPOINTS = ("/api/v1/workspace", "/api/v1/chat/channels")
CHANNELS = 10


def _plan(size: Size) -> tuple[int, tuple[int, ...], int]:
    """(requests per row, concurrencies, warm-up requests)."""
    return (10, (2,), 2) if size == "tiny" else (2000, (1, 16), 100)


async def run(
    size: Size = "full", database: str = "all", endpoints: tuple[str, ...] = ENDPOINTS
) -> Table:
    requests, concurrencies, warmup = _plan(size)
    table = Table(
        "HTTP: authenticated GET",
        [
            "database",
            "endpoint",
            "auth",
            "clients",
            "requests",
            "req/s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "server CPU ms/req",
        ],
    )
    table.notes.append(
        "One app process (uvicorn, uvloop, httptools, no access log) and the load generator "
        "(`bench/loadgen.py`, keep-alive connections) share the machine's 2 cores."
    )
    for backend in backends(database):
        async with served_app(backend) as app:
            if "/api/v1/chat/channels" in endpoints:
                await _create_channels(app)
            for endpoint in endpoints:
                for auth, headers in _auths(app).items():
                    for clients in concurrencies:
                        url = app.base_url + endpoint
                        await get_load(url, headers=headers, requests=warmup, concurrency=clients)
                        cpu = app.server_cpu()
                        load = await get_load(
                            url, headers=headers, requests=requests, concurrency=clients
                        )
                        cpu = app.server_cpu() - cpu
                        if set(load.statuses) != {200}:
                            raise RuntimeError(f"{endpoint} answered {load.statuses}")
                        table.add(
                            backend,
                            endpoint,
                            auth,
                            clients,
                            len(load.latencies),
                            load.rate,
                            *(percentile(load.latencies, q) * 1000 for q in (0.5, 0.95, 0.99)),
                            cpu * 1000 / len(load.latencies),
                        )
    return table


def _auths(app: Served) -> dict[str, dict[str, str]]:
    return {
        "session": {"Cookie": app.session_cookie},
        "token": {"Authorization": f"Bearer {app.token}"},
    }


async def _create_channels(app: Served) -> None:
    for number in range(CHANNELS):
        response = await app.client.post(
            "/api/v1/chat/channels", json={"name": f"channel-{number}"}
        )
        response.raise_for_status()
